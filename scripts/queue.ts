/**
 * Queue mode: this package in n8n's scale-out set-up, a main process, two workers, Redis
 * and PostgreSQL, against the fake Segment service with scripted faults. Redis and
 * PostgreSQL come from Debian's packages (installed when missing) and run on loopback
 * with their data in a temporary folder; nothing leaves the machine.
 *
 *   npm run test:queue        (about ten minutes; n8n is installed once, as for test:e2e)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FakeMessage, FaultScript } from '../test/support/fakeSegment';
import { seededRandom } from '../test/support/fakeSegment';
import { check, checks, waitFor } from './n8n/checks';
import { credentialsFile, E2E_LOGIN, e2eFakeSegment, importWorkflow, postTrack } from './n8n/e2eFixtures';
import type { N8nHome, N8nProcess } from './n8n/localN8n';
import { ensureN8n, N8N_VERSION, prepareN8nHome, publishWorkflow, runN8nOrThrow, startN8n, startN8nProcess } from './n8n/localN8n';
import type { ExecutionSummary } from './n8n/rest';
import { executionsOf, retryExecution, setUpOwner, signIn } from './n8n/rest';
import { checkWebhookTrigger, E2E_AUTOMATIC_WEBHOOK_ID } from './n8n/webhookChecks';
import { automaticWebhookWorkflow, EXAMPLE_FILES, readExample } from './n8n/workflows';
import { ensureServerPackages, startPostgres, startRedis } from './queue/services';
import { batchOrdersWorkflow, pollingWorkflow, QUEUE_WEBHOOK_IDS, trackOrdersWorkflow } from './queue/workflows';

interface Figure {
	scenario: string;
	events: number;
	acceptedOnce: number;
	duplicatesDropped: number;
	requests: number;
	faults: number;
	executions: string;
	seconds: number;
}

const figures: Figure[] = [];

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

const runOf = (message: FakeMessage) => (message.properties as { run?: string } | undefined)?.run;
const orderOf = (message: FakeMessage) => String((message.properties as { order_id?: string } | undefined)?.order_id);

/** Segment on a bad day, the same way every run: 500s, connections dropped before and after taking the batch, 429 bursts. */
function badDay(seed: number): FaultScript {
	const random = seededRandom(seed);
	return ({ path }) => {
		if (path !== '/v1/batch') return undefined;
		const roll = random();
		if (roll < 0.08) return { kind: 'status', status: 500 };
		if (roll < 0.11) return { kind: 'drop', afterProcessing: false };
		if (roll < 0.14) return { kind: 'drop', afterProcessing: true };
		if (roll < 0.18) return { kind: 'status', status: 429, headers: { 'Retry-After': '1' } };
		return undefined;
	};
}

class QueueRun {
	private main!: N8nProcess;
	private readonly workers: N8nProcess[] = [];
	private cookie = '';
	readonly fake = e2eFakeSegment();

	constructor(
		private readonly home: N8nHome,
		private readonly workerPorts: Array<{ health: number; broker: number }>,
	) {}

	get webhookBase(): string {
		return `http://127.0.0.1:${this.home.env.N8N_PORT}/webhook`;
	}

	async startMain(): Promise<void> {
		this.main = await startN8n(this.home);
	}

	async restartMain(): Promise<void> {
		await this.main.stop('SIGTERM');
		await this.startMain();
	}

