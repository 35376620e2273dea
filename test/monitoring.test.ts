import { PUBLIC_API_TOKEN, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { advanceClock, PAST_SEGMENT_LAG_MS, useFixedClock } from './support/clock';
import { useFakeSegment } from './support/fixtures';
import { picked, publicApiCalls, queryOf, runOnWorkspace } from './support/publicApiFixtures';

const server = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }));
useFixedClock('2026-11-20T12:00:00.000Z');
beforeEach(() => {
	server.fake.workspace.seed();
	server.fake.forgetMessageIds();
});

/** Sends messages to src_001 (whose write key the credential holds) through the Segment node. */
async function send(messages: Array<Record<string, unknown>>) {
	const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items: messages, credentials: writeKeyCredentials(server.fake.url) });
	if (error) throw error;
	// Segment counts them a minute later.
	advanceClock(PAST_SEGMENT_LAG_MS);
}

const orders = (n: number, event = 'Order Completed') => Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `u${i}`, event, context: { app: { version: '4.2.0' } } }));

const run = (resource: string, operation: string, parameters: Record<string, unknown> = {}) => runOnWorkspace(server.fake, { resource, operation, parameters });

describe('Delivery Overview: what a source received', () => {
	test('by default the last 24 hours by hour, grouped by event name: counts as numbers, one item per bucket and group', async () => {
		await send([...orders(3), ...orders(2, 'Signed Up'), { type: 'identify', userId: 'u1', traits: {} }]);
		const { output, error } = await run('deliveryOverview', 'getSourceMetrics', { stage: 'successfullyReceived', sourceId: picked('src_001'), groupBy: ['eventName'] });
		expect(error).toBeUndefined();
		const rows = output.map((item) => item.json);
		// One item per hour bucket and group (all of these fall in one hour, or two around an hour's turn).
		const counted = new Map<unknown, number>();
		for (const row of rows) counted.set(row.eventName, (counted.get(row.eventName) ?? 0) + Number(row.count));
		expect([...counted]).toEqual([['Order Completed', 3], ['Signed Up', 2], [null, 1]]);
		expect(rows[0]).toEqual(expect.objectContaining({ stage: 'successfullyReceived', sourceId: 'src_001', granularity: 'HOUR', groupTotal: 3, total: 6 }));
		expect(rows.every((row) => typeof row.count === 'number' && typeof row.time === 'string')).toBe(true);
		expect(Date.parse(String(rows[0].endTime)) - Date.parse(String(rows[0].startTime))).toBe(86_400_000);
		const [call] = publicApiCalls(server.fake);
		expect(new URL(call.path, 'http://x').pathname).toBe('/delivery-overview/successfully-received');
		expect(queryOf(call).get('groupBy.0')).toBe('eventName');
		expect(call.headers.accept).toBe('application/vnd.segment.v1beta+json');
	});

	test('what Segment dropped on the way in, by discard reason, filtered by event type', async () => {
		// Messages the node itself would refuse, sent raw as another library might.
		await fetch(`${server.fake.url}/v1/batch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}` },
			body: JSON.stringify({ batch: [{ type: 'track', userId: 'u1' }, { type: 'track', userId: 'u2' }, { type: 'identify', traits: {} }] }),
		});
		advanceClock(PAST_SEGMENT_LAG_MS);
		const { output } = await run('deliveryOverview', 'getSourceMetrics', {
			stage: 'failedOnIngest',
			sourceId: picked('src_001'),
			groupBy: ['discardReason'],
			filters: { eventType: ['track'] },
			output: 'summary',
		});
		expect(output.map((item) => item.json)).toEqual([expect.objectContaining({ stage: 'failedOnIngest', total: 2, groups: [{ discardReason: 'MISSING_EVENT_NAME', total: 2 }] })]);
		expect(queryOf(publicApiCalls(server.fake)[0]).get('filter.eventType.0')).toBe('track');
	});

	test('a window Segment would refuse is refused before sending, saying what to change', async () => {
		const now = Date.now();
		const tooLong = await run('deliveryOverview', 'getSourceMetrics', {
			sourceId: picked('src_001'),
			granularity: 'MINUTE',
			startTime: new Date(now - 5 * 3_600_000).toISOString(),
			endTime: new Date(now).toISOString(),
		});
		expect(tooLong.error?.message).toBe('A window of 5 hours is too long for granularity Minute: Segment takes at most 4 hours; shorten it or choose a coarser granularity');
		const tooOld = await run('deliveryOverview', 'getSourceMetrics', {
			sourceId: picked('src_001'),
			granularity: 'HOUR',
			startTime: new Date(now - 40 * 86_400_000).toISOString(),
			endTime: new Date(now - 39 * 86_400_000).toISOString(),
		});
		expect(tooOld.error?.message).toMatch(/^Start Time .* is more than 30 days ago: Segment keeps hour buckets for 30 days/);
		const backwards = await run('deliveryOverview', 'getSourceMetrics', { sourceId: picked('src_001'), startTime: new Date(now).toISOString(), endTime: new Date(now - 60_000).toISOString() });
		expect(backwards.error?.message).toMatch(/^End Time .* must be after Start Time/);
		const wrongGroup = await run('deliveryOverview', 'getSourceMetrics', { stage: 'successfullyReceived', sourceId: picked('src_001'), groupBy: ['discardReason'] });
		expect(wrongGroup.error?.message).toBe('Group By discardReason is not available for this stage: it takes eventName, eventType, appVersion');
		expect(publicApiCalls(server.fake)).toEqual([]);
	});
});

