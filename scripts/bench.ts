/**
 * Throughput benchmark: runs the Segment node through n8n's engine against the fake
 * Segment service, on loopback and over a simulated uplink (20 Mbit/s, 40 ms round trip
 * by default), each run in a fresh child process so that peak memory is its own, and
 * prints medians; and the memory a big backfill takes beyond its input items.
 *
 *   npm run bench                          # all scenarios, 5 runs each (fewer for the slow ones)
 *   npm run bench -- --runs 3              # fewer runs
 *   npm run bench -- --only a,c            # some scenarios
 *   npm run bench -- --mbit 50 --rtt 20    # another link
 */
import { fork } from 'node:child_process';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { gzip } from '../nodes/shared/transport/gzip';
import { packBatches, batchBody } from '../nodes/shared/transport/packBatches';
import { prepareMessage } from '../nodes/shared/messages/prepareMessage';
import { LIBRARY } from '../nodes/shared/messages/library';
import { randomMessageId } from '../nodes/shared/messages/messageId';
import { PUBLIC_API_TOKEN, publicApiCredentials, writeKeyCredentials } from '../test/support/credentials';
import { registerNodeType, runNode } from '../test/support/engine';
import { FakeSegment } from '../test/support/fakeSegment';

/** The floor for any n8n node: read the same parameters for each item and return them. */
class ParameterFloor implements INodeType {
	description = {
		displayName: 'Parameter Floor',
		name: 'parameterFloor',
		group: ['transform'],
		version: 1,
		description: 'Reads parameters per item and returns them',
		defaults: { name: 'Parameter Floor' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'User ID', name: 'userId', type: 'string', default: '' },
			{ displayName: 'Event', name: 'event', type: 'string', default: '' },
			{ displayName: 'Properties', name: 'properties', type: 'json', default: '{}' },
		],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [
			items.map((_, item) => ({
				json: {
					userId: this.getNodeParameter('userId', item) as string,
					event: this.getNodeParameter('event', item) as string,
					properties: this.getNodeParameter('properties', item) as string,
				},
				pairedItem: { item },
			})),
		];
	}
}

/**
 * The memory floor of the bulk path: a node that holds its input items for a while, as
 * any node does while it works, and answers as Batch does, one item paired with them all.
 */
class HoldFloor implements INodeType {
	description = {
		displayName: 'Hold Floor',
		name: 'holdFloor',
		group: ['transform'],
		version: 1,
		description: 'Holds its items for two seconds, then answers with one item paired with all',
		defaults: { name: 'Hold Floor' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		return [[{ json: { count: items.length }, pairedItem: items.map((_, item) => ({ item })) }]];
	}
}

const trackParameters = {
	userId: '={{ $json.id }}',
	event: 'Order Completed',
	properties: '={{ { order: $json.order, total: $json.total } }}',
};

/** The plan of scenario p: every message of trackItems follows it, as a healthy workflow's do. */
const BENCH_PLAN_ID = 'tp_001';
const BENCH_RULES = [
	{
		type: 'TRACK',
		key: 'Order Completed',
		version: 1,
		jsonSchema: { properties: { properties: { type: 'object', properties: { order: { type: 'integer', minimum: 0 }, total: { type: 'number' } }, required: ['order', 'total'] } } },
	},
	{ type: 'COMMON', version: 1, jsonSchema: { properties: { userId: { type: 'string', pattern: '^user-' }, context: { type: 'object' } }, required: ['userId'] } },
].map((rule) => ({ ...rule, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }));

const trackItems = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `user-${i}`, order: i, total: (i % 100) + 0.5 }));

const rows = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		type: 'track',
		userId: `user-${i}`,
		event: 'Order Completed',
		timestamp: '2023-06-01T10:00:00.000Z',
		properties: { order: i, total: (i % 100) + 0.5 },
	}));

interface Scenario {
	key: string;
	label: string;
	items: number;
	runs?: number;
	/** Sent over the simulated link instead of loopback. */
	overLink?: boolean;
	/** Made before the clock starts, and handed to run. */
	prepare?: () => unknown;
	/** Measures the memory beyond what prepare made (the input items). */
	memory?: boolean;
	run(url: string, prepared?: unknown): Promise<void>;
}

