import { PUBLIC_API_TOKEN } from './support/credentials';
import { useFakeSegment } from './support/fixtures';
import { fakeWithWorkspace, picked, publicApiCalls, queryOf, runOnWorkspace } from './support/publicApiFixtures';

const server = useFakeSegment(fakeWithWorkspace);
beforeEach(() => server.fake.workspace.seed());

const run = (resource: string, operation: string, parameters: Record<string, unknown> = {}, items?: Array<Record<string, unknown>>) =>
	runOnWorkspace(server.fake, { resource, operation, parameters, items });

describe('sources', () => {
	test('Get Many with Return All follows the cursor to the end: 450 sources in pages of 200', async () => {
		server.fake.workspace.seed({ sources: 450 });
		const { output, error } = await run('source', 'getAll', { returnAll: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(450);
		expect(output[0]).toEqual({ json: expect.objectContaining({ id: 'src_001', name: 'Source 001', enabled: true }), pairedItem: { item: 0 } });
		expect(output.at(-1)!.json.id).toBe('src_450');
		const calls = publicApiCalls(server.fake);
		expect(calls.map((call) => [call.method, new URL(call.path, 'http://x').pathname, queryOf(call).get('pagination.count'), queryOf(call).has('pagination.cursor')])).toEqual([
			['GET', '/sources', '200', false],
			['GET', '/sources', '200', true],
			['GET', '/sources', '200', true],
		]);
		expect(calls[0].headers.authorization).toBe(`Bearer ${PUBLIC_API_TOKEN}`);
	});

	test('Get Many stops at Limit and asks only for what it needs', async () => {
		server.fake.workspace.seed({ sources: 450 });
		const { output } = await run('source', 'getAll', { returnAll: false, limit: 30 });
		expect(output.map((item) => item.json.id)).toEqual(Array.from({ length: 30 }, (_, i) => `src_${String(i + 1).padStart(3, '0')}`));
		expect(publicApiCalls(server.fake).map((call) => queryOf(call).get('pagination.count'))).toEqual(['30']);

		server.fake.clearRecords();
		const more = await run('source', 'getAll', { returnAll: false, limit: 250 });
		expect(more.output).toHaveLength(250);
		expect(publicApiCalls(server.fake).map((call) => queryOf(call).get('pagination.count'))).toEqual(['200', '50']);
	});

	test('Get, picked from the list or by ID, with its tracking plan', async () => {
		const fromList = await run('source', 'get', { sourceId: picked('src_002') });
		// Write keys by their last four characters, unless asked for.
		expect(fromList.output).toEqual([{ json: expect.objectContaining({ id: 'src_002', name: 'Source 002', writeKeyEndings: ['…_002'], trackingPlanId: null }), pairedItem: { item: 0 } }]);
		expect(JSON.stringify(fromList.output)).not.toContain('wk_002');
		const withKeys = await run('source', 'get', { sourceId: picked('src_002'), includeWriteKeys: true });
		expect(withKeys.output[0].json).toEqual(expect.objectContaining({ writeKeys: ['wk_002'] }));
		const byId = await run('source', 'get', { sourceId: picked('={{ $json.id }}', 'id') }, [{ id: 'src_003' }]);
		expect(byId.output[0].json.id).toBe('src_003');
		expect(publicApiCalls(server.fake).map((call) => call.path)).toEqual(['/sources/src_002', '/sources/src_002', '/sources/src_003']);
	});

	test('Update turns a source off and renames it: a PATCH with exactly what changed', async () => {
		const { output, error } = await run('source', 'update', { sourceId: picked('src_001'), updateFields: { enabled: false, name: 'Old website' } });
		expect(error).toBeUndefined();
		const [call] = publicApiCalls(server.fake);
		expect([call.method, call.path, JSON.parse(call.body)]).toEqual(['PATCH', '/sources/src_001', { enabled: false, name: 'Old website' }]);
		expect(call.headers['content-type']).toMatch(/^application\/json/);
		expect(output[0].json).toEqual(expect.objectContaining({ id: 'src_001', enabled: false, name: 'Old website' }));
		expect(server.fake.workspace.sources[0]).toEqual(expect.objectContaining({ enabled: false, name: 'Old website' }));
	});

	test('Update with nothing to change is refused before anything is sent', async () => {
		const { error } = await run('source', 'update', { sourceId: picked('src_001'), updateFields: {} });
		expect(error?.message).toBe('Nothing to update: add Enabled or Name under Update Fields');
		expect(error?.context?.itemIndex).toBe(0);
		expect(publicApiCalls(server.fake)).toHaveLength(0);
	});

	test('Get Schema Settings: what the source does with unplanned events', async () => {
		const { output } = await run('source', 'getSchemaSettings', { sourceId: picked('src_001') });
		expect(output[0].json).toEqual({ sourceId: 'src_001', settings: expect.objectContaining({ track: expect.objectContaining({ allowUnplannedEvents: true }) }) });
		expect(publicApiCalls(server.fake)[0].path).toBe('/sources/src_001/settings');
	});

	test('an empty picker is a clear error for that item alone', async () => {
		const result = await runOnWorkspace(server.fake, {
			resource: 'source',
			operation: 'get',
			parameters: { sourceId: picked('={{ $json.id }}', 'id') },
			items: [{ id: '' }, { id: 'src_001' }],
			continueOnFail: true,
		});
		expect(result.output.map((item) => item.json.error ?? item.json.id)).toEqual(['Source is empty: pick one from the list or give its ID', 'src_001']);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('destinations', () => {
	test('Get Many, Get and Update (enable, disable, rename)', async () => {
		const all = await run('destination', 'getAll', { returnAll: true });
		expect(all.output.map((item) => item.json.id)).toEqual(['dst_001', 'dst_002']);
		const one = await run('destination', 'get', { destinationId: picked('dst_002') });
		expect(one.output[0].json).toEqual(expect.objectContaining({ id: 'dst_002', sourceId: 'src_002', metadata: expect.objectContaining({ name: 'Mixpanel' }) }));
		const off = await run('destination', 'update', { destinationId: picked('dst_002'), updateFields: { enabled: false } });
		expect(off.output[0].json.enabled).toBe(false);
		const renamed = await run('destination', 'update', { destinationId: picked('dst_002'), updateFields: { name: '  Mixpanel (EU)  ' } });
		expect(renamed.output[0].json).toEqual(expect.objectContaining({ enabled: false, name: 'Mixpanel (EU)' }));
		expect(publicApiCalls(server.fake).slice(-2).map((call) => JSON.parse(call.body))).toEqual([{ enabled: false }, { name: 'Mixpanel (EU)' }]);
	});
});

describe('tracking plans', () => {
	const orderRule = { type: 'TRACK', key: 'Order Completed', version: 1, jsonSchema: { properties: { properties: { type: 'object', required: ['order_id', 'total'] } } } };
	const signupRule = { type: 'TRACK', key: 'Signed Up', version: 1, jsonSchema: { properties: { properties: { type: 'object' } } } };

	test('Get Many, Get and Get Rules (one item per rule)', async () => {
		const plans = await run('trackingPlan', 'getAll', { returnAll: true });
		expect(plans.output.map((item) => item.json.name)).toEqual(['Tracking Plan 001', 'Tracking Plan 002']);
		const plan = await run('trackingPlan', 'get', { trackingPlanId: picked('tp_001') });
		expect(plan.output[0].json).toEqual(expect.objectContaining({ id: 'tp_001', type: 'LIVE' }));
		const rules = await run('trackingPlan', 'getRules', { trackingPlanId: picked('tp_001'), returnAll: true });
		expect(rules.output.map((item) => [item.json.type, item.json.key])).toEqual([
			['TRACK', 'Order Completed'],
			['IDENTIFY', undefined],
		]);
	});

	test('Update Rules changes the rule with the same type, key and version and keeps the others', async () => {
		const { output, error } = await run('trackingPlan', 'updateRules', { trackingPlanId: picked('tp_001'), rules: JSON.stringify([orderRule, signupRule]) });
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({ trackingPlanId: 'tp_001', status: 'SUCCESS', ruleCount: 2 });
		const call = publicApiCalls(server.fake)[0];
		expect([call.method, call.path, JSON.parse(call.body)]).toEqual(['PATCH', '/tracking-plans/tp_001/rules', { rules: [orderRule, signupRule] }]);
		expect(server.fake.workspace.rules.get('tp_001')!.map((rule) => [rule.type, rule.key, rule.jsonSchema])).toEqual([
			['TRACK', 'Order Completed', orderRule.jsonSchema],
			['IDENTIFY', undefined, expect.any(Object)],
			['TRACK', 'Signed Up', signupRule.jsonSchema],
		]);
	});

	test("Update Rules renames a rule with its newKey, as Segment's UpsertRuleV1 takes it: the old key is gone, not left beside a copy", async () => {
		const rename = { type: 'TRACK', key: 'Order Completed', newKey: 'Order Placed', version: 1, jsonSchema: orderRule.jsonSchema };
		const { error } = await run('trackingPlan', 'updateRules', { trackingPlanId: picked('tp_001'), rules: JSON.stringify([rename]) });
		expect(error).toBeUndefined();
		expect(JSON.parse(publicApiCalls(server.fake)[0].body)).toEqual({ rules: [rename] });
		expect(server.fake.workspace.rules.get('tp_001')!.map((rule) => rule.key)).toEqual(['Order Placed', undefined]);
		const replaced = await run('trackingPlan', 'replaceRules', { trackingPlanId: picked('tp_001'), rules: JSON.stringify([rename]) });
		expect(replaced.error?.message).toMatch(/^Rule 1 has "newKey", which only Update Rules takes/);
	});

	test('Remove Rules takes the rules given out of the plan, named in the query of a DELETE; the items of Get Rules fit', async () => {
		const read = await run('trackingPlan', 'getRules', { trackingPlanId: picked('tp_001'), returnAll: true });
		const order = read.output.map((item) => item.json).filter((rule) => rule.key === 'Order Completed');
		const { output, error } = await run('trackingPlan', 'removeRules', { trackingPlanId: picked('tp_001'), rules: '={{ $json.rules }}' }, [{ rules: order }]);
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({ trackingPlanId: 'tp_001', status: 'SUCCESS', removed: 1 });
		const call = publicApiCalls(server.fake).at(-1)!;
		expect([call.method, new URL(call.path, 'http://x').pathname, Object.fromEntries(queryOf(call))]).toEqual(['DELETE', '/tracking-plans/tp_001/rules', { 'rules.0.type': 'TRACK', 'rules.0.key': 'Order Completed', 'rules.0.version': '1' }]);
		expect(server.fake.workspace.rules.get('tp_001')!.map((rule) => rule.type)).toEqual(['IDENTIFY']);
		const wrong = await run('trackingPlan', 'removeRules', { trackingPlanId: picked('tp_001'), rules: '[{"type": "TRACK", "version": 1}]' });
		expect(wrong.error?.message).toMatch(/^Rule 1 is a TRACK rule without "key"/);
	});

	test('Replace Rules leaves exactly the rules given; rules read with Get Rules fit as they are', async () => {
		const read = await run('trackingPlan', 'getRules', { trackingPlanId: picked('tp_001'), returnAll: true });
		// As an expression would give them after an Aggregate node: a list, dates included.
		const copied = read.output.map((item) => item.json).filter((rule) => rule.type === 'TRACK');
		const { output } = await run('trackingPlan', 'replaceRules', { trackingPlanId: picked('tp_002'), rules: '={{ $json.rules }}' }, [{ rules: copied }]);
		expect(output[0].json).toEqual({ trackingPlanId: 'tp_002', status: 'SUCCESS', ruleCount: 1 });
		const sent = JSON.parse(publicApiCalls(server.fake).at(-1)!.body);
		expect(sent.rules).toEqual([{ type: 'TRACK', key: 'Order Completed', version: 1, jsonSchema: copied[0].jsonSchema }]);
		expect(server.fake.workspace.rules.get('tp_002')!.map((rule) => rule.key)).toEqual(['Order Completed']);
	});

	test.each([
		['not JSON', '[{"type": "TRACK",', /^Rules is not valid JSON/],
		['an empty list', '[]', /^Rules is empty/],
		['a TRACK rule without its event name', '[{"type": "TRACK", "version": 1, "jsonSchema": {}}]', /^Rule 1 is a TRACK rule without "key"/],
		['an unknown type', '[{"type": "ALIAS", "jsonSchema": {}}]', /^Rule 1 has type "ALIAS"; it must be one of COMMON/],
		['a rule without a schema', '[{"type": "IDENTIFY", "version": 1}]', /^Rule 1 needs "jsonSchema", a JSON Schema object, not nothing/],
	])('rules that are %s are refused before anything is sent', async (_, rules, message) => {
		const { error } = await run('trackingPlan', 'updateRules', { trackingPlanId: picked('tp_001'), rules });
		expect(error?.message).toMatch(message);
		expect(error?.context?.itemIndex).toBe(0);
		expect(publicApiCalls(server.fake)).toHaveLength(0);
	});
});

describe('warehouses', () => {
	test('Get Many and Get', async () => {
		server.fake.workspace.seed({ warehouses: 3 });
		const all = await run('warehouse', 'getAll', { returnAll: false, limit: 2 });
		expect(all.output.map((item) => item.json.id)).toEqual(['wh_001', 'wh_002']);
		const one = await run('warehouse', 'get', { warehouseId: picked('wh_003') });
		expect(one.output[0].json).toEqual(expect.objectContaining({ id: 'wh_003', settings: { name: 'Warehouse 003' } }));
	});
});