describe('Delivery Overview: what a destination really got', () => {
	test('failed deliveries of a destination Segment cannot reach, by discard reason; the others delivered', async () => {
		server.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx', everyNth: 2 });
		await send(orders(10));
		const failed = await run('deliveryOverview', 'getDestinationMetrics', { stage: 'failedDelivery', sourceId: picked('src_001'), destinationId: picked('dst_001'), groupBy: ['discardReason'], output: 'summary' });
		expect(failed.output[0].json).toEqual(expect.objectContaining({ stage: 'failedDelivery', destinationId: 'dst_001', total: 5, groups: [{ discardReason: 'integrations.http_5xx', total: 5 }] }));
		const delivered = await run('deliveryOverview', 'getDestinationMetrics', { stage: 'successfulDelivery', sourceId: picked('src_001'), destinationId: picked('dst_001'), output: 'summary' });
		expect(delivered.output[0].json.total).toBe(5);
		expect(queryOf(publicApiCalls(server.fake)[0]).get('destinationConfigId')).toBe('dst_001');
	});

	test('a destination filter that drops events shows as filtered at the destination', async () => {
		server.fake.workspace.destinationFilters.push({
			id: 'df_1',
			sourceId: 'src_001',
			destinationId: 'dst_001',
			if: 'event = "Signed Up"',
			actions: [{ type: 'DROP' }],
			title: 'No sign-ups',
			enabled: true,
			createdAt: '',
			updatedAt: '',
		});
		await send([...orders(2), ...orders(3, 'Signed Up')]);
		const { output } = await run('deliveryOverview', 'getDestinationMetrics', { stage: 'filteredAtDestination', sourceId: picked('src_001'), destinationId: picked('dst_001'), groupBy: ['eventName'] });
		expect(output.map((item) => [item.json.eventName, item.json.count])).toEqual([['Signed Up', 3]]);
	});

	test("Get Destination Summary: Segment's totals by metric, as numbers, and by name", async () => {
		server.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.unauthorized' });
		await send(orders(4));
		const { output } = await run('deliveryOverview', 'getDestinationSummary', { sourceId: picked('src_001'), destinationId: picked('dst_001') });
		expect(output[0].json).toEqual(expect.objectContaining({ destinationId: 'dst_001', sourceId: 'src_001', totals: { successes: 0, failures: 4, filtered: 0 } }));
		expect(publicApiCalls(server.fake)[0].headers.accept).toBe('application/vnd.segment.v1beta+json');
	});
});

