import { PUBLIC_API_TOKEN, READ_ONLY_TOKEN, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { picked, publicApiCalls, queryOf, runOnWorkspace } from './support/publicApiFixtures';
import { HTTP_API_SOURCE } from './support/publicApiStore';

let fake: FakeSegment;

beforeAll(async () => {
	fake = await new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner', [READ_ONLY_TOKEN]: 'readOnly' }, writeKeys: [WRITE_KEY], sourceWriteKey: WRITE_KEY }).start();
});
afterAll(async () => await fake.stop());
beforeEach(() => {
	fake.workspace.seed();
	fake.clearRecords();
	fake.forgetMessageIds();
	fake.faults = undefined;
});

const run = (resource: string, operation: string, parameters: Record<string, unknown> = {}, continueOnFail = false) => runOnWorkspace(fake, { resource, operation, parameters, continueOnFail });
const lastBody = () => JSON.parse(publicApiCalls(fake).at(-1)!.body) as Record<string, unknown>;
const lastCall = () => { const call = publicApiCalls(fake).at(-1)!; return `${call.method} ${new URL(call.path, 'http://x').pathname}`; };

async function track(writeKey: string, messageId: string) {
	const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'track', userId: 'u1', event: 'Order Completed', additionalFields: { messageId } }, items: [{}], credentials: writeKeyCredentials(fake.url, writeKey) });
	if (error) throw error;
}
const droppedFor = (messageId: string) => fake.dropped.find((entry) => entry.message.messageId === messageId)?.reason;
const deliveredIds = () => fake.delivered.map((entry) => entry.message.messageId);

