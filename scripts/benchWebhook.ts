/**
 * The Segment Webhook Trigger under a busy source, in a real n8n (the pinned one of the
 * end-to-end run): concurrent senders post signed deliveries to its production URL for a
 * while (single events, then batches of 100 with the request token), and n8n's own Webhook
 * node takes the same load for comparison. Each workflow reports the messageIds it ran
 * with to a local sink, so that every accepted delivery is checked to have become exactly
 * one execution with its events. Loopback only, bounded in count and time.
 *
 *   npm run bench:webhook                                  # 50 senders, 60 s a phase, in turns of 10 s
 *   npm run bench:webhook -- --senders 20 --seconds 20     # lighter
 *   npm run bench:webhook -- --n8n-env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true   # n8n's settings
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';

import { credentialsFile, E2E_LOGIN, E2E_REQUEST_TOKEN, E2E_WEBHOOK_SECRET, importWorkflow } from './n8n/e2eFixtures';
import { ensureN8n, N8N_VERSION, prepareN8nHome, publishWorkflow, removeFolder, runN8nOrThrow, startN8n } from './n8n/localN8n';
import { setUpOwner, signIn } from './n8n/rest';
import type { WorkflowFile, WorkflowNode } from './n8n/workflows';

const argument = (name: string, fallback: number) => {
	const at = process.argv.indexOf(name);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const SENDERS = argument('--senders', 50);
const SECONDS = argument('--seconds', 60);
// The phases take turns, so that what grows in n8n as it runs (its database, say) and a slow
// spell of the shared machine fall on each of them alike.
const TURN_SECONDS = argument('--turn', 10);
const MAX_DELIVERIES = argument('--max', 30_000);
/** Settings for the n8n under load (`--n8n-env NAME=value`, as often as needed). */
const N8N_SETTINGS = Object.fromEntries(
	process.argv.flatMap((value, at) => (process.argv[at - 1] === '--n8n-env' && value.includes('=') ? [[value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)]] : [])),
);
const PORT = 5720;

interface Phase {
	key: 'plain' | 'single' | 'batch';
	label: string;
	workflowId: string;
	path: string;
	eventsPerDelivery: number;
}

const PHASES: Phase[] = [
	{ key: 'plain', label: "n8n's own Webhook node, single events, unsigned", workflowId: 'benchPlain', path: 'bench-plain', eventsPerDelivery: 1 },
	{ key: 'single', label: 'Segment Webhook Trigger, single events, signed', workflowId: 'benchSingle', path: '9b1f4c2e-0019-4d5a-8e61-00000000a001/webhook', eventsPerDelivery: 1 },
	{ key: 'batch', label: 'Segment Webhook Trigger, batches of 100, signed, with the request token', workflowId: 'benchBatch', path: '9b1f4c2e-0019-4d5a-8e61-00000000a002/webhook', eventsPerDelivery: 100 },
];

