import { ACCESS_TOKEN, PUBLIC_API_TOKEN, SPACE_ID, WRITE_KEY } from './support/credentials';
import { FakeSegment } from './support/fakeSegment';
import { sendWithNode } from './support/profileFixtures';
import { picked, publicApiCalls, queryOf, runOnWorkspace } from './support/publicApiFixtures';

let fake: FakeSegment;

beforeAll(async () => {
	fake = await new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, accessTokens: { [ACCESS_TOKEN]: SPACE_ID }, writeKeys: [WRITE_KEY] }).start();
});
afterAll(async () => await fake.stop());
beforeEach(() => {
	fake.workspace.seed();
	fake.profiles.clear();
	fake.clearRecords();
	fake.faults = undefined;
});

const space = { spaceId: picked(SPACE_ID) };
const audiences = () => fake.workspace.engage.audiences;
const vip = () => audiences().find((audience) => audience.key === 'vip_customers')!;
const run = (operation: string, parameters: Record<string, unknown> = {}, extra: { continueOnFail?: boolean; items?: Array<Record<string, unknown>> } = {}) =>
	runOnWorkspace(fake, { resource: 'audience', operation, parameters: { ...space, ...parameters }, ...extra });

/** Three orders make a VIP in the fake's seeded audience. */
async function ordersBy(userId: string, orders: number) {
	await sendWithNode(fake, Array.from({ length: orders }, (_, n) => ({ type: 'track', userId, event: 'Order Completed', properties: { order_id: `${userId}-${n}` } })));
}

