import type { IDataObject } from 'n8n-workflow';

import { PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { pollTrigger, runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { advanceClock, PAST_SEGMENT_LAG_MS, useFixedClock } from './support/clock';
import { useFakeSegment } from './support/fixtures';
import { captureLogs } from './support/logs';
import { picked, publicApiCalls, queryOf } from './support/publicApiFixtures';

const server = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }));

const MINUTE = 60_000;
const logs = captureLogs();
const START = Date.parse('2026-11-20T12:00:00.000Z');

useFixedClock(START);
beforeEach(() => {
	server.fake.workspace.seed();
	server.fake.forgetMessageIds();
});

const advance = advanceClock;

/** Sends events to src_001 through the Segment node's own Tracking calls. */
let users = 0;
async function send(n: number, event = 'Order Completed', extra: Record<string, unknown> = {}) {
	const items = Array.from({ length: n }, () => ({ type: 'track', userId: `user-${++users}`, event, ...extra }));
	const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items, credentials: writeKeyCredentials(server.fake.url) });
	if (error) throw error;
	// Segment counts them a minute later, and the trigger's windows end that far behind.
	advance(PAST_SEGMENT_LAG_MS);
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
		const raisedAt = new Date().toISOString();
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
				since: raisedAt,
				// Whole minutes, ending on a minute at least a minute behind the poll.
				granularity: 'MINUTE',
				windowEnd: '2026-11-20T12:04:00.000Z',
				windowStart: '2026-11-20T11:49:00.000Z',
			}),
		);

		advance(MINUTE);
		await send(3);
		expect(await trigger.poll()).toEqual([]);

		failures.fake.workspace.observability.failures.clear();
		advance(16 * MINUTE);
		await send(4);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'recovered', destinationId: 'dst_001', failed: 0, delivered: 4, since: raisedAt })]);
		expect(await trigger.poll()).toEqual([]);

		failures.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.unauthorized' });
		advance(MINUTE);
		await send(6);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'failing', discardReasons: [{ reason: 'integrations.unauthorized', count: 6 }] })]);
		// What it keeps: one episode for one destination.
		expect(trigger.staticData).toEqual({ 'node:Segment Trigger': { deliveryFailures: { dst_001: { since: expect.any(String), seen: expect.any(String) } }, unmeasured: { deliveryFailures: [] } } });
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