	async startWorker(index: number): Promise<void> {
		const { health, broker } = this.workerPorts[index];
		this.workers[index] = await startN8nProcess(this.home, ['worker', '--concurrency=5'], {
			env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(health), N8N_RUNNERS_BROKER_PORT: String(broker), N8N_LOG_LEVEL: 'info' },
			readyUrl: `http://127.0.0.1:${health}/healthz/readiness`,
		});
	}

	async signIn(): Promise<void> {
		await setUpOwner(this.main.url, E2E_LOGIN);
		this.cookie = await signIn(this.main.url, E2E_LOGIN);
	}

	/** Which worker took each execution, from the workers' own log lines. */
	executionsPerWorker(ids: string[]): string {
		return this.workers.map((worker, index) => `w${index + 1}: ${ids.filter((id) => worker.log().includes(`Worker started execution ${id} `)).length}`).join(', ');
	}

	workerRunning(executionId: string): number {
		return this.workers.findIndex((worker) => worker.log().includes(`Worker started execution ${executionId} `));
	}

	async killWorker(index: number): Promise<void> {
		await this.workers[index].stop('SIGKILL');
	}

	async executions(workflowId: string) {
		return await executionsOf(this.main.url, this.cookie, workflowId);
	}

	async retry(executionId: string): Promise<void> {
		await retryExecution(this.main.url, this.cookie, executionId);
	}

	async post(path: string, body: unknown): Promise<number> {
		const response = await fetch(`${this.webhookBase}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		await response.arrayBuffer();
		return response.status;
	}

	/** Waits until `count` executions of a workflow have ended; returns them. */
	async finished(workflowId: string, count: number, timeoutMs: number) {
		let runs: ExecutionSummary[] = [];
		await waitFor(async () => {
			runs = await this.executions(workflowId);
			return runs.filter((run) => !['new', 'running', 'waiting'].includes(run.status)).length >= count;
		}, timeoutMs, 2_000);
		return runs;
	}

	get mainUrl(): string {
		return this.main.url;
	}

	get session(): string {
		return this.cookie;
	}

	async stop(): Promise<void> {
		// Workers would wait for their jobs; nothing is left to wait for.
		await Promise.all([this.main?.stop(), ...this.workers.map((worker) => worker?.stop('SIGKILL'))]);
		await this.fake.stop();
	}
}

/** How the fake took a run's messages: each order accepted once, and the repeats it dropped. */
function tally(run: QueueRun, runId: string) {
	const accepted = run.fake.delivered.filter(({ message }) => runOf(message) === runId);
	const orders = new Set(accepted.map(({ message }) => orderOf(message)));
	const duplicates = run.fake.dropped.filter(({ message, reason }) => reason === 'duplicate messageId' && runOf(message) === runId).length;
	const requests = run.fake.requests.filter((request) => request.path === '/v1/batch' && request.body.includes(`"run":"${runId}"`));
	return { accepted: accepted.length, orders: orders.size, duplicates, requests: requests.length, faults: requests.filter((request) => request.fault).length };
}

async function sendsUnderFaults(run: QueueRun, scenario: string, path: string, workflowId: string, runId: string, executions: number, perExecution: number): Promise<void> {
	console.log(`\n${scenario}: ${executions} executions of ${perExecution.toLocaleString('en-US')} orders, through the workers, Segment failing often`);
	run.fake.faults = badDay(runId.length * 7919);
	const started = Date.now();
	for (let k = 0; k < executions; k++) {
		const status = await run.post(path, { runId, from: k * perExecution, count: perExecution });
		if (status !== 200) check(`the run request was taken (${status})`, false);
	}
	const runs = await run.finished(workflowId, executions, 15 * 60_000);
	const seconds = (Date.now() - started) / 1000;
	run.fake.faults = undefined;
	const total = executions * perExecution;
	const counted = tally(run, runId);
	check(`${executions} executions ended, all successful`, runs.length === executions && runs.every((execution) => execution.status === 'success'), JSON.stringify(runs.map((execution) => execution.status)));
	check(`Segment accepted each of the ${total.toLocaleString('en-US')} orders exactly once`, counted.accepted === total && counted.orders === total, JSON.stringify(counted));
	check('the faults happened, and retries sent nothing twice (repeats dropped by messageId)', counted.faults > 0, JSON.stringify(counted));
	figures.push({ scenario, events: total, acceptedOnce: counted.orders, duplicatesDropped: counted.duplicates, requests: counted.requests, faults: counted.faults, executions: run.executionsPerWorker(runs.map((execution) => execution.id)), seconds });
}

async function workerKilled(run: QueueRun): Promise<void> {
	const scenario = 'Worker killed mid-run, run again';
	const total = 20_000;
	console.log(`\n${scenario}: ${total.toLocaleString('en-US')} orders with Message ID From Content, a worker killed while sending`);
	// Slow answers, so that there is a middle to kill it in.
	run.fake.faults = ({ path, messages }) => (path === '/v1/batch' && messages.some((message) => runOf(message) === 'kill') ? { kind: 'delay', ms: 120 } : undefined);
	const started = Date.now();
	await run.post('queue-content-ids', { runId: 'kill', from: 0, count: total });
	const midway = await waitFor(() => tally(run, 'kill').accepted >= 2_500, 180_000, 200);
	const [first] = await run.executions('queueContentIds');
	const worker = first ? run.workerRunning(first.id) : -1;
	check('the run was under way on a worker', midway && worker !== -1, JSON.stringify({ midway, first, worker }));
	if (worker === -1) return;
	await run.killWorker(worker);
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	const beforeKill = tally(run, 'kill').accepted;
	check(`worker ${worker + 1} killed with ${beforeKill.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} orders accepted`, beforeKill > 0 && beforeKill < total);
	const marked = await waitFor(async () => !['new', 'running'].includes((await run.executions('queueContentIds')).find((execution) => execution.id === first.id)?.status ?? 'running'), 240_000, 2_000);
	const status = (await run.executions('queueContentIds')).find((execution) => execution.id === first.id)?.status;
	check(`n8n marked the execution (${status})`, marked, status);
	await run.startWorker(worker);
	run.fake.faults = undefined;
	// n8n's Retry first; a worker that died saved nothing of the run, so the retry may have
	// nothing to run, and then the run request is sent again, as a workflow builder would.
	let rerun = 'sent again';
	if (await run.retry(first.id).then(() => true, () => false)) {
		const retryEnded = async () => (await run.executions('queueContentIds')).find((execution) => execution.retryOf === first.id && !['new', 'running'].includes(execution.status));
		await waitFor(async () => (await retryEnded()) !== undefined, 120_000, 2_000);
		const retried = await retryEnded();
		rerun = retried?.status === 'success' && tally(run, 'kill').orders >= total ? 'retried' : `retried (${retried?.status ?? 'not run'}), then sent again`;
	}
	if (rerun !== 'retried') await run.post('queue-content-ids', { runId: 'kill', from: 0, count: total });
	const done = await waitFor(() => tally(run, 'kill').orders >= total, 10 * 60_000, 1_000);
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	const counted = tally(run, 'kill');
	check(`run again (${rerun}), Segment ends with each order once`, done && counted.accepted === total && counted.orders === total, JSON.stringify(counted));
	check('what the killed run had sent was dropped as repeats, by messageId', counted.duplicates >= beforeKill, JSON.stringify({ beforeKill, duplicates: counted.duplicates }));
	figures.push({ scenario, events: total, acceptedOnce: counted.orders, duplicatesDropped: counted.duplicates, requests: counted.requests, faults: 0, executions: `killed on w${worker + 1}; ${rerun}`, seconds: (Date.now() - started) / 1000 });
}

async function pollAcrossRestart(run: QueueRun): Promise<void> {
	const scenario = 'Segment Profile Trigger across a main restart';
	console.log(`\n${scenario}: events polled once a minute, the main process restarted between polls`);
	const started = Date.now();
	const send = async (n: number) => {
		await postTrack(run.fake.url, { type: 'track', userId: 'queue-poll-user', event: `Poll Event ${n}`, messageId: `poll-${n}` });
	};
	const emitted = () => run.fake.delivered.filter(({ message }) => message.event === 'Trigger Emitted').map(({ message }) => String((message.properties as Record<string, unknown>).source_message_id));
	const seen = (ids: string[]) => () => ids.every((id) => emitted().includes(id));
	// postTrack gives each message its own id; the trigger reports Segment's.
	for (const n of [1, 2, 3]) await send(n);
	const firstIds = run.fake.delivered.filter(({ message }) => message.userId === 'queue-poll-user').map(({ message }) => String(message.messageId));
	check('a poll emitted the first three events', await waitFor(seen(firstIds), 150_000));
	for (const n of [4, 5]) await send(n);
	await run.restartMain();
	console.log('  (main process restarted)');
	const secondIds = run.fake.delivered.filter(({ message }) => message.userId === 'queue-poll-user').map(({ message }) => String(message.messageId));
	check('after the restart, the two events sent around it were emitted', await waitFor(seen(secondIds), 180_000));
	await send(6);
	const allIds = run.fake.delivered.filter(({ message }) => message.userId === 'queue-poll-user').map(({ message }) => String(message.messageId));
	check('and the next one', await waitFor(seen(allIds), 150_000));
	await new Promise((resolve) => setTimeout(resolve, 65_000));
	const counts = new Map<string, number>();
	for (const id of emitted()) counts.set(id, (counts.get(id) ?? 0) + 1);
	check('no event was emitted twice, none was missed, nothing else was emitted', allIds.length === 6 && allIds.every((id) => counts.get(id) === 1) && counts.size === 6, JSON.stringify([...counts]));
	figures.push({ scenario, events: 6, acceptedOnce: [...counts.values()].filter((count) => count === 1).length, duplicatesDropped: 0, requests: 0, faults: 0, executions: `${emitted().length} emitted`, seconds: (Date.now() - started) / 1000 });
}

async function main(): Promise<void> {
	await ensureN8n();
	ensureServerPackages();
	const work = mkdtempSync(join(tmpdir(), 'n8n-segment-queue-'));
	const [redisPort, postgresPort, mainPort, ...ports] = await Promise.all(Array.from({ length: 7 }, freePort));
	const redis = await startRedis(work, redisPort);
	const postgres = await startPostgres(work, postgresPort);
	console.log(`\nRedis on 127.0.0.1:${redisPort}, PostgreSQL on 127.0.0.1:${postgresPort}, data in ${work}`);
	const home = prepareN8nHome(join(work, 'n8n'), mainPort);
	Object.assign(home.env, {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		// A dead worker's job is given up on within seconds rather than minutes.
		QUEUE_WORKER_LOCK_DURATION: '15000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_RUNNERS_BROKER_PORT: String(ports[4]),
	});
	const run = new QueueRun(home, [
		{ health: ports[0], broker: ports[1] },
		{ health: ports[2], broker: ports[3] },
	]);
	const started = Date.now();
	const cleanUp = async () => {
		await run.stop().catch(() => undefined);
		await redis.stop();
		await postgres.stop();
		rmSync(work, { recursive: true, force: true });
	};
	// Stopped half-way (Ctrl-C), it leaves no n8n, Redis or PostgreSQL behind.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void cleanUp().then(() => process.exit(130)));
	}
	try {
		await run.fake.start();
		console.log(`Fake Segment on ${run.fake.url}`);
		await runN8nOrThrow(home, ['import:credentials', `--input=${credentialsFile(work, run.fake.url)}`]);
		const workflows = [
			trackOrdersWorkflow('queueTrack', 'queue-track', QUEUE_WEBHOOK_IDS.track, {}),
			batchOrdersWorkflow('queueBatch', 'queue-batch', QUEUE_WEBHOOK_IDS.batch),
			trackOrdersWorkflow('queueContentIds', 'queue-content-ids', QUEUE_WEBHOOK_IDS.contentIds, { messageIdFromContent: true, concurrency: 1, maxBatchSize: 250 }),
			pollingWorkflow('queuePoll', 'queue-poll-user'),
		];
		const hookExample = { ...readExample(EXAMPLE_FILES.webhookTrigger), id: 'e2eHookManual' };
		delete hookExample.pinData;
		for (const workflow of [...workflows, hookExample]) {
			await importWorkflow(home, work, workflow);
			await publishWorkflow(home, String(workflow.id));
		}
		await importWorkflow(home, work, automaticWebhookWorkflow(hookExample, 'e2eHookAuto', E2E_AUTOMATIC_WEBHOOK_ID, 'src_001'));

		console.log(`\nStarting n8n ${N8N_VERSION} in queue mode: a main process and two workers`);
		await run.startMain();
		await Promise.all([run.startWorker(0), run.startWorker(1)]);
		await run.signIn();
		check('main and both workers are up, on PostgreSQL and Redis', true);

		await sendsUnderFaults(run, 'Track, 20,000 events', 'queue-track', 'queueTrack', 'track', 8, 2_500);
		await sendsUnderFaults(run, 'Batch from input items, 20,000 events', 'queue-batch', 'queueBatch', 'batch', 4, 5_000);
		await workerKilled(run);
		await checkWebhookTrigger(run.fake, run.mainUrl, run.session, hookExample);
		await pollAcrossRestart(run);
	} finally {
		await cleanUp();
	}
	printFigures((Date.now() - started) / 1000);
	if (checks.failed > 0) process.exitCode = 1;
}

function printFigures(totalSeconds: number): void {
	console.log(`\nQueue mode, n8n ${N8N_VERSION} (main + 2 workers, PostgreSQL, Redis), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
	console.log('\n| scenario | events | accepted once | repeats dropped | requests | faults | executions | s |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
	for (const figure of figures) {
		console.log(`| ${figure.scenario} | ${figure.events.toLocaleString('en-US')} | ${figure.acceptedOnce.toLocaleString('en-US')} | ${figure.duplicatesDropped.toLocaleString('en-US')} | ${figure.requests} | ${figure.faults} | ${figure.executions} | ${figure.seconds.toFixed(0)} |`);
	}
	console.log(`\nqueue: ${checks.passed} passed, ${checks.failed} failed, ${totalSeconds.toFixed(0)} s in all`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