async function engine(url: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, type?: string) {
	const credentials = parameters.trackingPlanId ? { ...writeKeyCredentials(url), ...publicApiCredentials(url) } : writeKeyCredentials(url);
	const { error, output } = await runNode({ parameters, items, credentials, type });
	if (error) throw error;
	if (output.length === 0) throw new Error('no output');
}

const SCENARIOS: Scenario[] = [
	{
		key: 'a',
		label: 'track, 10,000 items, expressions, default options',
		items: 10_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'track', ...trackParameters }, trackItems(10_000)),
	},
	{
		key: 'p',
		label: 'the same, each message checked against a tracking plan (rules read from Segment first)',
		items: 10_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'track', ...trackParameters, trackingPlanId: { __rl: true, mode: 'id', value: BENCH_PLAN_ID } }, trackItems(10_000)),
	},
	{
		key: 'b',
		label: 'the same, one request per item (as n8n\'s built-in node sends)',
		items: 10_000,
		runs: 3,
		run: (url) =>
			engine(
				url,
				{ resource: 'tracking', operation: 'track', ...trackParameters, options: { maxBatchSize: 1, concurrency: 1 } },
				trackItems(10_000),
			),
	},
	{
		key: 'c',
		label: 'floor: a node that only reads the same parameters',
		items: 10_000,
		run: (url) => engine(url, trackParameters, trackItems(10_000), 'parameterFloor'),
	},
	{
		key: 'd',
		label: 'batch, messages from input items, 100,000 items, Compress Requests on',
		items: 100_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { compressRequests: true } }, rows(100_000)),
	},
	{
		key: 'd10k',
		label: 'the same with 10,000 items (for memory)',
		items: 10_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { compressRequests: true } }, rows(10_000)),
	},
	{
		key: 'dOff',
		label: 'the same, Compress Requests off (the default)',
		items: 100_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, rows(100_000)),
	},
	{
		key: 'e',
		label: 'transport floor: 100,000 built messages, gzip-compressed, posted with undici',
		items: 100_000,
		run: (url) => postBuilt(url, buildBodies()),
	},
	{
		key: 'f',
		label: 'over the link: batch from input items, 100,000 items, compressed',
		items: 100_000,
		runs: 3,
		overLink: true,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { compressRequests: true } }, rows(100_000)),
	},
	{
		key: 'g',
		label: 'over the link: the same, uncompressed (the default)',
		items: 100_000,
		runs: 3,
		overLink: true,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, rows(100_000)),
	},
	{
		key: 'h',
		label: 'over the link: floor, the same messages pre-built, compressed and posted with undici',
		items: 100_000,
		runs: 3,
		overLink: true,
		prepare: buildBodies,
		run: (url, bodies) => postBuilt(url, bodies as string[]),
	},
	{
		key: 'n100k',
		label: "memory floor: n8n's own engine holding the same 100,000 items in a node for 2 s",
		items: 100_000,
		runs: 3,
		prepare: () => rows(100_000),
		memory: true,
		run: (url, items) => engine(url, {}, items as Array<Record<string, unknown>>, 'holdFloor'),
	},
	{
		key: 'n1M',
		label: 'memory floor: the same with 1,000,000 items',
		items: 1_000_000,
		runs: 1,
		prepare: () => rows(1_000_000),
		memory: true,
		run: (url, items) => engine(url, {}, items as Array<Record<string, unknown>>, 'holdFloor'),
	},
	{
		key: 'm100k',
		label: 'memory: batch from input items, 100,000 items',
		items: 100_000,
		runs: 3,
		prepare: () => rows(100_000),
		memory: true,
		run: (url, items) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items as Array<Record<string, unknown>>),
	},
	{
		key: 'm1M',
		label: 'memory: batch from input items, 1,000,000 items',
		items: 1_000_000,
		runs: 1,
		prepare: () => rows(1_000_000),
		memory: true,
		run: (url, items) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items as Array<Record<string, unknown>>),
	},
];

