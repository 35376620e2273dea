import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { setClock } from './support/clock';
import { useFakeSegment } from './support/fixtures';

// The weekly report example, at fixed clocks: its two Segment nodes with their own
// parameters through n8n's engine against the fake, then its Code node's own JavaScript.
// It once read only the month's first MTU snapshot, and said "0 MTU" from the 2nd on.

interface ExampleNode {
	name: string;
	parameters: Record<string, unknown>;
	executeOnce?: boolean;
}

const example = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'weekly-usage-report.json'), 'utf8')) as { nodes: ExampleNode[] };
const nodeNamed = (name: string) => example.nodes.find((node) => node.name === name)!;

const server = useFakeSegment(() => new FakeSegment({ writeKeys: [WRITE_KEY], publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }));

const at = setClock;
beforeEach(() => server.fake.workspace.seed());
afterEach(() => jest.useRealTimers());

async function send(messages: Array<Record<string, unknown>>) {
	const { error } = await runNode({ parameters: { operation: 'batch', messagesFrom: 'inputItems' }, items: messages, credentials: writeKeyCredentials(server.fake.url) });
	if (error) throw error;
}

type Item = { json: Record<string, unknown> };

/** The example as n8n runs it: Event Volume, then MTU, then the report written by its Code node. */
async function runReport(): Promise<{ subject: string; text: string; sources: Array<{ source: string; events: number; mtuThisMonth: number | null }> }> {
	const credentials = publicApiCredentials(server.fake.url);
	const volume = await runNode({ parameters: nodeNamed('Event Volume per Source').parameters, items: [{}], credentials });
	if (volume.error) throw volume.error;
	const mtu = await runNode({ parameters: nodeNamed('MTU per Source').parameters, items: volume.output.map((item) => item.json), credentials });
	if (mtu.error) throw mtu.error;
	const code = nodeNamed('Write the Report');
	// n8n hands a Code node only the first item when "Execute Once" is on.
	const input: Item[] = (code.executeOnce ? mtu.output.slice(0, 1) : mtu.output) as Item[];
	const outputs: Record<string, Item[]> = { 'Event Volume per Source': volume.output as Item[] };
	const $input = { all: () => input, first: () => input[0] };
	const $ = (name: string) => ({ first: () => outputs[name][0], all: () => outputs[name] });
	const result = new Function('$input', '$', code.parameters.jsCode as string)($input, $) as Item[];
	return result[0].json as never;
}

describe('the weekly usage report example, on any date', () => {
	test('Thursday the 3rd: this month\'s MTU is the newest snapshot, not the first day\'s', async () => {
		at('2026-12-01T10:00:00Z');
		await send([{ type: 'track', userId: 'user-a', event: 'Report Viewed' }]);
		at('2026-12-03T09:00:00Z');
		await send([
			{ type: 'identify', userId: 'user-b', traits: { plan: 'pro' } },
			{ type: 'track', anonymousId: 'anon-c', event: 'Report Viewed' },
		]);
		at('2026-12-03T09:05:00Z');
		const report = await runReport();
		expect(report.sources).toEqual([{ source: 'Source 001', events: 3, mtuThisMonth: 3 }]);
		expect(report.text).toBe('Source 001: 3 events this week, 3 MTU this month');
	});

	test('Monday the 1st, a week across two months: the events of the whole week, the MTU of the new month only', async () => {
		at('2026-05-28T12:00:00Z');
		await send([
			{ type: 'track', userId: 'user-may-1', event: 'Order Completed' },
			{ type: 'track', userId: 'user-may-2', event: 'Order Completed' },
		]);
		at('2026-06-01T07:00:00Z');
		await send([{ type: 'track', userId: 'user-june-1', event: 'Order Completed' }]);
		at('2026-06-01T08:00:00Z');
		const report = await runReport();
		expect(report.sources).toEqual([{ source: 'Source 001', events: 3, mtuThisMonth: 1 }]);
	});

	test('the last day of a month, late: every day of the month so far, the newest counted', async () => {
		for (const day of ['2026-07-27', '2026-07-29', '2026-07-31']) {
			at(`${day}T22:00:00Z`);
			await send([{ type: 'track', userId: `user-${day}`, event: 'Order Completed' }]);
		}
		at('2026-07-31T23:30:00Z');
		const report = await runReport();
		expect(report.sources).toEqual([{ source: 'Source 001', events: 3, mtuThisMonth: 3 }]);
	});

	test("a source with events this week but no MTU row for this month yet says so, instead of 0", async () => {
		at('2026-05-30T12:00:00Z');
		await send([{ type: 'track', userId: 'user-may', event: 'Order Completed' }]);
		at('2026-06-01T00:10:00Z');
		// Segment's usage rows come as daily snapshots; say it has none yet for June.
		server.fake.faults = (request) => (request.path.startsWith('/usage/mtu/') ? { kind: 'status', status: 200, body: { data: { dailyPerSourceMTUUsage: [] } } } : undefined);
		const report = await runReport();
		expect(report.text).toBe('Source 001: 1 events this week, no MTU reported yet this month');
	});
});
