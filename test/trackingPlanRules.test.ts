import { treatmentOf } from '../nodes/shared/protocols/schemaSettings';
import type { PlanRule } from '../nodes/shared/protocols/trackingPlan';
import { checkMessage, compilePlan, plannedEventNames, readRules } from '../nodes/shared/protocols/trackingPlan';

const order = (version: number, required: string[]): PlanRule => ({
	type: 'TRACK',
	key: 'Order Completed',
	version,
	jsonSchema: { properties: { properties: { type: 'object', properties: { order_id: { type: 'string' }, currency: { type: 'string' } }, required } } },
});
const plan = compilePlan('tp_1', 'Checkout', [
	order(2, ['order_id', 'currency']),
	order(1, ['order_id']),
	{ type: 'PAGE', version: 1, jsonSchema: { properties: { name: { type: 'string' } }, required: ['name'] } },
	{ type: 'COMMON', version: 1, jsonSchema: { required: ['userId'] } },
]);
const paths = (message: Record<string, unknown>) => checkMessage(plan, message).map((violation) => `${violation.kind} ${violation.path} ${violation.rule}`);

describe('which rules a message is checked against', () => {
	test('a track call: its event name, the version context.protocols.event_version names, else the oldest', () => {
		const base = { type: 'track', userId: 'u1', event: 'Order Completed', properties: { order_id: 'o1' } };
		expect(paths(base)).toEqual([]);
		expect(paths({ ...base, context: { protocols: { event_version: 2 } } })).toEqual(['schema properties.currency TRACK "Order Completed" v2']);
		expect(paths({ ...base, context: { protocols: { event_version: 9 } } })).toEqual([]);
		expect(paths({ ...base, context: { protocols: { event_version: 2.5 } } })).toEqual([]);
	});

	test('an event the plan lacks is a violation of its own kind; the COMMON rule applies to every call', () => {
		expect(paths({ type: 'track', event: 'Order Complete', anonymousId: 'a1' })).toEqual(['schema userId COMMON v1', 'unplannedEvent event TRACK']);
		expect(paths({ type: 'alias', userId: 'u1', previousId: 'a1' })).toEqual([]);
		expect(paths({ type: 'alias', previousId: 'a1', anonymousId: 'x' })).toEqual(['schema userId COMMON v1']);
	});

	test('a page, screen, identify or group call without a rule of its type is checked by COMMON alone; with one, by it', () => {
		expect(paths({ type: 'identify', userId: 'u1', traits: { anything: 1 } })).toEqual([]);
		expect(paths({ type: 'page', userId: 'u1' })).toEqual(['schema name PAGE v1']);
		expect(paths({ type: 'screen', userId: 'u1' })).toEqual([]);
	});

	test('unplanned properties are those the rule does not list; page properties are never unplanned', () => {
		expect(paths({ type: 'track', userId: 'u1', event: 'Order Completed', properties: { order_id: 'o1', coupon: 'X' } })).toEqual([
			'unplannedProperty properties.coupon TRACK "Order Completed" v1',
		]);
		expect(paths({ type: 'page', userId: 'u1', name: 'Home', properties: { anything: 1 } })).toEqual([]);
	});

	test('the editor lists the planned events once each, in order', () => {
		expect(plannedEventNames(compilePlan('p', 'P', [order(1, []), order(2, []), { type: 'TRACK', key: 'Cart Viewed', version: 1, jsonSchema: {} }]))).toEqual(['Cart Viewed', 'Order Completed']);
	});

	test("rules as an answer may hold them: entries that are no rules are left out and counted", () => {
		const { rules, skipped } = readRules([null, 'x', { type: 'TRACK', version: 1 }, { type: 'NOPE', version: 1 }, { type: 'COMMON', jsonSchema: {} }, { type: 'TRACK', key: 'A', version: 3, jsonSchema: true }]);
		expect(rules).toEqual([
			{ type: 'COMMON', version: 1, jsonSchema: {} },
			{ type: 'TRACK', key: 'A', version: 3, jsonSchema: true },
		]);
		expect(skipped).toBe(4);
	});

	test('a rule with a keyword the validator does not support is kept, and refuses the messages it applies to', () => {
		const odd = compilePlan('p', 'P', [{ type: 'TRACK', key: 'A', version: 1, jsonSchema: { $ref: 'https://example.com/a.json' } }]);
		const [violation] = checkMessage(odd, { type: 'track', event: 'A', userId: 'u' });
		expect(violation).toMatchObject({ kind: 'uncheckableRule', rule: 'TRACK "A" v1' });
		expect(violation.message).toContain('names another document');
		expect(checkMessage(odd, { type: 'track', event: 'B', userId: 'u' }).map((entry) => entry.kind)).toEqual(['unplannedEvent']);
	});
});

describe("what the source's schema settings make Segment do", () => {
	const violation = (kind: 'unplannedEvent' | 'unplannedProperty' | 'schema', common = false) => ({ kind, common, path: 'x', keyword: 'k', message: 'm', rule: 'r' });

	test.each([
		['track', violation('unplannedEvent'), { track: { allowUnplannedEvents: false } }, 'blocked'],
		['track', violation('unplannedEvent'), {}, 'flagged'],
		['track', violation('unplannedProperty'), { track: { allowUnplannedEventProperties: false } }, 'omitted'],
		['track', violation('schema'), { track: { allowEventOnViolations: false } }, 'blocked'],
		['track', violation('schema'), { track: { allowPropertiesOnViolations: false } }, 'omitted'],
		['track', violation('schema', true), { track: { allowEventOnViolations: false } }, 'flagged'],
		['track', violation('schema', true), { track: { commonEventOnViolations: 'BLOCK' } }, 'blocked'],
		['track', violation('schema', true), { track: { commonEventOnViolations: 'OMIT_PROPERTIES' } }, 'omitted'],
		['identify', violation('unplannedProperty'), { identify: { allowUnplannedTraits: false } }, 'omitted'],
		['identify', violation('schema'), { identify: { allowTraitsOnViolations: false } }, 'omitted'],
		['group', violation('schema', true), { group: { commonEventOnViolations: 'BLOCK' } }, 'blocked'],
		['group', violation('schema', true), { identify: { commonEventOnViolations: 'BLOCK' } }, 'flagged'],
		['page', violation('schema', true), { track: { commonEventOnViolations: 'BLOCK' } }, 'flagged'],
	] as const)('%s, %j under %j: %s', (type, given, settings, expected) => {
		expect(treatmentOf(given, type, settings)).toBe(expected);
	});
});
