import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { forgetTrackingPlans } from '../nodes/shared/protocols/planLoader';
import { PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { callTools, loadOptionsContext, nodeTypes, runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { sentMessages, useFakeSegment } from './support/fixtures';
import type { FakeRule } from './support/publicApiStore';

const server = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }));

const PLAN_ID = 'tp_001';
const at = '2026-01-01T00:00:00.000Z';
const rule = (type: string, version: number, jsonSchema: unknown, key?: string): FakeRule => ({ type, ...(key ? { key } : {}), version, jsonSchema, createdAt: at, updatedAt: at });

const ORDER_V1 = {
	properties: {
		properties: {
			type: 'object',
			properties: { order_id: { type: 'string' }, revenue: { type: 'number', minimum: 0 }, currency: { type: 'string' } },
			required: ['order_id'],
		},
	},
};
const ORDER_V2 = {
	properties: {
		properties: {
			type: 'object',
			properties: { order_id: { type: 'string' }, revenue: { type: 'number', minimum: 0 }, currency: { enum: ['USD', 'EUR'] } },
			required: ['order_id', 'currency'],
		},
	},
};
const IDENTIFY = { properties: { traits: { type: 'object', properties: { email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' }, plan: { enum: ['free', 'pro'] } } } } };
const COMMON = { properties: { userId: { type: 'string', minLength: 3 } } };

const ALLOW_ALL = {
	track: { allowUnplannedEvents: true, allowUnplannedEventProperties: true, allowEventOnViolations: true, allowPropertiesOnViolations: true, commonEventOnViolations: 'ALLOW' },
	identify: { allowTraitsOnViolations: true, allowUnplannedTraits: true, commonEventOnViolations: 'ALLOW' },
	group: { allowTraitsOnViolations: true, allowUnplannedTraits: true, commonEventOnViolations: 'ALLOW' },
};

function sourceId(): string {
	return String(server.fake.workspace.sourceOfWriteKey(WRITE_KEY)!.id);
}

beforeEach(() => {
	forgetTrackingPlans();
	const { workspace } = server.fake;
	workspace.rules.set(PLAN_ID, [rule('TRACK', 1, ORDER_V1, 'Order Completed'), rule('TRACK', 2, ORDER_V2, 'Order Completed'), rule('IDENTIFY', 1, IDENTIFY), rule('COMMON', 1, COMMON)]);
	workspace.trackingPlanSources.set(PLAN_ID, new Set([sourceId()]));
	workspace.schemaSettings.set(sourceId(), structuredClone({ ...ALLOW_ALL, forwardingViolationsTo: null, forwardingBlockedEventsTo: null }));
	server.fake.forgetMessageIds();
});

const credentials = () => ({ ...writeKeyCredentials(server.fake.url), ...publicApiCredentials(server.fake.url) });

async function track(items: IDataObject[], parameters: Record<string, unknown> = {}, continueOnFail = true) {
	return await runNode({
		parameters: {
			resource: 'tracking',
			operation: 'track',
			userId: '={{ $json.userId ?? "user-1" }}',
			event: '={{ $json.event }}',
			properties: '={{ $json.properties ?? {} }}',
			additionalFields: { context: '={{ $json.context ?? {} }}' },
			trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID },
			...parameters,
		},
		items,
		credentials: credentials(),
		continueOnFail,
	});
}

const GOOD = { event: 'Order Completed', properties: { order_id: 'o-1', revenue: 49.9 } };
const WRONG_TYPE = { event: 'Order Completed', properties: { order_id: 'o-2', revenue: '49.9' } };
const UNPLANNED_EVENT = { event: 'Order Complete', properties: { order_id: 'o-3' } };
const UNPLANNED_PROPERTY = { event: 'Order Completed', properties: { order_id: 'o-4', coupon: 'SPRING' } };
const SHORT_USER = { userId: 'ab', event: 'Order Completed', properties: { order_id: 'o-5' } };

describe('Refuse the Item (the default): a message that breaks the plan is not sent, and says why', () => {
	test('each broken item fails alone with its index and every violation; the others go out', async () => {
		const { output, error } = await track([GOOD, WRONG_TYPE, UNPLANNED_EVENT, UNPLANNED_PROPERTY, SHORT_USER]);
		expect(error).toBeUndefined();
		expect(sentMessages(server.fake).map((message) => (message.properties as IDataObject).order_id)).toEqual(['o-1']);
		expect(output[0].json).toMatchObject({ success: true, violations: [] });
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output[1].json.error).toBe('The message breaks the tracking plan "Tracking Plan 001": properties.revenue: must be a number, not the text "49.9"; it was not sent');
		expect(output[1].json.violations).toEqual([{ path: 'properties.revenue', keyword: 'type', message: 'must be a number, not the text "49.9"', rule: 'TRACK "Order Completed" v1' }]);
		expect(output[2].json.error).toContain('The event "Order Complete" is not in the tracking plan "Tracking Plan 001"');
		expect(output[3].json.violations).toEqual([{ path: 'properties.coupon', keyword: 'unplanned', message: 'The property "coupon" is not in the rule TRACK "Order Completed" v1', rule: 'TRACK "Order Completed" v1' }]);
		expect(output[4].json.violations).toEqual([expect.objectContaining({ path: 'userId', keyword: 'minLength', rule: 'COMMON v1' })]);
	});

	test('with On Error → Continue (using error output), the refused items go to the error output with their violations and input', async () => {
		const { output, errorOutput, error } = await runNode({
			parameters: { resource: 'tracking', operation: 'track', userId: '={{ $json.userId ?? "user-1" }}', event: '={{ $json.event }}', properties: '={{ $json.properties }}', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID } },
			items: [GOOD, WRONG_TYPE, UNPLANNED_EVENT],
			credentials: credentials(),
			errorOutput: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.success)).toEqual([true]);
		// n8n routes an item to the error output when its JSON holds only error and message; it adds the input item's JSON.
		expect(errorOutput.map((item) => [item.json.event, item.pairedItem])).toEqual([
			['Order Completed', { item: 1 }],
			['Order Complete', { item: 2 }],
		]);
		expect(errorOutput[0].json.message).toContain('properties.revenue: must be a number, not the text "49.9" [TRACK "Order Completed" v1]');
		expect(errorOutput[1].json.message).toContain('event: The event "Order Complete" is not in the tracking plan');
		expect(sentMessages(server.fake)).toHaveLength(1);
	});

	test('without Continue On Fail the run stops at the first broken item and nothing is sent', async () => {
		const { error } = await track([GOOD, WRONG_TYPE], {}, false);
		expect(error?.message).toContain('properties.revenue');
		expect(error?.context?.itemIndex).toBe(1);
		expect(sentMessages(server.fake)).toEqual([]);
	});

	test('event versions as Protocols applies them: context.protocols.event_version picks one, the oldest otherwise', async () => {
		const v2 = (version: unknown) => ({ ...GOOD, context: { protocols: { event_version: version } } });
		const { output } = await track([v2(2), v2(1), v2(3), v2('2'), { ...v2(2), properties: { order_id: 'o-6', currency: 'EUR' } }]);
		expect(output[0].json.error).toContain('properties.currency');
		expect(output[0].json.violations).toEqual([expect.objectContaining({ rule: 'TRACK "Order Completed" v2', keyword: 'required' })]);
		// A version the plan does not have, or one that is not a whole number, is checked against the oldest.
		for (const index of [1, 2, 3]) expect(output[index].json).toMatchObject({ success: true, violations: [] });
		expect(output[4].json).toMatchObject({ success: true, violations: [] });
	});

	test('identify traits: an unplanned trait, a value outside the rule, and the COMMON rule', async () => {
		const { output } = await runNode({
			parameters: { resource: 'tracking', operation: 'identify', userId: 'user-1', traits: '={{ $json.traits }}', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID } },
			items: [{ traits: { email: 'ada@example.com', plan: 'pro' } }, { traits: { email: 'not an email', nickname: 'Ada' } }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({ success: true, violations: [] });
		expect((output[1].json.violations as IDataObject[]).map((violation) => [violation.path, violation.keyword])).toEqual([
			['traits.nickname', 'unplanned'],
			['traits.email', 'pattern'],
		]);
		expect(sentMessages(server.fake)).toHaveLength(1);
	});

	test('a rule the validator cannot check refuses the messages it applies to, in every mode', async () => {
		server.fake.workspace.rules.get(PLAN_ID)!.push(rule('TRACK', 1, { $ref: 'https://example.com/order.json' }, 'Refund Issued'));
		for (const onViolation of ['refuse', 'sendAndReport']) {
			forgetTrackingPlans();
			const { output } = await track([{ event: 'Refund Issued' }, GOOD], { onViolation });
			expect(output[0].json.error).toContain('The rule TRACK "Refund Issued" v1 cannot be checked here');
			expect(output[1].json).toMatchObject({ success: true });
		}
	});
});

describe('Send and Report: everything goes out, each output says what Segment will flag', () => {
	test("the node reports exactly the paths the fake Segment's Protocols flags", async () => {
		const items = [GOOD, WRONG_TYPE, UNPLANNED_EVENT, UNPLANNED_PROPERTY, SHORT_USER];
		const { output } = await track(items, { onViolation: 'sendAndReport' });
		expect(sentMessages(server.fake)).toHaveLength(5);
		const flagged = new Map(server.fake.protocols.map((outcome) => [outcome.messageId, [...outcome.violations].sort()]));
		sentMessages(server.fake).forEach((message, index) => {
			const reported = (output[index].json.violations as IDataObject[]).map((violation) => String(violation.path)).sort();
			expect([index, reported]).toEqual([index, flagged.get(String(message.messageId)) ?? []]);
		});
	});
});

describe("Follow the Source's Schema Settings: refuse what Segment would block or strip, report what it would flag", () => {
	const mixed = [GOOD, WRONG_TYPE, UNPLANNED_EVENT, UNPLANNED_PROPERTY, SHORT_USER];

	test.each([
		['blocking unplanned events and omitting unplanned properties', { track: { allowUnplannedEvents: false, allowUnplannedEventProperties: false } }],
		['blocking events with violations', { track: { allowEventOnViolations: false } }],
		['omitting properties with violations', { track: { allowPropertiesOnViolations: false } }],
		['blocking on COMMON violations', { track: { commonEventOnViolations: 'BLOCK' } }],
		['allowing everything', {}],
	])('%s: the items refused are exactly the messages Segment would block or change', async (_, changes) => {
		const settings = server.fake.workspace.schemaSettings.get(sourceId())!;
		for (const [type, values] of Object.entries(changes)) settings[type] = { ...(settings[type] as IDataObject), ...values };
		const { output } = await track(mixed, { onViolation: 'followSource' });
		const refused = output.flatMap((item, index) => (item.json.error ? [index] : []));
		const sentByNode = sentMessages(server.fake).length;
		expect(sentByNode).toBe(mixed.length - refused.length);
		for (const item of output) for (const violation of (item.json.violations as IDataObject[]) ?? []) expect(['blocked', 'omitted', 'flagged']).toContain(violation.segmentWould);

		// The same messages sent as they are: what the fake Segment blocks or strips is what the node refused.
		server.fake.clearRecords();
		server.fake.forgetMessageIds();
		forgetTrackingPlans();
		await track(mixed, { onViolation: 'sendAndReport' });
		const changed = sentMessages(server.fake).flatMap((message, index) => {
			const outcome = server.fake.protocols.find((entry) => entry.messageId === message.messageId);
			return outcome && (outcome.blocked || outcome.omitted.length > 0) ? [index] : [];
		});
		expect(refused).toEqual(changed);
	});

	test("a write key that no source of the token's workspace has is a clear error before anything is sent", async () => {
		const { error } = await runNode({
			parameters: { resource: 'tracking', operation: 'track', userId: 'u1', event: 'Order Completed', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID }, onViolation: 'followSource' },
			items: [{}],
			credentials: { ...writeKeyCredentials(server.fake.url, 'another-write-key'), ...publicApiCredentials(server.fake.url) },
		});
		expect(error?.message).toContain("No source of the Public API credential's workspace has this node's write key");
		expect(sentMessages(server.fake)).toEqual([]);
	});
});

describe('the plan is read before anything is sent, once, and kept a short while', () => {
	test('a plan that cannot be read stops the run with a clear error and nothing is sent', async () => {
		const { error } = await track([GOOD], { trackingPlanId: { __rl: true, mode: 'id', value: 'tp_missing' } }, false);
		expect(error?.message).toMatch(/not found|no such|does not exist/i);
		expect(sentMessages(server.fake)).toEqual([]);
	});

	test('with Continue On Fail, an unreadable plan fails every item and sends nothing', async () => {
		const { output } = await track([GOOD, GOOD], { trackingPlanId: { __rl: true, mode: 'id', value: 'tp_missing' } });
		expect(output).toHaveLength(2);
		for (const item of output) expect(item.json.error).toBeDefined();
		expect(sentMessages(server.fake)).toEqual([]);
	});

	test('without a Public API credential the node says which credential is missing', async () => {
		const { error } = await runNode({
			parameters: { resource: 'tracking', operation: 'track', userId: 'u1', event: 'Order Completed', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID } },
			items: [{}],
			credentials: writeKeyCredentials(server.fake.url),
		});
		expect(error?.message).toContain('no Segment Public API credential');
		expect(sentMessages(server.fake)).toEqual([]);
	});

	test('every page of rules is read, and two runs within five minutes read them once', async () => {
		const filler = Array.from({ length: 450 }, (_, index) => rule('TRACK', 1, {}, `Filler ${index}`));
		server.fake.workspace.rules.set(PLAN_ID, [...filler, rule('TRACK', 1, ORDER_V1, 'Order Completed')]);
		const first = await track([GOOD, WRONG_TYPE]);
		expect(first.output[1].json.violations).toEqual([expect.objectContaining({ path: 'properties.revenue' })]);
		await track([GOOD]);
		const rulePages = server.fake.requests.filter((request) => request.path.startsWith(`/tracking-plans/${PLAN_ID}/rules`));
		expect(rulePages.length).toBe(3);
	});
});

describe('Batch from Input Items with a plan', () => {
	const batch = (onViolation: string, continueOnFail: boolean) =>
		runNode({
			parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID }, onViolation },
			items: [
				{ type: 'track', userId: 'user-1', event: 'Order Completed', properties: { order_id: 'o-1' } },
				{ type: 'track', userId: 'user-1', event: 'Order Completed', properties: { revenue: -1 } },
				{ type: 'page', userId: 'user-1', name: 'Home' },
			],
			credentials: credentials(),
			continueOnFail,
		});

	test('refused rows are listed with their index; without Continue On Fail nothing goes out', async () => {
		const { error } = await batch('refuse', false);
		expect(error?.message).toBe('1 of 3 input items are not valid messages; nothing was sent');
		expect(error?.description).toContain('item 1: breaks the tracking plan "Tracking Plan 001"');
		expect(sentMessages(server.fake)).toEqual([]);
		const { output } = await batch('refuse', true);
		expect(output[0].json).toMatchObject({ success: false, count: 2, failed: [expect.objectContaining({ index: 1 })] });
		expect(sentMessages(server.fake)).toHaveLength(2);
	});

	test('Send and Report lists each violation with the index of its row', async () => {
		const { output } = await batch('sendAndReport', false);
		expect(output[0].json).toMatchObject({ success: true, count: 3 });
		expect((output[0].json.violations as IDataObject[]).map((violation) => [violation.index, violation.path, violation.keyword])).toEqual([
			[1, 'properties.order_id', 'required'],
			[1, 'properties.revenue', 'minimum'],
		]);
	});
});

