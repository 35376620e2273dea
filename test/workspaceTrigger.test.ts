import type { IDataObject } from 'n8n-workflow';

import { PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { pollTrigger, runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { useFakeSegment } from './support/fixtures';
import { picked, publicApiCalls } from './support/publicApiFixtures';

const server = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }));

const MINUTE = 60_000;
const START = Date.parse('2026-11-20T12:00:00.000Z');

// Only the clock is faked: the node, n8n-core and the fake Segment read the same time, and sleep as usual.
beforeEach(() => {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'], now: START });
	server.fake.workspace.seed();
	server.fake.forgetMessageIds();
});
afterEach(() => jest.useRealTimers());

const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

/** Sends events to src_001 through the Segment node's own Tracking calls. */
let users = 0;
async function send(n: number, event = 'Order Completed', extra: Record<string, unknown> = {}) {
	const items = Array.from({ length: n }, () => ({ type: 'track', userId: `user-${++users}`, event, ...extra }));
	const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items, credentials: writeKeyCredentials(server.fake.url) });
	if (error) throw error;
}

/** A trigger activated with `parameters`, polled as n8n does, its static data carried from poll to poll. */
function activate(parameters: Record<string, unknown>) {
	const staticData: IDataObject = {};
	return {
		staticData,
		async poll(mode: 'trigger' | 'manual' = 'trigger') {
			const result = await pollTrigger({ type: 'segmentWorkspaceTrigger', parameters, credentials: publicApiCredentials(server.fake.url), staticData, mode });
			if (result.error) throw result.error;
			return (result.items ?? []).map((item) => item.json);
		},
	};
}

const failures = server;

describe('Delivery Failures: one alarm per episode', () => {
	const parameters = { watch: 'deliveryFailures', destinationScope: 'source', sourceId: picked('src_001'), thresholdType: 'count', threshold: 5, windowMinutes: 15, options: { notifyRecovery: true } };

	test('raised when failures cross the threshold, not again while they last, "recovered" once they end, raised again on a new episode', async () => {
		const trigger = activate(parameters);
		await send(10);
		expect(await trigger.poll()).toEqual([]);

		failures.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx' });
		advance(MINUTE);
		await send(8);
		const [alarm, ...more] = await trigger.poll();
		expect(more).toEqual([]);
		expect(alarm).toEqual(
			expect.objectContaining({
				watch: 'deliveryFailures',
				status: 'failing',
				destinationId: 'dst_001',
				destinationName: 'Destination 001',
				sourceId: 'src_001',
				failed: 8,
				delivered: 10,
				attempts: 18,
				failureRate: 44.4,
				threshold: { type: 'count', value: 5 },
				discardReasons: [{ reason: 'integrations.http_5xx', count: 8 }],
				since: new Date(START + MINUTE).toISOString(),
			}),
		);

		advance(MINUTE);
		await send(3);
		expect(await trigger.poll()).toEqual([]);

		failures.fake.workspace.observability.failures.clear();
		advance(16 * MINUTE);
		await send(4);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'recovered', destinationId: 'dst_001', failed: 0, delivered: 4, since: new Date(START + MINUTE).toISOString() })]);
		expect(await trigger.poll()).toEqual([]);

		failures.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.unauthorized' });
		advance(MINUTE);
		await send(6);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'failing', discardReasons: [{ reason: 'integrations.unauthorized', count: 6 }] })]);
		// What it keeps: one episode for one destination.
		expect(trigger.staticData).toEqual({ 'node:Segment Trigger': { deliveryFailures: { dst_001: { since: expect.any(String) } } } });
	});

	test('a percentage of attempts; chosen destinations; the metrics asked for by the minute over the window', async () => {
		const trigger = activate({ ...parameters, destinationScope: 'chosen', destinationIds: ['dst_001'], thresholdType: 'percent', threshold: 20 });
		failures.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_4xx', everyNth: 4 });
		await send(20);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'failing', failed: 5, attempts: 20, failureRate: 25 })]);
		const metricCalls = publicApiCalls(failures.fake).filter((call) => call.path.startsWith('/delivery-overview/'));
		const query = new URL(metricCalls[0].path, 'http://x').searchParams;
		expect([query.get('granularity'), Date.parse(query.get('endTime')!) - Date.parse(query.get('startTime')!)]).toEqual(['MINUTE', 15 * MINUTE]);
	});

	test('Fetch Test Event shows each watched destination as it is now, and keeps nothing', async () => {
		const trigger = activate(parameters);
		await send(2);
		expect(await trigger.poll('manual')).toEqual([expect.objectContaining({ status: 'ok', destinationId: 'dst_001', delivered: 2, failed: 0 })]);
		expect(trigger.staticData['node:Segment Trigger'] ?? {}).toEqual({});
	});
});

describe('Source Goes Silent', () => {
	const parameters = { watch: 'sourceSilent', sourceIds: ['src_001', 'src_002'], minimumEvents: 1, windowMinutes: 15, options: { notifyRecovery: true } };

	test('a source with traffic before and none in the window: one alarm, kept quiet while silent, "recovered" when events come back; a source that never had events stays quiet', async () => {
		const trigger = activate(parameters);
		await send(5);
		expect(await trigger.poll()).toEqual([]);
		advance(20 * MINUTE);
		const [silent, ...more] = await trigger.poll();
		expect(more).toEqual([]);
		expect(silent).toEqual(expect.objectContaining({ watch: 'sourceSilent', status: 'silent', sourceId: 'src_001', sourceName: 'Source 001', received: 0, receivedBefore: 5, minimumEvents: 1 }));
		advance(30 * 60 * MINUTE);
		// A day and a half of silence: the traffic before is silence too now, and the episode goes on.
		expect(await trigger.poll()).toEqual([]);
		await send(1);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'recovered', sourceId: 'src_001', received: 1 })]);
	});
});