/** The node that tells the sink which messageIds an execution ran with. */
function reportNode(id: string, sinkUrl: string, phase: string, idOf: string): WorkflowNode {
	return {
		id: `${id}-report`,
		name: 'Report',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [240, 0],
		parameters: {
			method: 'POST',
			url: `${sinkUrl}/report`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={{ JSON.stringify({ phase: '${phase}', ids: $input.all().map((item) => ${idOf}) }) }}`,
			options: {},
		},
		executeOnce: true,
	};
}

function workflows(sinkUrl: string): WorkflowFile[] {
	const connect = (from: string) => ({ [from]: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } });
	const trigger = (phase: Phase, acceptBatches: boolean): WorkflowNode => ({
		id: `${phase.workflowId}-trigger`,
		name: 'Segment Webhook Trigger',
		type: 'n8n-nodes-segment.segmentWebhookTrigger',
		typeVersion: 2,
		position: [0, 0],
		webhookId: phase.path.split('/')[0],
		parameters: { setUp: 'manual', acceptBatches },
		credentials: { segmentWebhookSecretApi: { id: 'segmentWebhookSecretExample', name: 'Segment Webhook Secret' } },
	});
	const [plain, single, batch] = PHASES;
	return [
		{
			id: plain.workflowId,
			name: 'Bench: n8n Webhook node',
			nodes: [
				{ id: 'benchPlain-hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: plain.path, options: {} } },
				reportNode('benchPlain', sinkUrl, 'plain', 'item.json.body.messageId'),
			],
			connections: connect('Webhook'),
			settings: { executionOrder: 'v1' },
			active: false,
		},
		{ id: single.workflowId, name: 'Bench: Segment Webhook Trigger', nodes: [trigger(single, false), reportNode('benchSingle', sinkUrl, 'single', 'item.json.messageId')], connections: connect('Segment Webhook Trigger'), settings: { executionOrder: 'v1' }, active: false },
		{ id: batch.workflowId, name: 'Bench: Segment Webhook Trigger, batches', nodes: [trigger(batch, true), reportNode('benchBatch', sinkUrl, 'batch', 'item.json.messageId')], connections: connect('Segment Webhook Trigger'), settings: { executionOrder: 'v1' }, active: false },
	];
}

/** What the workflows reported: how many times each messageId ran. */
class Sink {
	readonly seen = new Map<string, number>();
	url = '';
	private readonly server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				const { ids } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ids: string[] };
				for (const id of ids) this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
			} catch {
				// a report that is no JSON counts as nothing
			}
			response.end('{}');
		});
	});

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

const event = (messageId: string) => ({ type: 'track', event: 'Order Completed', userId: `bench-${messageId.slice(0, 8)}`, messageId, timestamp: new Date().toISOString(), properties: { total: 42.5, currency: 'EUR' }, context: { library: { name: 'analytics-node', version: '2.1.0' } } });
const sign = (data: unknown) => createHmac('sha1', E2E_WEBHOOK_SECRET).update(JSON.stringify(data)).digest('hex');

interface PhaseResult {
	phase: Phase;
	sent: number;
	accepted: number;
	refused: number;
	seconds: number;
	latencies: number[];
	ids: string[];
}

async function load(n8nUrl: string, phase: Phase, seconds: number, maxDeliveries: number): Promise<PhaseResult> {
	const pool = new Pool(n8nUrl, { connections: SENDERS, pipelining: 1 });
	const latencies: number[] = [];
	const ids: string[] = [];
	let sent = 0;
	let accepted = 0;
	let refused = 0;
	const started = performance.now();
	const deadline = started + seconds * 1_000;
	const sender = async () => {
		while (performance.now() < deadline && sent < maxDeliveries) {
			sent++;
			const events = Array.from({ length: phase.eventsPerDelivery }, () => event(randomUUID()));
			const data = phase.eventsPerDelivery === 1 ? events[0] : events;
			const headers: Record<string, string> = { 'content-type': 'application/json' };
			if (phase.key !== 'plain') headers['x-signature'] = sign(events[0]);
			if (phase.key === 'batch') headers.authorization = `Bearer ${E2E_REQUEST_TOKEN}`;
			const at = performance.now();
			const response = await pool.request({ method: 'POST', path: `/webhook/${phase.path}`, headers, body: JSON.stringify(data) });
			await response.body.dump();
			latencies.push(performance.now() - at);
			if (response.statusCode === 200) {
				accepted++;
				ids.push(...events.map((one) => one.messageId));
			} else refused++;
		}
	};
	await Promise.all(Array.from({ length: SENDERS }, sender));
	const took = (performance.now() - started) / 1_000;
	await pool.close();
	return { phase, sent, accepted, refused, seconds: took, latencies, ids };
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function executionCount(n8nUrl: string, cookie: string, workflowId: string): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const response = await fetch(`${n8nUrl}/rest/executions?filter=${filter}&limit=1`, { headers: { cookie, 'browser-id': 'bench' } });
	const data = ((await response.json()) as { data: { count: number; estimated?: boolean } }).data;
	return data.count;
}

async function main(): Promise<void> {
	await ensureN8n();
	const sink = await new Sink().start();
	const work = mkdtempSync(join(tmpdir(), 'n8n-segment-bench-webhook-'));
	const home = prepareN8nHome(undefined, PORT);
	const results: Array<PhaseResult & { executions: number; lost: number; twice: number; drainSeconds: number }> = [];
	try {
		await runN8nOrThrow(home, ['import:credentials', `--input=${credentialsFile(work, sink.url)}`]);
		for (const workflow of workflows(sink.url)) {
			await importWorkflow(home, work, workflow);
			await publishWorkflow(home, String(workflow.id));
		}
		const n8n = await startN8n(home, 'pipe', N8N_SETTINGS);
		try {
			await setUpOwner(n8n.url, E2E_LOGIN);
			const cookie = await signIn(n8n.url, E2E_LOGIN);
			const turns = Math.max(1, Math.round(SECONDS / TURN_SECONDS));
			console.error(`▶ ${PHASES.length} phases in turns: ${turns} × ${SECONDS / turns} s each, ${SENDERS} senders (at most ${MAX_DELIVERIES.toLocaleString('en-US')} deliveries a phase)`);
			const totals = PHASES.map((phase): PhaseResult & { drainSeconds: number } => ({ phase, sent: 0, accepted: 0, refused: 0, seconds: 0, latencies: [], ids: [], drainSeconds: 0 }));
			for (let turn = 0; turn < turns; turn++) {
				for (const total of totals) {
					const part = await load(n8n.url, total.phase, SECONDS / turns, MAX_DELIVERIES - total.sent);
					Object.assign(total, { sent: total.sent + part.sent, accepted: total.accepted + part.accepted, refused: total.refused + part.refused, seconds: total.seconds + part.seconds });
					total.latencies.push(...part.latencies);
					total.ids.push(...part.ids);
					// n8n answers at once and runs the workflow after: the next turn starts once every accepted event was reported.
					const drainStart = performance.now();
					while (!part.ids.every((id) => sink.seen.has(id)) && performance.now() - drainStart < 600_000) await new Promise((resolve) => setTimeout(resolve, 250));
					total.drainSeconds = Math.max(total.drainSeconds, (performance.now() - drainStart) / 1_000);
				}
			}
			// A workflow run twice would report again a little later.
			await new Promise((resolve) => setTimeout(resolve, 3_000));
			for (const total of totals) {
				const lost = total.ids.filter((id) => !sink.seen.has(id)).length;
				const twice = total.ids.filter((id) => (sink.seen.get(id) ?? 0) > 1).length;
				results.push({ ...total, executions: await executionCount(n8n.url, cookie, total.phase.workflowId), lost, twice });
			}
		} finally {
			await n8n.stop();
		}
	} finally {
		await sink.stop();
		removeFolder(work);
		removeFolder(home.userFolder);
	}

	const plain = results.find((result) => result.phase.key === 'plain')!;
	const single = results.find((result) => result.phase.key === 'single')!;
	const settings = Object.entries(N8N_SETTINGS).map(([name, value]) => `${name}=${value}`);
	console.log(
		`n8n ${N8N_VERSION}${settings.length > 0 ? ` with ${settings.join(' ')}` : " with n8n's defaults"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ${SENDERS} senders, ${SECONDS} s a phase in turns of ${TURN_SECONDS} s, loopback\n`,
	);
	console.log('| phase | deliveries accepted | accepted/s | events/s | p50 ms | p99 ms | refused | executions recorded | events lost | events twice | longest drain s |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const result of results) {
		const perSecond = result.accepted / result.seconds;
		console.log(
			`| ${result.phase.label} | ${result.accepted.toLocaleString('en-US')} | ${Math.round(perSecond).toLocaleString('en-US')} | ${Math.round(perSecond * result.phase.eventsPerDelivery).toLocaleString('en-US')} | ${Math.round(percentile(result.latencies, 50))} | ${Math.round(percentile(result.latencies, 99))} | ${result.refused} | ${result.executions.toLocaleString('en-US')} | ${result.lost} | ${result.twice} | ${Math.round(result.drainSeconds)} |`,
		);
	}
	const ratio = single.accepted / single.seconds / (plain.accepted / plain.seconds);
	const p99 = Math.max(...results.filter((result) => result.phase.key !== 'plain').map((result) => percentile(result.latencies, 99)));
	console.log('\n| target | value | holds |');
	console.log('| --- | ---: | --- |');
	console.log(`| accepted/s, the trigger over n8n's own Webhook node | ${ratio.toFixed(2)} | ${ratio >= 0.9 ? 'yes' : 'no'} (at least 0.9) |`);
	console.log(`| p99 answer, the trigger | ${Math.round(p99)} ms | ${p99 < 1_000 ? 'yes' : 'no'} (under 1,000 ms) |`);
	console.log(`| p99 answer, n8n's own Webhook node (the same load) | ${Math.round(percentile(plain.latencies, 99))} ms | |`);
	const lost = results.reduce((sum, result) => sum + result.lost + result.twice, 0);
	console.log(`| events lost or run twice | ${lost} | ${lost === 0 ? 'yes' : 'no'} (none) |`);
	if (lost > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
