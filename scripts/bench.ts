/**
 * Throughput benchmark: runs the Segment node through n8n's engine against the fake
 * Segment service on loopback, each run in a fresh child process so that peak memory is
 * its own, and prints medians.
 *
 *   npm run bench                 # all scenarios, 5 runs each (3 for the slow one)
 *   npm run bench -- --runs 3     # fewer runs
 *   npm run bench -- --only a,c   # some scenarios
 */
import { fork } from 'node:child_process';
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { packBatches, batchBody } from '../nodes/shared/transport/packBatches';
import { prepareMessage } from '../nodes/Segment/messages/prepareMessage';
import { LIBRARY } from '../nodes/Segment/messages/library';
import { randomMessageId } from '../nodes/Segment/messages/messageId';
import { writeKeyCredentials } from '../test/support/credentials';
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

const trackParameters = {
	userId: '={{ $json.id }}',
	event: 'Order Completed',
	properties: '={{ { order: $json.order, total: $json.total } }}',
};

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
	run(url: string): Promise<void>;
}

async function engine(url: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, type?: string) {
	const { error, output } = await runNode({ parameters, items, credentials: writeKeyCredentials(url), type });
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
		label: 'batch, messages from input items, 100,000 items',
		items: 100_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, rows(100_000)),
	},
	{
		key: 'd10k',
		label: 'the same with 10,000 items (for memory)',
		items: 10_000,
		run: (url) => engine(url, { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, rows(10_000)),
	},
	{
		key: 'e',
		label: 'transport floor: 100,000 built messages posted with undici',
		items: 100_000,
		async run(url) {
			const defaults = { now: new Date().toISOString(), library: LIBRARY, newMessageId: randomMessageId };
			const messages = rows(100_000).map((row) => prepareMessage(row, defaults));
			const batches = packBatches(messages.map((message) => message.bytes));
			const dispatcher = new Agent({ connections: 4 });
			const authorization = `Basic ${Buffer.from(`${writeKeyCredentials(url).segmentWriteKeyApi.writeKey}:`).toString('base64')}`;
			let next = 0;
			const worker = async () => {
				while (next < batches.length) {
					const batch = batches[next++];
					const body = batchBody(batch.map((position) => messages[position].json), new Date().toISOString());
					const response = await request(`${url}/v1/batch`, {
						method: 'POST',
						body,
						headers: { 'content-type': 'application/json', authorization },
						dispatcher,
					});
					await response.body.dump();
					if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
				}
			};
			await Promise.all([worker(), worker(), worker(), worker()]);
			await dispatcher.close();
		},
	},
];

registerNodeType('parameterFloor', new ParameterFloor());

interface Measurement {
	ms: number;
	maxRssMb: number;
	requests: number;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function child(key: string, url: string): Promise<void> {
	const scenario = SCENARIOS.find((candidate) => candidate.key === key)!;
	const started = performance.now();
	await scenario.run(url);
	const ms = performance.now() - started;
	process.send!({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 });
}

function measureOnce(fake: FakeSegment, key: string): Promise<Measurement> {
	fake.clearRecords();
	return new Promise((resolve, reject) => {
		const worker = fork(__filename, ['--child', key, fake.url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let result: Omit<Measurement, 'requests'> | undefined;
		worker.on('message', (message) => (result = message as Omit<Measurement, 'requests'>));
		worker.on('exit', (code) =>
			code === 0 && result ? resolve({ ...result, requests: fake.requests.length }) : reject(new Error(`scenario ${key} failed (${code})`)),
		);
	});
}

async function main(): Promise<void> {
	const runsArgument = process.argv.indexOf('--runs');
	const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 5;
	const fake = await new FakeSegment().start();
	const medians: Record<string, Measurement & { perSecond: number }> = {};
	try {
		const onlyArgument = process.argv.indexOf('--only');
		const only = onlyArgument > 0 ? process.argv[onlyArgument + 1].split(',') : undefined;
		for (const scenario of SCENARIOS.filter((candidate) => !only || only.includes(candidate.key))) {
			const measurements: Measurement[] = [];
			for (let run = 0; run < Math.min(runs, scenario.runs ?? runs); run++) {
				measurements.push(await measureOnce(fake, scenario.key));
				// Messages the fake keeps for deduplication are not what is measured.
				fake.forgetMessageIds();
			}
			const ms = median(measurements.map((measurement) => measurement.ms));
			medians[scenario.key] = {
				ms,
				maxRssMb: median(measurements.map((measurement) => measurement.maxRssMb)),
				requests: median(measurements.map((measurement) => measurement.requests)),
				perSecond: scenario.items / (ms / 1000),
			};
			console.error(`${scenario.key}: ${measurements.map((measurement) => Math.round(measurement.ms)).join(', ')} ms`);
		}
	} finally {
		await fake.stop();
	}

	const rows = SCENARIOS.filter((scenario) => medians[scenario.key]).map((scenario) => {
		const m = medians[scenario.key];
		return `| (${scenario.key}) ${scenario.label} | ${Math.round(m.perSecond).toLocaleString('en-US')} | ${Math.round(m.ms).toLocaleString('en-US')} | ${m.requests.toLocaleString('en-US')} | ${Math.round(m.maxRssMb)} |`;
	});
	const ratio = (x: string, y: string) => (medians[x] && medians[y] ? (medians[x].ms / medians[y].ms).toFixed(2) : '–');
	console.log(`Medians of ${runs} runs (3 for b), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
	console.log('| scenario | items/s | ms | requests | peak RSS MB |');
	console.log('| --- | ---: | ---: | ---: | ---: |');
	console.log(rows.join('\n'));
	console.log();
	console.log(`| ratio | value | target |`);
	console.log('| --- | ---: | --- |');
	console.log(`| b/a (time; a's speed-up over one request per item) | ${ratio('b', 'a')} | at least 5 |`);
	console.log(`| a/c (time over n8n's own per-item floor) | ${ratio('a', 'c')} | at most 1.2 |`);
	console.log(`| d/e (time over the transport floor) | ${ratio('d', 'e')} | at most 2 |`);
	console.log(`| peak RSS d / d10k | ${medians.d && medians.d10k ? (medians.d.maxRssMb / medians.d10k.maxRssMb).toFixed(2) : '–'} | a few |`);
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