/** 100,000 messages built and packed into batch bodies, as any sender must. */
function buildBodies(): string[] {
	const defaults = { now: new Date().toISOString(), library: LIBRARY, newMessageId: randomMessageId };
	const messages = rows(100_000).map((row) => prepareMessage(row, defaults));
	return packBatches(messages.map((message) => message.bytes)).map((batch) => batchBody(batch.map((position) => messages[position].json), new Date().toISOString()));
}

/** Batch bodies gzip-compressed (with the node's own gzip) and posted with undici, 4 at a time. */
async function postBuilt(url: string, bodies: string[]): Promise<void> {
	const dispatcher = new Agent({ connections: 4 });
	const authorization = `Basic ${Buffer.from(`${writeKeyCredentials(url).segmentWriteKeyApi.writeKey}:`).toString('base64')}`;
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const body = await gzip(bodies[next++]);
			const response = await request(`${url}/v1/batch`, {
				method: 'POST',
				body,
				headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization },
				dispatcher,
			});
			await response.body.dump();
			if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
		}
	};
	await Promise.all([worker(), worker(), worker(), worker()]);
	await dispatcher.close();
}

registerNodeType('parameterFloor', new ParameterFloor());
registerNodeType('holdFloor', new HoldFloor());

interface Measurement {
	ms: number;
	maxRssMb: number;
	requests: number;
	/** CPU time over all threads: of the process that runs the node, and of the fake Segment. */
	cpuMs: number;
	fakeCpuMs: number;
	/**
	 * From the start until the fake Segment took the run's first tracking request: the
	 * node's own item loop (parameters, messages, checks), before the wire and the fake's
	 * own work. The clocks are the same machine's wall clock, in two processes.
	 */
	untilFirstSendMs?: number;
	/** Memory scenarios: the input items alone, and the peak while the node ran beyond them. */
	itemsMb?: number;
	beyondItemsMb?: number;
	liveBeyondItemsMb?: number;
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const heapMb = () => process.memoryUsage().heapUsed / 1024 / 1024;
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function child(key: string, url: string): Promise<void> {
	const scenario = SCENARIOS.find((candidate) => candidate.key === key)!;
	let baseline = 0;
	let peak = 0;
	let peakLive = 0;
	let sampler: NodeJS.Timeout | undefined;
	collectGarbage();
	const empty = rssMb();
	const prepared = scenario.prepare?.();
	if (scenario.memory) {
		collectGarbage();
		baseline = rssMb();
		const heapBaseline = heapMb();
		peak = baseline;
		// RSS, and the live heap: a full collection first, so that what V8 has not yet
		// collected (it lets garbage grow to a few times the live heap) is not counted.
		let ticks = 0;
		sampler = setInterval(() => {
			peak = Math.max(peak, rssMb());
			if (++ticks % 25 === 0) {
				collectGarbage();
				peakLive = Math.max(peakLive, heapMb() - heapBaseline);
			}
		}, 10);
		process.send!({ itemsOnlyMb: baseline - empty });
	}
	const started = performance.now();
	const startedAt = Date.now();
	const cpuBefore = process.cpuUsage();
	await scenario.run(url, prepared);
	const ms = performance.now() - started;
	const cpu = process.cpuUsage(cpuBefore);
	if (sampler) clearInterval(sampler);
	peak = Math.max(peak, rssMb());
	process.send!({ ms, startedAt, cpuMs: (cpu.user + cpu.system) / 1_000, maxRssMb: process.resourceUsage().maxRSS / 1024, ...(scenario.memory ? { beyondItemsMb: peak - baseline, liveBeyondItemsMb: peakLive } : {}) });
}

function measureOnce(fake: FakeSegment, key: string): Promise<Measurement> {
	fake.clearRecords();
	return new Promise((resolve, reject) => {
		const worker = fork(__filename, ['--child', key, fake.url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc', '--max-old-space-size=8192'] });
		let result: (Omit<Measurement, 'requests' | 'fakeCpuMs'> & { startedAt: number }) | undefined;
		let itemsMb: number | undefined;
		// The fake runs in this process, which does little else meanwhile.
		let fakeCpu = process.cpuUsage();
		worker.on('message', (message: { itemsOnlyMb?: number } & Omit<Measurement, 'requests' | 'fakeCpuMs'> & { startedAt: number }) => {
			if (message.itemsOnlyMb !== undefined) {
				itemsMb = message.itemsOnlyMb;
				fakeCpu = process.cpuUsage();
			} else {
				result = message;
				fakeCpu = process.cpuUsage(fakeCpu);
			}
		});
		worker.on('exit', (code) => {
			if (code !== 0 || !result) return reject(new Error(`scenario ${key} failed (${code})`));
			const { startedAt, ...measured } = result;
			const firstSend = fake.requests.find((request) => request.method === 'POST' && request.path.startsWith('/v1/'));
			resolve({
				...measured,
				itemsMb,
				requests: fake.requests.length,
				fakeCpuMs: (fakeCpu.user + fakeCpu.system) / 1_000,
				...(firstSend ? { untilFirstSendMs: firstSend.at - startedAt } : {}),
			});
		});
	});
}

function argument(name: string): string | undefined {
	const at = process.argv.indexOf(name);
	return at > 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
	const runs = Number(argument('--runs') ?? 5);
	const link = { mbitPerSecond: Number(argument('--mbit') ?? 20), rttMs: Number(argument('--rtt') ?? 40) };
	const fake = await new FakeSegment({ lean: true, publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' } }).start();
	fake.workspace.rules.set(BENCH_PLAN_ID, BENCH_RULES);
	const linked = await new FakeSegment({ link, lean: true }).start();
	const medians: Record<string, Measurement & { perSecond: number }> = {};
	try {
		const onlyArgument = process.argv.indexOf('--only');
		const only = onlyArgument > 0 ? process.argv[onlyArgument + 1].split(',') : undefined;
		const chosen = SCENARIOS.filter((candidate) => !only || only.includes(candidate.key));
		const measurements = new Map<string, Measurement[]>(chosen.map((scenario) => [scenario.key, []]));
		// Round by round, every scenario once a round: a slow spell of the shared machine falls on
		// all of them alike instead of on the ones that happen to run then, and ratios stay fair.
		for (let round = 0; round < runs; round++) {
			for (const scenario of chosen.filter((candidate) => round < (candidate.runs ?? runs))) {
				const target = scenario.overLink ? linked : fake;
				measurements.get(scenario.key)!.push(await measureOnce(target, scenario.key));
				// Messages the fake keeps for deduplication are not what is measured.
				target.forgetMessageIds();
			}
		}
		for (const scenario of chosen) {
			const runsOf = measurements.get(scenario.key)!;
			const ms = median(runsOf.map((measurement) => measurement.ms));
			medians[scenario.key] = {
				ms,
				maxRssMb: median(runsOf.map((measurement) => measurement.maxRssMb)),
				cpuMs: median(runsOf.map((measurement) => measurement.cpuMs)),
				fakeCpuMs: median(runsOf.map((measurement) => measurement.fakeCpuMs)),
				requests: median(runsOf.map((measurement) => measurement.requests)),
				...(runsOf.every((measurement) => measurement.untilFirstSendMs !== undefined)
					? { untilFirstSendMs: median(runsOf.map((measurement) => measurement.untilFirstSendMs!)) }
					: {}),
				perSecond: scenario.items / (ms / 1000),
				...(scenario.memory
					? {
							itemsMb: median(runsOf.map((measurement) => measurement.itemsMb ?? 0)),
							beyondItemsMb: median(runsOf.map((measurement) => measurement.beyondItemsMb ?? 0)),
							liveBeyondItemsMb: median(runsOf.map((measurement) => measurement.liveBeyondItemsMb ?? 0)),
						}
					: {}),
			};
			const untilFirstSend = runsOf.every((measurement) => measurement.untilFirstSendMs !== undefined)
				? ` (first request after ${runsOf.map((measurement) => Math.round(measurement.untilFirstSendMs!)).join(', ')} ms)`
				: '';
			console.error(`${scenario.key}: ${runsOf.map((measurement) => Math.round(measurement.ms)).join(', ')} ms${untilFirstSend}`);
		}
	} finally {
		await fake.stop();
		await linked.stop();
	}

	const table = SCENARIOS.filter((scenario) => medians[scenario.key] && !scenario.memory).map((scenario) => {
		const m = medians[scenario.key];
		const cpu = (value: number) => Math.round(value).toLocaleString('en-US');
		return `| (${scenario.key}) ${scenario.label} | ${Math.round(m.perSecond).toLocaleString('en-US')} | ${Math.round(m.ms).toLocaleString('en-US')} | ${cpu(m.cpuMs)} | ${cpu(m.fakeCpuMs)} | ${m.requests.toLocaleString('en-US')} | ${Math.round(m.maxRssMb)} |`;
	});
	const ratio = (x: string, y: string) => (medians[x] && medians[y] ? (medians[x].ms / medians[y].ms).toFixed(2) : '–');
	console.log(`Medians of ${runs} runs (fewer for the slow ones), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; link ${link.mbitPerSecond} Mbit/s, ${link.rttMs} ms round trip\n`);
	console.log('| scenario | items/s | ms | CPU ms, n8n | CPU ms, fake Segment | requests | peak RSS MB |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
	console.log(table.join('\n'));
	console.log();
	const memory = SCENARIOS.filter((scenario) => medians[scenario.key] && scenario.memory).map((scenario) => {
		const m = medians[scenario.key];
		return `| (${scenario.key}) ${scenario.label} | ${Math.round(m.itemsMb ?? 0)} | ${Math.round(m.beyondItemsMb ?? 0)} | ${Math.round(m.liveBeyondItemsMb ?? 0)} | ${Math.round(m.ms).toLocaleString('en-US')} |`;
	});
	if (memory.length > 0) {
		console.log('| memory | items alone MB | peak RSS beyond the items MB | peak live heap beyond the items MB | ms |');
		console.log('| --- | ---: | ---: | ---: | ---: |');
		console.log(memory.join('\n'));
		console.log();
	}
	console.log(`| ratio | value | target |`);
	console.log('| --- | ---: | --- |');
	console.log(`| b/a (time; a's speed-up over one request per item) | ${ratio('b', 'a')} | at least 5 |`);
	console.log(`| a/c (time over n8n's own per-item floor) | ${ratio('a', 'c')} | at most 1.1 |`);
	const beforeSending = medians.a?.untilFirstSendMs !== undefined && medians.c ? (medians.a.untilFirstSendMs / medians.c.ms).toFixed(2) : '–';
	console.log(`| …of which the item loop: a until its first request, over c (which sends nothing) | ${beforeSending} | |`);
	console.log(`| p/a (what checking against a tracking plan costs) | ${ratio('p', 'a')} | at most 1.15 |`);
	console.log(`| d/e (time over the transport floor, both compressed) | ${ratio('d', 'e')} | at most 2 |`);
	console.log(`| d/dOff (what compression costs on loopback) | ${ratio('d', 'dOff')} | about 1 |`);
	console.log(`| g/f (compression's speed-up over the link) | ${ratio('g', 'f')} | at least 4 |`);
	console.log(`| f/h (time over the floor, over the link) | ${ratio('f', 'h')} | at most 1.3 |`);
	const beyond = (key: string, field: 'beyondItemsMb' | 'liveBeyondItemsMb') => (medians[key] ? Math.round(medians[key][field] ?? 0) : undefined);
	const less = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a - b : '–');
	console.log(`| peak RSS beyond the items at 1,000,000 (MB) | ${beyond('m1M', 'beyondItemsMb') ?? '–'} | at most 200 |`);
	console.log(`| …beyond n8n's own engine passing them through (MB) | ${less(beyond('m1M', 'beyondItemsMb'), beyond('n1M', 'beyondItemsMb'))} | |`);
	console.log(`| peak live heap beyond the items at 1,000,000 (MB) | ${beyond('m1M', 'liveBeyondItemsMb') ?? '–'} | at most 200 |`);
	console.log(`| …beyond n8n's own engine passing them through (MB) | ${less(beyond('m1M', 'liveBeyondItemsMb'), beyond('n1M', 'liveBeyondItemsMb'))} | |`);
}

if (process.argv[2] === '--child') {
	child(process.argv[3], process.argv[4]).catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
} else {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
