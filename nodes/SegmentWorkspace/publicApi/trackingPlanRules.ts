import { inputText } from '../../shared/inputText';
import { InvalidInputError } from '../../shared/InvalidInputError';
import { describeValue, isPlainObject } from '../../shared/messages/prepareMessage';

export const RULE_TYPES = ['COMMON', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'TRACK'] as const;

export interface TrackingPlanRule {
	type: (typeof RULE_TYPES)[number];
	key?: string;
	jsonSchema: Record<string, unknown>;
	version: number;
}

const RULES_HINT =
	'Write a JSON list of rules, e.g. [{"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {"properties": {"properties": {"required": ["order_id"]}}}}]. The items of Get Rules, aggregated into one list, fit as they are.';

/**
 * Tracking plan rules as the Public API takes them, from a JSON list (or `{"rules": [...]}`).
 * Pure. Rules read back with Get Rules fit as they are: their dates are left out, a
 * lowercase type is accepted and a missing version counts as 1.
 */
export function checkRules(value: unknown): TrackingPlanRule[] {
	const list = isPlainObject(value) && Array.isArray(value.rules) ? value.rules : value;
	if (!Array.isArray(list)) throw new InvalidInputError(`Rules must be a JSON list of rules, not ${describeValue(list)}`, RULES_HINT);
	if (list.length === 0) throw new InvalidInputError('Rules is empty: give at least one rule', RULES_HINT);
	return list.map((rule: unknown, index) => {
		const label = `Rule ${index + 1}`;
		if (!isPlainObject(rule)) throw new InvalidInputError(`${label} must be an object, not ${describeValue(rule)}`, RULES_HINT);
		const type = String(rule.type ?? '').toUpperCase() as TrackingPlanRule['type'];
		if (!RULE_TYPES.includes(type)) {
			throw new InvalidInputError(`${label} has type ${JSON.stringify(rule.type)}; it must be one of ${RULE_TYPES.join(', ')}`, RULES_HINT);
		}
		const key = inputText(rule.key, `${label} "key"`) || undefined;
		if (type === 'TRACK' && !key) throw new InvalidInputError(`${label} is a TRACK rule without "key": give the event name it applies to`, RULES_HINT);
		if (!isPlainObject(rule.jsonSchema)) {
			throw new InvalidInputError(`${label} needs "jsonSchema", a JSON Schema object, not ${describeValue(rule.jsonSchema)}`, RULES_HINT);
		}
		const version = rule.version === undefined || rule.version === null ? 1 : Number(rule.version);
		if (!Number.isInteger(version) || version < 1) throw new InvalidInputError(`${label} has version ${JSON.stringify(rule.version)}; it must be a whole number from 1`, RULES_HINT);
		return { type, ...(key ? { key } : {}), jsonSchema: rule.jsonSchema, version };
	});
}