describe('Delivery Failures: every destination that can be measured is watched', () => {
	const parameters = { watch: 'deliveryFailures', destinationScope: 'source', sourceId: picked('src_001'), thresholdType: 'count', threshold: 2, windowMinutes: 15 };

	test('a storage destination Delivery Overview does not cover is set aside with the reason, in the alarm and once in the log; the others still alarm', async () => {
		failures.fake.workspace.destinations.push({ id: 'dst_s3', name: 'Archive', enabled: true, sourceId: 'src_001', metadata: { id: 's3', slug: 'amazon-s3', name: 'Amazon S3' }, settings: {} });
		failures.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx' });
		const trigger = activate(parameters);
		await send(4);
		const [alarm, ...more] = await trigger.poll();
		expect(more).toEqual([]);
		expect(alarm).toEqual(expect.objectContaining({ status: 'failing', destinationId: 'dst_001', failed: 4, notMeasured: [{ destinationId: 'dst_s3', destinationName: 'Archive', reason: expect.stringContaining('not available for storage destinations') }] }));
		advance(MINUTE);
		await trigger.poll();
		const warnings = logs.filter((line) => line.level === 'warn' && line.message.includes('could not be measured')).map((line) => line.message);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('Archive (dst_s3)');
		expect((await trigger.poll('manual')).map((item) => [item.destinationId, item.status])).toEqual([['dst_001', 'failing'], ['dst_s3', 'unmeasured']]);
	});

	test('a destination missing from one poll\'s list keeps its episode: the same failure does not alarm twice', async () => {
		failures.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx' });
		const trigger = activate(parameters);
		await send(4);
		expect(await trigger.poll()).toHaveLength(1);
		// One answer of Segment's list without dst_001 (a page that lost it, a slow replica).
		let hidden = true;
		failures.fake.faults = ({ path }) => {
			if (!hidden || new URL(path, 'http://x').pathname !== '/destinations') return undefined;
			hidden = false;
			return { kind: 'status', status: 200, body: { data: { destinations: failures.fake.workspace.destinations.filter((destination) => destination.id !== 'dst_001'), pagination: { current: 'MA==', next: null } } } };
		};
		advance(MINUTE);
		await send(4);
		expect(await trigger.poll()).toEqual([]);
		advance(MINUTE);
		await send(4);
		expect(await trigger.poll()).toEqual([]);
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

	test('a steady trickle at low volume does not seem to fall: the window ends on a complete minute behind the clock', async () => {
		const trigger = activate({ watch: 'volumeChange', volumeOf: 'source', sourceId: picked('src_001'), percent: 50, direction: 'fall', comparedWith: 'day', windowMinutes: 1 });
		for (const day of [START - 86_400_000, START]) {
			for (let minute = 0; minute < 20; minute++) {
				jest.setSystemTime(day + minute * MINUTE + 30_000);
				const { error } = await runNode({ parameters: { operation: 'track', userId: 'steady', event: 'Heartbeat' }, items: [{}], credentials: writeKeyCredentials(server.fake.url) });
				if (error) throw error;
			}
		}
		// 12:20:10: the event of 12:19:30 is not counted yet by Segment; the one of the same minute a day ago is.
		jest.setSystemTime(START + 20 * MINUTE + 10_000);
		expect(await trigger.poll()).toEqual([]);
		const [item] = await trigger.poll('manual');
		expect(item).toEqual(expect.objectContaining({ status: 'ok', current: 1, previous: 1, windowStart: '2026-11-20T12:18:00.000Z', windowEnd: '2026-11-20T12:19:00.000Z', granularity: 'MINUTE' }));
	});

	test('a 15-minute window compared with a week before cannot be counted alike: the poll says so, and what to change', async () => {
		const trigger = activate({ watch: 'volumeChange', volumeOf: 'source', sourceId: picked('src_001'), percent: 50, direction: 'either', comparedWith: 'week', windowMinutes: 15 });
		await expect(trigger.poll()).rejects.toThrow(/Give the Window in whole hours/);
		expect(publicApiCalls(failures.fake).filter((call) => call.path.startsWith('/events/volume'))).toEqual([]);
	});

	test('a source whose volume rises', async () => {
		// Compared with a week before, both windows are whole hours.
		const trigger = activate({ watch: 'volumeChange', volumeOf: 'source', sourceId: picked('src_001'), percent: 100, direction: 'either', comparedWith: 'week', windowMinutes: 120 });
		jest.setSystemTime(START - 7 * 86_400_000 - 30 * MINUTE);
		await send(2);
		jest.setSystemTime(START - 30 * MINUTE);
		await send(5);
		jest.setSystemTime(START + PAST_SEGMENT_LAG_MS);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'changed', sourceId: 'src_001', current: 5, previous: 2, changePercent: 150, direction: 'rose', comparedWith: 'week' })]);
	});
});

const change = (type: string, id: string, at = new Date()) => failures.fake.workspace.audit.record(type, { id, type: 'source', name: id }, at);