describe('Event Volume Change', () => {
	test('a fall of more than Percent against the same window a day before', async () => {
		const trigger = activate({ watch: 'volumeChange', volumeOf: 'event', eventName: 'Order Completed', percent: 50, direction: 'fall', comparedWith: 'day', windowMinutes: 60 });
		jest.setSystemTime(START - 86_400_000);
		await send(10);
		jest.setSystemTime(START);
		await send(2);
		await send(3, 'Signed Up');
		expect(await trigger.poll()).toEqual([
			expect.objectContaining({ watch: 'volumeChange', status: 'changed', eventName: 'Order Completed', current: 2, previous: 10, changePercent: -80, direction: 'fell', comparedWith: 'day' }),
		]);
		advance(MINUTE);
		expect(await trigger.poll()).toEqual([]);
	});

	test('a source whose volume rises', async () => {
		const trigger = activate({ watch: 'volumeChange', volumeOf: 'source', sourceId: picked('src_001'), percent: 100, direction: 'either', comparedWith: 'week', windowMinutes: 30 });
		jest.setSystemTime(START - 7 * 86_400_000);
		await send(2);
		jest.setSystemTime(START);
		await send(5);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'changed', sourceId: 'src_001', current: 5, previous: 2, changePercent: 150, direction: 'rose', comparedWith: 'week' })]);
	});
});

describe('Audit Trail Events: each once, oldest first', () => {
	const change = (type: string, id: string, at = new Date()) => failures.fake.workspace.audit.record(type, { id, type: 'source', name: id }, at);

	test('no backlog on activation; events sharing a timestamp; a late one; never twice', async () => {
		change('Source Modified', 'src_old');
		advance(1_000);
		const trigger = activate({ watch: 'auditEvents', auditTypes: '' });
		expect(await trigger.poll()).toEqual([]);
		advance(MINUTE);
		const same = new Date();
		change('Source Modified', 'src_001', same);
		change('Source Deleted', 'src_002', same);
		advance(1_000);
		await runNode({ parameters: { resource: 'destination', operation: 'update', destinationId: picked('dst_001'), updateFields: { enabled: false } }, items: [{}], credentials: publicApiCredentials(failures.fake.url) });
		const first = await trigger.poll();
		expect(first.map((event) => [event.type, event.resourceId])).toEqual([
			['Source Modified', 'src_001'],
			['Source Deleted', 'src_002'],
			['Integration Modified', 'dst_001'],
		]);
		advance(MINUTE);
		// Listed late, with a time before the newest one seen: still within the late-arrival window.
		change('Source Modified', 'src_003', new Date(Date.now() - 2 * MINUTE));
		const second = await trigger.poll();
		expect(second.map((event) => event.resourceId)).toEqual(['src_003']);
		expect(await trigger.poll()).toEqual([]);
		const kept = (trigger.staticData['node:Segment Trigger'] as { audit: { seen: Record<string, string> } }).audit.seen;
		expect(Object.keys(kept).length).toBeLessThanOrEqual(4);
	});

	test('only the chosen types; Fetch Test Event gives the newest, or says there is none', async () => {
		const trigger = activate({ watch: 'auditEvents', auditTypes: 'Source Deleted' });
		await expect(trigger.poll('manual')).rejects.toThrow('The audit trail has no event of these kinds in the last 90 days');
		await trigger.poll();
		advance(MINUTE);
		change('Source Modified', 'src_001');
		change('Source Deleted', 'src_002');
		expect((await trigger.poll()).map((event) => event.type)).toEqual(['Source Deleted']);
		expect((await trigger.poll('manual')).map((event) => event.resourceId)).toEqual(['src_002']);
	});
});

describe('MTU Budget', () => {
	test('each threshold once a month; a new month starts afresh', async () => {
		const trigger = activate({ watch: 'mtuThreshold', mtuScope: 'workspace', monthlyBudget: 4, percents: '50, 100' });
		await send(2);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ watch: 'mtuThreshold', status: 'crossed', threshold: 50, mtu: 2, monthlyBudget: 4, percentOfBudget: 50, period: '2026-11-01' })]);
		expect(await trigger.poll()).toEqual([]);
		await send(3);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ threshold: 100, mtu: 5, percentOfBudget: 125 })]);
		jest.setSystemTime(Date.parse('2026-12-01T00:10:00.000Z'));
		await send(3);
		expect((await trigger.poll()).map((item) => [item.period, item.threshold])).toEqual([['2026-12-01', 50]]);
	});
});

describe('a poll that fails is an error in the execution list', () => {
	test('a revoked token', async () => {
		const result = await pollTrigger({ type: 'segmentWorkspaceTrigger', parameters: { watch: 'auditEvents' }, credentials: publicApiCredentials(failures.fake.url, 'revoked-token'), staticData: {} });
		expect(result.error?.message).toBe("Segment's Public API answered 401: The token is missing, malformed or revoked");
	});

	test('a 429 is waited for, and the poll goes on', async () => {
		let calls = 0;
		failures.fake.faults = ({ path }) => (path.startsWith('/audit-events') && ++calls === 1 ? { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } : undefined);
		const trigger = activate({ watch: 'auditEvents' });
		expect(await trigger.poll()).toEqual([]);
		expect(calls).toBe(2);
	});
});