describe('Usage', () => {
	test('event volume by source and event name, numbers as numbers, the source named', async () => {
		await send([...orders(3), ...orders(1, 'Signed Up')]);
		const { output } = await run('usage', 'getEventVolume', { groupBy: ['source', 'eventName'], output: 'summary' });
		expect(output[0].json).toEqual(
			expect.objectContaining({
				total: 4,
				groups: [
					{ sourceId: 'src_001', sourceName: 'Source 001', sourceSlug: 'source-001', eventName: 'Order Completed', total: 3 },
					{ sourceId: 'src_001', sourceName: 'Source 001', sourceSlug: 'source-001', eventName: 'Signed Up', total: 1 },
				],
			}),
		);
		const query = queryOf(publicApiCalls(server.fake)[0]);
		expect([query.get('groupBy.0'), query.get('groupBy.1')]).toEqual(['source', 'eventName']);
	});

	test('event volume filtered by event name', async () => {
		await send([...orders(3), ...orders(1, 'Signed Up')]);
		const { output } = await run('usage', 'getEventVolume', { filters: { eventName: 'Signed Up' }, output: 'summary' });
		expect(output[0].json.total).toBe(1);
		expect(queryOf(publicApiCalls(server.fake)[0]).get('eventName.0')).toBe('Signed Up');
	});

	test("the month's MTU, per day, counts as numbers, with mtu = identified + never identified", async () => {
		await send([
			{ type: 'identify', userId: 'ada', anonymousId: 'anon-1', traits: {} },
			{ type: 'track', anonymousId: 'anon-2', event: 'Viewed' },
			{ type: 'track', userId: 'grace', event: 'Viewed' },
		]);
		const { output } = await run('usage', 'getMtu', {});
		const today = output.at(-1)!.json;
		expect(today).toEqual(expect.objectContaining({ identified: 2, anonymous: 2, anonymousIdentified: 1, neverIdentified: 1, mtu: 3 }));
		expect(typeof today.periodStart).toBe('number');
		const period = queryOf(publicApiCalls(server.fake)[0]).get('period');
		expect(period).toMatch(/^\d{4}-\d{2}-01$/);
		const perSource = await run('usage', 'getMtu', { scope: 'perSource', period: period!.slice(0, 7) });
		expect(perSource.output.at(-1)!.json).toEqual(expect.objectContaining({ sourceId: 'src_001', mtu: 3 }));
		expect(new URL(publicApiCalls(server.fake).at(-1)!.path, 'http://x').pathname).toBe('/usage/mtu/sources/daily');
	});

	test('API calls per source; a period that is no month is refused', async () => {
		await send(orders(2));
		await send(orders(2));
		const { output } = await run('usage', 'getApiCalls', { scope: 'perSource' });
		expect(output.at(-1)!.json).toEqual(expect.objectContaining({ sourceId: 'src_001', apiCalls: 2 }));
		const wrong = await run('usage', 'getApiCalls', { period: 'last month' });
		expect(wrong.error?.message).toBe('Period must be a month, not "last month"');
	});
});

describe('Audit trail', () => {
	test('who changed what: newest first, by resource, up to the limit', async () => {
		await run('source', 'update', { sourceId: picked('src_002'), updateFields: { enabled: false } });
		await run('destination', 'update', { destinationId: picked('dst_001'), updateFields: { name: 'Mixpanel EU' } });
		await run('source', 'update', { sourceId: picked('src_002'), updateFields: { name: 'Retired' } });
		const all = await run('auditEvent', 'getAll', { returnAll: true });
		expect(all.output.map((item) => [item.json.type, item.json.resourceId])).toEqual([
			['Source Modified', 'src_002'],
			['Integration Modified', 'dst_001'],
			['Source Modified', 'src_002'],
		]);
		const one = await run('auditEvent', 'getAll', { resourceId: 'dst_001', returnAll: true });
		expect(one.output.map((item) => item.json.resourceName)).toEqual(['Mixpanel EU']);
		const limited = await run('auditEvent', 'getAll', { returnAll: false, limit: 2 });
		expect(limited.output).toHaveLength(2);
	});
});