describe('Audit Trail Events: each once, oldest first', () => {

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

describe('Audit Trail Events: nothing missed', () => {
	test("a burst beyond a poll's cap: the newest first, then the older ones at the next polls, each once", async () => {
		const trigger = activate({ watch: 'auditEvents', auditTypes: '' });
		await trigger.poll();
		advance(MINUTE);
		const base = Date.now();
		for (let n = 0; n < 6_200; n++) failures.fake.workspace.audit.record('Source Modified', { id: `src_${n}`, type: 'source' }, new Date(base + n * 10));
		advance(2 * MINUTE);
		const seen = new Set<unknown>();
		let total = 0;
		for (let poll = 0; poll < 4; poll++) {
			const events = await trigger.poll();
			total += events.length;
			for (const event of events) seen.add(event.id);
		}
		expect([total, seen.size]).toEqual([6_200, 6_200]);
		expect(await trigger.poll()).toEqual([]);
	});

	test('events without an ID, with an ID such as __proto__, or stamped far ahead: each emitted once, and the events after them too', async () => {
		const trigger = activate({ watch: 'auditEvents', auditTypes: '' });
		await trigger.poll();
		advance(MINUTE);
		const odd = [
			{ timestamp: new Date().toISOString(), type: 'Source Modified', resourceId: 'src_a', resourceType: 'source' },
			{ id: '__proto__', timestamp: new Date().toISOString(), type: 'Source Modified', resourceId: 'src_b', resourceType: 'source' },
			{ id: 'audit_future', timestamp: '2099-01-01T00:00:00.000Z', type: 'Source Modified', resourceId: 'src_c', resourceType: 'source' },
		];
		failures.fake.faults = ({ path }) => (path.startsWith('/audit-events') ? { kind: 'status', status: 200, body: { data: { events: [...odd, ...failures.fake.workspace.audit.events.slice().reverse()], pagination: { current: 'MA==', next: null } } } } : undefined);
		expect((await trigger.poll()).map((event) => event.resourceId).sort()).toEqual(['src_a', 'src_b', 'src_c']);
		advance(MINUTE);
		change('Source Deleted', 'src_after');
		expect((await trigger.poll()).map((event) => event.resourceId)).toEqual(['src_after']);
		expect(await trigger.poll()).toEqual([]);
	});

	test('a cursor another version kept, or a corrupt one, starts afresh with a line in the log: the trigger does not stay broken', async () => {
		const trigger = activate({ watch: 'auditEvents', auditTypes: '' });
		(trigger.staticData as Record<string, unknown>)['node:Segment Trigger'] = { audit: { cursor: 42, seen: 'nothing' } };
		expect(await trigger.poll()).toEqual([]);
		expect(logs.some((line) => line.level === 'warn' && line.message.includes('audit trail cursor was not readable'))).toBe(true);
		advance(MINUTE);
		change('Source Deleted', 'src_new');
		expect((await trigger.poll()).map((event) => event.resourceId)).toEqual(['src_new']);
	});
});

describe('MTU Budget, a usage month that starts on the 15th', () => {
	test('asks for the usage month that holds today, and alarms again only when the next one starts', async () => {
		jest.setSystemTime(Date.parse('2026-12-03T10:00:00.000Z'));
		const trigger = activate({ watch: 'mtuThreshold', mtuScope: 'workspace', monthlyBudget: 2, percents: '100', options: { usageMonthStartDay: 15 } });
		await send(2);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'crossed', threshold: 100, period: '2026-11-15', mtu: 2 })]);
		const periods = publicApiCalls(failures.fake).filter((call) => call.path.startsWith('/usage/mtu/')).map((call) => queryOf(call).get('period'));
		expect(periods).toEqual(['2026-11-15']);
		jest.setSystemTime(Date.parse('2026-12-14T10:00:00.000Z'));
		await send(1);
		expect(await trigger.poll()).toEqual([]);
		jest.setSystemTime(Date.parse('2026-12-15T10:00:00.000Z'));
		await send(2);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'crossed', period: '2026-12-15', mtu: 2 })]);
	});

	test('MTU state another version kept, or a corrupt one, does not break the polls', async () => {
		const trigger = activate({ watch: 'mtuThreshold', mtuScope: 'workspace', monthlyBudget: 2, percents: '100' });
		(trigger.staticData as Record<string, unknown>)['node:Segment Trigger'] = { mtu: { period: 7, notified: 'all' } };
		await send(2);
		expect(await trigger.poll()).toEqual([expect.objectContaining({ status: 'crossed', threshold: 100 })]);
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