describe('Source: create, delete, and its write keys', () => {
	test("create makes a source from the catalog, named right after; its write key is one the Tracking API takes", async () => {
		const { output, error } = await run('source', 'create', { metadataId: picked(HTTP_API_SOURCE.id), slug: 'checkout-staging', name: 'Checkout (Staging)', enabled: true, settings: '{}', includeWriteKeys: true });
		expect(error).toBeUndefined();
		const source = output[0].json;
		expect(source).toEqual(expect.objectContaining({ slug: 'checkout-staging', name: 'Checkout (Staging)', enabled: true, writeKey: expect.stringMatching(/^wk/) }));
		expect(publicApiCalls(fake).map((call) => `${call.method} ${call.path}`)).toEqual(['POST /sources', `PATCH /sources/${source.id}`]);
		expect(JSON.parse(publicApiCalls(fake)[0].body)).toEqual({ slug: 'checkout-staging', metadataId: HTTP_API_SOURCE.id, enabled: true });
		await track(String(source.writeKey), 'm-new-source');
		expect(deliveredIds()).toContain('m-new-source');
	});

	test('a create whose answer is lost is not sent again, and says to look first; the source is there once', async () => {
		fake.faults = ({ method, path }) => (method === 'POST' && path === '/sources' ? { kind: 'drop', afterProcessing: true } : undefined);
		const { error } = await run('source', 'create', { metadataId: picked(HTTP_API_SOURCE.id), slug: 'lost-answer', enabled: true });
		expect(error?.message).toMatch(/^Could not reach Segment's Public API/);
		expect(error?.description).toContain('look (e.g. with Get Many) before running it again');
		expect(publicApiCalls(fake).filter((call) => call.method === 'POST')).toHaveLength(1);
		expect(fake.workspace.sources.filter((source) => source.slug === 'lost-answer')).toHaveLength(1);
	});

	test("Segment's refusals are named: a slug with a space before sending, an unknown catalog entry by Segment", async () => {
		const spaced = await run('source', 'create', { metadataId: picked(HTTP_API_SOURCE.id), slug: 'my source', enabled: true });
		expect(spaced.error?.message).toBe('Slug "my source" has a space in it: use letters, digits and dashes, e.g. checkout-staging');
		const unknown = await run('source', 'create', { metadataId: picked('nope'), slug: 'x', enabled: true, settings: '[1]' });
		expect(unknown.error?.message).toBe('Settings must be a JSON object, not a list');
		expect(publicApiCalls(fake)).toEqual([]);
	});

	test("delete removes it and its destinations; its write key is refused from then on; deleting it again is no failure", async () => {
		await track(WRITE_KEY, 'm-before');
		const first = await run('source', 'delete', { sourceId: picked('src_001') });
		expect(first.output[0].json).toEqual({ id: 'src_001', deleted: true });
		expect(fake.workspace.destinations.some((destination) => destination.sourceId === 'src_001')).toBe(false);
		await track(WRITE_KEY, 'm-after');
		expect(droppedFor('m-after')).toBe('unknown write key');
		const again = await run('source', 'delete', { sourceId: picked('src_001') });
		expect(again.error).toBeUndefined();
		expect(again.output[0].json).toEqual({ id: 'src_001', deleted: false, reason: 'Segment has no such source (already deleted?)' });
	});

	test('create a write key, then remove the old one: the new one works, the old one is refused (alpha)', async () => {
		const made = await run('source', 'createWriteKey', { sourceId: picked('src_001') });
		expect(made.error).toBeUndefined();
		const { writeKey } = made.output[0].json as { writeKey: string };
		expect(made.output[0].json).toEqual({ sourceId: 'src_001', writeKey, writeKeys: [WRITE_KEY, writeKey] });
		expect(publicApiCalls(fake).at(-1)!.headers.accept).toBe('application/vnd.segment.v1alpha+json');
		const removed = await run('source', 'removeWriteKey', { sourceId: picked('src_001'), writeKey: WRITE_KEY });
		expect(removed.output[0].json).toEqual({ id: 'src_001', deleted: true, writeKeyEnding: WRITE_KEY.slice(-4) });
		expect(JSON.stringify(removed.output)).not.toContain(WRITE_KEY);
		await track(writeKey, 'm-new-key');
		await track(WRITE_KEY, 'm-old-key');
		expect(deliveredIds()).toContain('m-new-key');
		expect(droppedFor('m-old-key')).toBe('unknown write key');
		const again = await run('source', 'removeWriteKey', { sourceId: picked('src_001'), writeKey: WRITE_KEY });
		expect(again.output[0].json).toEqual(expect.objectContaining({ deleted: false }));
	});

	test('connected destinations and warehouses, one item each', async () => {
		const destinations = await run('source', 'getConnectedDestinations', { sourceId: picked('src_001'), returnAll: true });
		expect(destinations.output.map((item) => item.json.id)).toEqual(['dst_001']);
		const warehouses = await run('source', 'getConnectedWarehouses', { sourceId: picked('src_001'), returnAll: true });
		expect(warehouses.output.map((item) => item.json.id)).toEqual(['wh_001']);
		expect(queryOf(publicApiCalls(fake).at(-1)!).get('pagination.count')).toBe('200');
	});

	test('labels: add keeps the others, replace makes them the only ones; a label the workspace lacks is named', async () => {
		const added = await run('source', 'addLabels', { sourceId: picked('src_001'), labels: 'env:production' });
		expect(added.output[0].json).toEqual({ sourceId: 'src_001', labels: [{ key: 'env', value: 'production' }] });
		const more = await run('source', 'addLabels', { sourceId: picked('src_001'), labels: 'team:growth' });
		expect((more.output[0].json.labels as unknown[]).length).toBe(2);
		const replaced = await run('source', 'replaceLabels', { sourceId: picked('src_001'), labels: 'env:staging' });
		expect(replaced.output[0].json.labels).toEqual([{ key: 'env', value: 'staging' }]);
		expect(lastCall()).toBe('PUT /sources/src_001/labels');
		const missing = await run('source', 'addLabels', { sourceId: picked('src_001'), labels: 'env:qa' });
		expect(missing.error?.message).toContain('labels[0] is not a label of the workspace');
		expect(missing.error?.description).toContain('Label → Create');
		const malformed = await run('source', 'addLabels', { sourceId: picked('src_001'), labels: 'production' });
		expect(malformed.error?.message).toBe('Labels: "production" is not key:value');
	});

	test('schema settings: only what is given changes; unknown keys are refused before sending', async () => {
		const { output } = await run('source', 'updateSchemaSettings', { sourceId: picked('src_001'), schemaSettings: '{"track": {"allowUnplannedEvents": false}}' });
		expect(lastBody()).toEqual({ track: { allowUnplannedEvents: false } });
		expect((output[0].json.settings as { track: Record<string, unknown> }).track).toEqual(expect.objectContaining({ allowUnplannedEvents: false, allowUnplannedEventProperties: true }));
		const wrong = await run('source', 'updateSchemaSettings', { sourceId: picked('src_001'), schemaSettings: '{"tracks": {}}' });
		expect(wrong.error?.message).toBe('Schema Settings has keys Segment does not take: tracks');
	});
});

describe('Destination: create, delete, subscriptions', () => {
	test('create connects a source to a catalog destination with its settings; delete, then delete again', async () => {
		const made = await run('destination', 'create', { sourceId: picked('src_002'), metadataId: picked('meta_010'), name: 'Staging copy', enabled: false, settings: { apiKey: 'k-1' } });
		expect(made.error).toBeUndefined();
		expect(lastBody()).toEqual({ sourceId: 'src_002', metadataId: 'meta_010', enabled: false, settings: { apiKey: 'k-1' }, name: 'Staging copy' });
		const id = String(made.output[0].json.id);
		expect((await run('destination', 'delete', { destinationId: picked(id) })).output[0].json).toEqual({ id, deleted: true });
		expect((await run('destination', 'delete', { destinationId: picked(id) })).output[0].json).toEqual(expect.objectContaining({ id, deleted: false }));
	});

	test("subscriptions: list, update inside Segment's input wrapper, delete (alpha)", async () => {
		const destination = fake.workspace.addWebhookDestination('src_001', 'https://example.com/hook');
		const [subscription] = fake.workspace.subscriptions;
		const listed = await run('destination', 'getSubscriptions', { destinationId: picked(destination.id), returnAll: true });
		expect(listed.output.map((item) => item.json.id)).toEqual([subscription.id]);
		const updated = await run('destination', 'updateSubscription', { destinationId: picked(destination.id), subscriptionId: subscription.id, subscriptionUpdateFields: { enabled: false, trigger: 'type = "track"' } });
		expect(lastBody()).toEqual({ input: { enabled: false, trigger: 'type = "track"' } });
		expect(updated.output[0].json).toEqual(expect.objectContaining({ enabled: false, trigger: 'type = "track"' }));
		const deleted = await run('destination', 'deleteSubscription', { destinationId: picked(destination.id), subscriptionId: subscription.id });
		expect(deleted.output[0].json).toEqual({ id: subscription.id, deleted: true, destinationId: destination.id });
		expect(publicApiCalls(fake).every((call) => call.headers.accept === 'application/vnd.segment.v1alpha+json')).toBe(true);
	});
});

describe('Destination Filter', () => {
	const dropTests = { title: 'Drop test orders', if: 'type = "track" and properties.test = true', actions: { action: [{ type: 'drop' }] }, enabled: true };

	test('create makes the filter on the picked pair; the fake Webhooks destination then holds the matching events back', async () => {
		const hook = fake.workspace.addWebhookDestination('src_001', `${fake.url}/nowhere`);
		const made = await run('destinationFilter', 'create', { destinationId: picked(hook.id), ...dropTests });
		expect(made.error).toBeUndefined();
		expect(lastBody()).toEqual({ sourceId: 'src_001', if: 'type = "track" and properties.test = true', actions: [{ type: 'DROP' }], title: 'Drop test orders', enabled: true });
		expect(lastCall()).toBe(`POST /destination/${hook.id}/filters`);
		const send = (messageId: string, test: boolean) =>
			runNode({ parameters: { resource: 'tracking', operation: 'track', userId: 'u1', event: 'Order Completed', properties: { test }, additionalFields: { messageId } }, items: [{}], credentials: writeKeyCredentials(fake.url) });
		await send('m-test', true);
		await send('m-real', false);
		await fake.webhooksSettled();
		expect(fake.webhookDeliveries.flatMap((delivery) => delivery.messageIds)).toEqual(['m-real']);
	});

	test('Copy to Destinations makes the same filter on each, with its own source, after checking them all', async () => {
		const made = await run('destinationFilter', 'create', { destinationId: picked('dst_001'), copyToDestinations: ['dst_002', 'dst_001'], ...dropTests });
		expect(made.output.map((item) => [item.json.destinationId, item.json.sourceId])).toEqual([
			['dst_001', 'src_001'],
			['dst_002', 'src_002'],
		]);
		fake.clearRecords();
		const wrong = await run('destinationFilter', 'create', { destinationId: picked('dst_001'), copyToDestinations: ['dst_404'], ...dropTests });
		expect(wrong.error?.httpCode).toBe('404');
		expect(publicApiCalls(fake).filter((call) => call.method === 'POST')).toEqual([]);
	});

	test('a copy that fails halfway says which were made, and keeps them on the error item', async () => {
		fake.faults = ({ method, path }) => (method === 'POST' && path === '/destination/dst_002/filters' ? { kind: 'status', status: 422, body: { errors: [{ type: 'validation', message: 'Destination does not support filters' }] } } : undefined);
		const { output } = await run('destinationFilter', 'create', { destinationId: picked('dst_001'), copyToDestinations: ['dst_002'], ...dropTests }, true);
		expect(output[0].json.error).toBe("The filter was made on 1 of 2 destinations (dst_001); on dst_002: Segment's Public API answered 422: Destination does not support filters");
		expect((output[0].json.created as Array<{ destinationId: string }>).map((filter) => filter.destinationId)).toEqual(['dst_001']);
	});

	test('sample and property actions go out as Segment takes them; get, update, delete', async () => {
		const made = await run('destinationFilter', 'create', {
			destinationId: picked('dst_001'),
			title: 'Trim and sample',
			if: 'all',
			actions: { action: [{ type: 'sample', percent: 25, path: 'userId' }, { type: 'dropProperties', properties: 'email, phone', context: 'ip' }] },
			enabled: true,
		});
		expect(lastBody().actions).toEqual([{ type: 'SAMPLE', percent: 0.25, path: 'userId' }, { type: 'DROP_PROPERTIES', fields: { properties: ['email', 'phone'], context: ['ip'] } }]);
		const filterId = String(made.output[0].json.id);
		expect((await run('destinationFilter', 'get', { destinationId: picked('dst_001'), filterId })).output[0].json.title).toBe('Trim and sample');
		expect((await run('destinationFilter', 'getAll', { destinationId: picked('dst_001'), returnAll: true })).output).toHaveLength(1);
		const updated = await run('destinationFilter', 'update', { destinationId: picked('dst_001'), filterId, updateFields: { enabled: false }, replaceActions: true, actions: { action: [{ type: 'drop' }] } });
		expect(lastBody()).toEqual({ enabled: false, actions: [{ type: 'DROP' }] });
		expect(updated.output[0].json.enabled).toBe(false);
		expect((await run('destinationFilter', 'delete', { destinationId: picked('dst_001'), filterId })).output[0].json).toEqual({ id: filterId, deleted: true, destinationId: 'dst_001' });
		expect((await run('destinationFilter', 'delete', { destinationId: picked('dst_001'), filterId })).output[0].json.deleted).toBe(false);
	});

	test("Actions From JSON takes Segment's own actions, as Get returns them, to copy a filter; wrong ones are named", async () => {
		const made = await run('destinationFilter', 'create', { destinationId: picked('dst_002'), title: 'Copied', if: 'all', actionsFrom: 'json', actionsJson: [{ type: 'SAMPLE', percent: 0.1 }], enabled: true });
		expect(made.error).toBeUndefined();
		expect(lastBody().actions).toEqual([{ type: 'SAMPLE', percent: 0.1 }]);
		const wrong = await run('destinationFilter', 'create', { destinationId: picked('dst_002'), title: 'Copied', if: 'all', actionsFrom: 'json', actionsJson: '[{"type": "drop"}]', enabled: true });
		expect(wrong.error?.message).toBe('Actions (JSON), entry 1: type must be one of DROP, SAMPLE, ALLOW_PROPERTIES, DROP_PROPERTIES');
	});

	test('bad actions are refused before sending, each named', async () => {
		const empty = await run('destinationFilter', 'create', { destinationId: picked('dst_001'), ...dropTests, actions: {} });
		expect(empty.error?.message).toContain('Actions is empty');
		const percent = await run('destinationFilter', 'create', { destinationId: picked('dst_001'), ...dropTests, actions: { action: [{ type: 'sample', percent: 150 }] } });
		expect(percent.error?.message).toBe('Action 1: Percent to Keep must be a number from 0 to 100');
		const fields = await run('destinationFilter', 'create', { destinationId: picked('dst_001'), ...dropTests, actions: { action: [{ type: 'allowProperties' }] } });
		expect(fields.error?.message).toBe('Action 1: name at least one field, under Properties, Context or Traits');
		expect(publicApiCalls(fake)).toEqual([]);
	});

	test('preview says what the filter does to a sample event: dropped, changed or kept', async () => {
		const event = { type: 'track', event: 'Order Completed', properties: { email: 'ada@example.com', total: 42 } };
		const drop = await run('destinationFilter', 'preview', { if: 'event = "Order Completed"', actions: { action: [{ type: 'drop' }] }, payload: JSON.stringify(event) });
		expect(drop.output[0].json).toEqual(expect.objectContaining({ outcome: 'dropped', result: null }));
		const trim = await run('destinationFilter', 'preview', { if: 'all', actions: { action: [{ type: 'dropProperties', properties: 'email' }] }, payload: event });
		expect(trim.output[0].json).toEqual(expect.objectContaining({ outcome: 'changed', result: { ...event, properties: { total: 42 } } }));
		const keep = await run('destinationFilter', 'preview', { if: 'event = "Signed Up"', actions: { action: [{ type: 'drop' }] }, payload: event });
		expect(keep.output[0].json.outcome).toBe('kept');
		expect(lastCall()).toBe('POST /destination/filters/preview');
	});
});

describe('Label, Function, Tracking Plan, Suppression', () => {
	test('labels: get many, create, delete, delete again', async () => {
		expect((await run('label', 'getAll')).output.map((item) => `${item.json.key}:${item.json.value}`)).toEqual(['env:production', 'env:staging', 'team:growth']);
		expect((await run('label', 'create', { key: 'env', value: 'qa', description: 'QA' })).output[0].json).toEqual({ key: 'env', value: 'qa', description: 'QA' });
		expect((await run('label', 'delete', { key: 'env', value: 'qa' })).output[0].json).toEqual({ id: 'env:qa', deleted: true, key: 'env', value: 'qa' });
		expect(lastCall()).toBe('DELETE /labels/env/qa');
		expect((await run('label', 'delete', { key: 'env', value: 'qa' })).output[0].json.deleted).toBe(false);
	});

	test('functions by resource type; get; deploy a source function, and why another kind is refused', async () => {
		const sources = await run('function', 'getAll', { resourceType: 'SOURCE', returnAll: true });
		expect(sources.output.map((item) => item.json.id)).toEqual(['sfnc_001']);
		expect(queryOf(publicApiCalls(fake).at(-1)!).get('resourceType')).toBe('SOURCE');
		expect((await run('function', 'get', { functionId: 'dfnc_001' })).output[0].json.displayName).toBe('Internal CRM');
		expect((await run('function', 'deploy', { functionId: 'sfnc_001' })).output[0].json).toEqual({ functionId: 'sfnc_001', status: 'SUCCESS' });
		const refused = await run('function', 'deploy', { functionId: 'dfnc_001' });
		expect(refused.error?.description).toContain('only source functions');
	});

	test('tracking plans: create, connect a source, disconnect it (sourceId as a query parameter), delete', async () => {
		const made = await run('trackingPlan', 'create', { name: 'Checkout Events', type: 'LIVE', description: 'Staging' });
		const planId = String(made.output[0].json.id);
		expect(lastBody()).toEqual({ name: 'Checkout Events', type: 'LIVE', description: 'Staging' });
		expect((await run('trackingPlan', 'addSource', { trackingPlanId: picked(planId), sourceId: picked('src_002') })).output[0].json).toEqual({ trackingPlanId: planId, sourceId: 'src_002', connected: true });
		expect((await run('source', 'get', { sourceId: picked('src_002') })).output[0].json).toBeDefined();
		const removed = await run('trackingPlan', 'removeSource', { trackingPlanId: picked(planId), sourceId: picked('src_002') });
		expect(removed.output[0].json).toEqual({ trackingPlanId: planId, sourceId: 'src_002', connected: false });
		const call = publicApiCalls(fake).at(-1)!;
		expect([call.method, queryOf(call).get('sourceId'), call.body]).toEqual(['DELETE', 'src_002', '']);
		expect((await run('trackingPlan', 'delete', { trackingPlanId: picked(planId) })).output[0].json).toEqual({ id: planId, deleted: true });
		expect((await run('trackingPlan', 'delete', { trackingPlanId: picked(planId) })).output[0].json.deleted).toBe(false);
	});

	test('suppressions: the suppressed users, grouped by subject type', async () => {
		fake.workspace.addRegulation({ regulationType: 'SUPPRESS_ONLY', subjectType: 'USER_ID', subjectIds: ['u-1', 'u-2'] });
		fake.workspace.addRegulation({ regulationType: 'DELETE_ONLY', subjectType: 'USER_ID', subjectIds: ['u-3'] });
		const { output } = await run('suppression', 'getAll', { returnAll: true });
		expect(output.map((item) => item.json)).toEqual([{ subjectType: 'USER_ID', subjectIds: ['u-1', 'u-2'] }]);
	});

	test('a read-only token is refused a delete, in words', async () => {
		const { error } = await runOnWorkspace(fake, { resource: 'label', operation: 'delete', parameters: { key: 'env', value: 'staging' }, token: READ_ONLY_TOKEN });
		expect(error?.message).toBe("Segment's Public API answered 403: The token has no permission to change this resource");
	});
});