describe('Dry Run: the messages exactly as they would go out, and nothing sent', () => {
	test('Always: nothing reaches Segment; each item shows its message, checked against the plan', async () => {
		const { output } = await track([GOOD, WRONG_TYPE], { onViolation: 'sendAndReport', options: { dryRun: 'always' } });
		expect(server.fake.requests.filter((request) => request.path === '/v1/batch')).toEqual([]);
		expect(output[0].json).toMatchObject({ sent: false, message: { type: 'track', event: 'Order Completed', userId: 'user-1', properties: GOOD.properties, messageId: expect.any(String), context: { library: expect.any(Object) } }, violations: [] });
		expect(output[1].json.violations).toHaveLength(1);
	});

	test('In the Editor: a run from the editor sends nothing, the same workflow run by a trigger sends', async () => {
		const parameters = { resource: 'tracking', operation: 'track', userId: 'u1', event: 'Signed Up', options: { dryRun: 'inEditor' } };
		const manual = await runNode({ parameters, items: [{}], credentials: writeKeyCredentials(server.fake.url), mode: 'manual' });
		expect(manual.output[0].json).toMatchObject({ sent: false, message: { event: 'Signed Up' } });
		expect(sentMessages(server.fake)).toEqual([]);
		const triggered = await runNode({ parameters, items: [{}], credentials: writeKeyCredentials(server.fake.url), mode: 'trigger' });
		expect(triggered.output[0].json).toMatchObject({ event: 'Signed Up' });
		expect(sentMessages(server.fake)).toHaveLength(1);
		expect(sentMessages(server.fake)[0].messageId).toBe(triggered.output[0].json.messageId);
	});

	test('a dry run still refuses what Segment would refuse (its limits)', async () => {
		const { output } = await runNode({
			parameters: { resource: 'tracking', operation: 'track', userId: 'u1', event: 'Big', properties: '={{ { blob: "x".repeat(40000) } }}', options: { dryRun: 'always' } },
			items: [{}],
			credentials: writeKeyCredentials(server.fake.url),
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatch(/32 ?KB|32,?000|too large|bytes/i);
	});

	test('Batch from Input Items: the messages of every valid row, not sent', async () => {
		const { output } = await runNode({
			parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { dryRun: 'always' } },
			items: [{ type: 'track', userId: 'u1', event: 'A' }, { type: 'identify', userId: 'u1' }],
			credentials: writeKeyCredentials(server.fake.url),
		});
		expect(output[0].json).toMatchObject({ sent: false, count: 2, messages: [{ type: 'track', event: 'A' }, { type: 'identify', userId: 'u1' }] });
		expect(sentMessages(server.fake)).toEqual([]);
	});
});

describe('Segment Workspace → Tracking Plan → Validate Messages', () => {
	test('each input item is one message; each output says valid and lists its violations, paired with its input; nothing is sent', async () => {
		const { output } = await runNode({
			parameters: { resource: 'trackingPlan', operation: 'validateMessages', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID } },
			items: [
				{ type: 'track', userId: 'user-1', event: 'Order Completed', properties: { order_id: 'o-1' } },
				{ type: 'track', userId: 'user-1', event: 'Order Completed', properties: { order_id: 7 } },
				{ type: 'nonsense', userId: 'user-1' },
			],
			credentials: publicApiCredentials(server.fake.url),
		});
		expect(output.map((item) => [item.json.valid, item.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
			[false, { item: 2 }],
		]);
		expect(output[1].json.violations).toEqual([{ path: 'properties.order_id', keyword: 'type', message: 'must be text, not 7', rule: 'TRACK "Order Completed" v1' }]);
		expect((output[2].json.violations as IDataObject[])[0].message).toContain('Not a Segment message: "type" must be one of');
		expect(server.fake.requests.filter((request) => request.path === '/v1/batch')).toEqual([]);
	});
});

describe('an editor that knows the plan', () => {
	const planParameters = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'tracking', operation, trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID }, ...extra });
	const context = (parameters: Record<string, unknown>) => loadOptionsContext('segment', parameters, credentials());

	test("Event offers the plan's event names once a plan is chosen; without one, the field is text as before", async () => {
		server.fake.workspace.rules.get(PLAN_ID)!.push(rule('TRACK', 1, {}, 'Cart Viewed'));
		const events = await nodeTypes.segment.methods!.loadOptions!.getPlannedEvents.call(context(planParameters('track')));
		expect(events).toEqual([
			{ name: 'Cart Viewed', value: 'Cart Viewed' },
			{ name: 'Order Completed', value: 'Order Completed' },
		]);
		const shown = (parameters: Record<string, unknown>) =>
			nodeTypes.segment.description.properties.filter((property) => property.name === 'event' && NodeHelpers.displayParameter(parameters as INodeParameters, property, null, nodeTypes.segment.description)).map((property) => property.type);
		expect(shown({ resource: 'tracking', operation: 'track', trackingPlanId: { __rl: true, mode: 'list', value: '' } })).toEqual(['string']);
		expect(shown(planParameters('track'))).toEqual(['options']);
	});

	test("the resource mapper lists the event's planned properties with their types, and the traits of identify", async () => {
		const mapping = nodeTypes.segment.methods!.resourceMapping!.getPlannedFields;
		const track = await mapping.call(context(planParameters('track', { event: 'Order Completed' })));
		expect(track.fields.map((field) => [field.id, field.type, field.required])).toEqual([
			['order_id', 'string', true],
			['revenue', 'number', false],
			['currency', 'string', false],
		]);
		const identify = await mapping.call(context(planParameters('identify')));
		expect(identify.fields.map((field) => [field.id, field.type])).toEqual([
			['email', 'string'],
			['plan', 'options'],
		]);
		expect(identify.fields[1].options).toEqual([
			{ name: 'free', value: 'free' },
			{ name: 'pro', value: 'pro' },
		]);
		const unknown = await mapping.call(context(planParameters('track', { event: '={{ $json.event }}' })));
		expect(unknown).toEqual({ fields: [], emptyFieldsNotice: "Choose one of the plan's events: its properties are listed here" });
	});

	test('mapped values are converted to the planned types where nothing is lost, and refused otherwise', async () => {
		const mapped = (value: Record<string, unknown>, mappingMode = 'defineBelow') => ({
			propertiesMode: 'fromPlan',
			plannedValues: { mappingMode, value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
		});
		const { output } = await runNode({
			parameters: planParameters('track', { userId: 'user-1', event: 'Order Completed', ...mapped({ order_id: 1234, revenue: '={{ $json.total }}', currency: '' }) }),
			items: [{ total: '49.90' }, { total: 'forty' }, { total: '12345678901234567890' }],
			credentials: credentials(),
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({ success: true, violations: [] });
		expect(sentMessages(server.fake)[0].properties).toEqual({ order_id: '1234', revenue: 49.9 });
		expect(output[1].json.error).toBe('Properties → revenue: the tracking plan wants a number; "forty" cannot become one without changing it');
		expect(output[2].json.error).toContain('Properties → revenue');
		expect(sentMessages(server.fake)).toHaveLength(1);

		server.fake.clearRecords();
		const auto = await runNode({
			parameters: planParameters('identify', { userId: 'user-1', ...mapped({}, 'autoMapInputData') }),
			items: [{ email: 'ada@example.com', plan: 'pro', password: 'not planned, not sent' }],
			credentials: credentials(),
		});
		expect(auto.output[0].json).toMatchObject({ success: true, violations: [] });
		expect(sentMessages(server.fake)[0].traits).toEqual({ email: 'ada@example.com', plan: 'pro' });
	});

	test('Validate Messages is a look-up: a model may call it as a tool', async () => {
		const { answers } = await callTools({
			tools: [{ name: 'Check Messages', type: 'segmentWorkspace', parameters: { resource: 'trackingPlan', operation: 'validateMessages', trackingPlanId: { __rl: true, mode: 'id', value: PLAN_ID } } }],
			calls: [{ tool: 'Check_Messages', arguments: {} }],
			credentials: credentials(),
		});
		expect(answers[0].error).toBeUndefined();
		expect(answers[0].answer).toEqual([expect.objectContaining({ valid: false, trackingPlan: 'Tracking Plan 001' })]);
	});
});

describe('hostile answers for the plan', () => {
	test("a plan whose name echoes the token: the token never reaches an output or an error", async () => {
		const plan = server.fake.workspace.trackingPlans.find((entry) => entry.id === PLAN_ID)!;
		plan.name = `Plan ${PUBLIC_API_TOKEN}`;
		try {
			const { output } = await track([GOOD, WRONG_TYPE]);
			expect(JSON.stringify(output)).not.toContain(PUBLIC_API_TOKEN);
			expect(output[1].json.error).toContain('the tracking plan "Plan [redacted]"');
		} finally {
			plan.name = 'Tracking Plan 001';
		}
	});


	test('rules that are no rules are left out and logged, a pattern JavaScript cannot read makes its rule uncheckable, and nothing crashes', async () => {
		const rules = server.fake.workspace.rules.get(PLAN_ID)! as unknown[];
		rules.push(null, 'TRACK', { type: 'TRACK', version: 1 }, { type: 'TRACK', key: 'Bad Pattern', version: 1, jsonSchema: { properties: { userId: { pattern: '([' } } } });
		const { output } = await track([GOOD, { event: 'Bad Pattern' }]);
		expect(output[0].json).toMatchObject({ success: true, violations: [] });
		expect(output[1].json.error).toContain('The rule TRACK "Bad Pattern" v1 cannot be checked here');
		expect(sentMessages(server.fake)).toHaveLength(1);
	});
});