describe('Get Many and Get', () => {
	test('the audiences of the space, one item each, searched by name with the alpha media type', async () => {
		const all = await run('getAll', { returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.output.map((item) => item.json.key)).toEqual(['vip_customers', 'churn_risk', 'old_newsletter']);
		const found = await run('getAll', { search: 'churn', returnAll: true });
		expect(found.output.map((item) => item.json.name)).toEqual(['Churn Risk']);
		const [request] = publicApiCalls(fake).slice(-1);
		expect(Object.fromEntries(queryOf(request))).toEqual({ 'search.type': 'NAME', 'search.query': 'churn', 'pagination.count': '200' });
		expect(request.headers.accept).toBe('application/vnd.segment.v1alpha+json');
	});

	test("Return All follows Segment's pages of 200; Limit stops early", async () => {
		for (let n = 0; n < 250; n++) fake.workspace.engage.addAudience(SPACE_ID, { name: `Segment ${n}`, query: "trait('n') = 1" });
		fake.clearRecords();
		const all = await run('getAll', { returnAll: true });
		expect(all.output).toHaveLength(253);
		expect(publicApiCalls(fake).map((request) => queryOf(request).get('pagination.count'))).toEqual(['200', '200']);
		fake.clearRecords();
		const some = await run('getAll', { returnAll: false, limit: 5 });
		expect(some.output).toHaveLength(5);
		expect(publicApiCalls(fake).map((request) => queryOf(request).get('pagination.count'))).toEqual(['5']);
	});

	test('one audience with its schedules, size following the events Segment received', async () => {
		await ordersBy('user-vip', 3);
		await ordersBy('user-new', 1);
		const { output, error } = await run('get', { audienceId: picked(vip().id) });
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual(expect.objectContaining({ id: vip().id, key: 'vip_customers', status: 'Live', size: { count: 1, uniqueCount: 1, type: 'USERS' }, schedules: [] }));
		expect(queryOf(publicApiCalls(fake).at(-1)!).get('include')).toBe('schedules');
	});
});

describe('Create, Update, Delete', () => {
	test('create sends what Segment takes, no key; the audience is computed from past events', async () => {
		await ordersBy('user-1', 1);
		const { output, error } = await run('create', {
			name: 'First Buyers',
			key: 'first_buyers',
			definition: "event('Order Completed').count() >= 1",
			audienceType: 'USERS',
			enabled: true,
			additionalFields: { description: 'Bought once', includeHistoricalData: true },
		});
		expect(error).toBeUndefined();
		expect(JSON.parse(publicApiCalls(fake).at(-1)!.body)).toEqual({
			name: 'First Buyers',
			definition: { query: "event('Order Completed').count() >= 1" },
			audienceType: 'USERS',
			enabled: true,
			description: 'Bought once',
			options: { includeHistoricalData: true },
		});
		expect(output[0].json).toEqual(expect.objectContaining({ key: 'first_buyers', size: { count: 1, uniqueCount: 1, type: 'USERS' } }));
	});

	test('a key Segment did not make fails the item, saying the audience exists and what to do', async () => {
		const { error } = await run('create', { name: 'Big Spenders', key: 'whales', definition: "trait('ltv') > 1000", audienceType: 'USERS' });
		expect(error?.message).toBe(`Segment created the audience with the key "big_spenders", not "whales" (audience ${audiences().at(-1)!.id})`);
		expect(error?.description).toContain('never changes');
	});

	test("a query Segment refuses comes back in Segment's words, with the field and a hint", async () => {
		const { error } = await run('create', { name: 'Broken', definition: 'event(Order Completed)', audienceType: 'USERS' });
		expect(error?.message).toMatch(/^Segment's Public API answered 422: definition\.query is not a valid audience query: .* \(field definition\.query\)$/);
		expect(error?.description).toContain("event('Order Completed').count() >= 3");
	});

	test('update sends only the fields given; membership follows a new definition', async () => {
		await ordersBy('user-1', 1);
		const { output, error } = await run('update', { audienceId: picked(vip().id), updateFields: { definition: "event('Order Completed').count() >= 1" } });
		expect(error).toBeUndefined();
		expect(JSON.parse(publicApiCalls(fake).at(-1)!.body)).toEqual({ definition: { query: "event('Order Completed').count() >= 1" } });
		expect(output[0].json.size).toEqual({ count: 1, uniqueCount: 1, type: 'USERS' });
		const nothing = await run('update', { audienceId: picked(vip().id), updateFields: {} });
		expect(nothing.error?.message).toBe('Nothing to update: add at least one of the Update Fields');
	});

	test('delete removes it; deleting it again reports it gone instead of failing', async () => {
		const id = vip().id;
		const first = await run('delete', { audienceId: picked(id) });
		expect(first.output[0].json).toEqual({ id, deleted: true });
		expect(audiences().some((audience) => audience.id === id)).toBe(false);
		const again = await run('delete', { audienceId: picked(id) });
		expect(again.error).toBeUndefined();
		expect(again.output[0].json).toEqual({ id, deleted: false, reason: 'Segment has no such audience (already deleted?)' });
	});
});

describe('Run', () => {
	test('a Linked audience runs now; another kind is refused with why', async () => {
		const linked = fake.workspace.engage.addAudience(SPACE_ID, { name: 'Warehouse VIPs', query: "trait('tier') = 'gold'", audienceType: 'LINKED' });
		const ran = await run('run', { audienceId: picked(linked.id) });
		expect(ran.output[0].json).toEqual({ audienceId: linked.id, runId: expect.stringMatching(/^run_/) });
		const refused = await run('run', { audienceId: picked(vip().id) });
		expect(refused.error?.message).toContain('Only LINKED audiences can be run on demand');
		expect(refused.error?.description).toContain('Linked audiences');
	});
});

describe('Preview, with Wait for Result', () => {
	const previewOf = (definition: string, waitOptions: Record<string, unknown> = { maxIntervalSeconds: 1 }) => ({ definition, audienceType: 'USERS', waitForResult: true, waitOptions });

	test('polls until Segment is done, then returns the size and a sample', async () => {
		await ordersBy('user-a', 3);
		await ordersBy('user-b', 4);
		await ordersBy('user-c', 1);
		const { output, error } = await run('preview', previewOf("event('Order Completed').count() >= 3"));
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual(expect.objectContaining({ status: 'COMPLETED', done: true, count: 2, size: { count: 2, uniqueCount: 2, type: 'USERS' } }));
		expect((output[0].json.results as unknown[]).length).toBe(2);
		const calls = publicApiCalls(fake).map((call) => call.method);
		expect(calls).toEqual(['POST', 'GET', 'GET']);
	});

	test("a preview Segment could not compute fails the item with Segment's reason; Continue On Fail keeps it", async () => {
		fake.workspace.engage.failPreviewsWith = 'The query scans more than 90 days of events';
		const failed = await run('preview', previewOf("event('Order Completed').count() >= 1"));
		expect(failed.error?.message).toBe('Segment could not compute the audience preview: The query scans more than 90 days of events');
		const kept = await run('preview', previewOf("event('Order Completed').count() >= 1"), { continueOnFail: true });
		expect(kept.output[0].json).toEqual(expect.objectContaining({ status: 'FAILED', failureReason: 'The query scans more than 90 days of events', error: expect.any(String) }));
	});

	test('past its Timeout the item fails with the Preview ID; without waiting, the ID comes at once and Get Preview reads it', async () => {
		fake.workspace.engage.previewReadsToFinish = 1_000;
		const timedOut = await run('preview', previewOf("trait('a') = 1", { maxIntervalSeconds: 1, timeoutSeconds: 2 }));
		expect(timedOut.error?.message).toMatch(/^The audience preview prv_\d+ was still running after 2 seconds$/);
		expect(timedOut.error?.description).toContain('Get Preview');

		fake.workspace.engage.previewReadsToFinish = 1;
		const started = await run('preview', { definition: "trait('a') = 1", audienceType: 'USERS', waitForResult: false });
		expect(started.output[0].json).toEqual({ previewId: expect.stringMatching(/^prv_/), status: 'RUNNING', done: false });
		const read = await run('getPreview', { previewId: started.output[0].json.previewId });
		expect(read.output[0].json).toEqual(expect.objectContaining({ status: 'COMPLETED', count: 0, done: true }));
	});

	test('Wait Options out of range are refused before anything is sent', async () => {
		const { error } = await run('preview', previewOf("trait('a') = 1", { timeoutSeconds: 0 }));
		expect(error?.message).toBe('Timeout (Seconds) must be a number of seconds from 1 to 86,400');
		expect(publicApiCalls(fake)).toEqual([]);
	});
});

describe('without Engage', () => {
	test("Segment's refusal comes with words about the feature", async () => {
		fake.workspace.engage.enabled = false;
		const { error } = await run('getAll', { returnAll: true });
		expect(error?.message).toBe("Segment's Public API answered 403: The Audience feature is not enabled for this workspace");
		expect(error?.description).toContain('Segment turns it on per workspace');
	});
});

describe('Computed Trait', () => {
	test('Get Many and Get, with the alpha media type', async () => {
		const all = await runOnWorkspace(fake, { resource: 'computedTrait', operation: 'getAll', parameters: { ...space, returnAll: true } });
		expect(all.output.map((item) => item.json.key)).toEqual(['orders_count', 'last_plan']);
		const one = await runOnWorkspace(fake, { resource: 'computedTrait', operation: 'get', parameters: { ...space, computedTraitId: picked('ct_001') } });
		expect(one.output[0].json).toEqual(expect.objectContaining({ id: 'ct_001', definition: { query: "event('Order Completed').count()", type: 'USERS' } }));
		expect(publicApiCalls(fake).every((call) => call.headers.accept === 'application/vnd.segment.v1alpha+json')).toBe(true);
	});
});
