import { inputText } from '../../shared/inputText';
import { InvalidInputError } from '../../shared/InvalidInputError';
import { describeValue, isPlainObject } from '../../shared/messages/prepareMessage';

export const RULE_TYPES = ['COMMON', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'TRACK'] as const;

export interface TrackingPlanRule {
	type: (typeof RULE_TYPES)[number];
	key?: string;
	jsonSchema: Record<string, unknown>;
	version: number;
	/** Update Rules only: the key the rule is renamed to (Segment's UpsertRuleV1). */
	newKey?: string;
}

/** A rule to remove (Segment's RemoveRuleV1): its type, key and version. */
export type RuleToRemove = Pick<TrackingPlanRule, 'type' | 'key' | 'version'>;

const RULES_HINT =
	'Write a JSON list of rules, e.g. [{"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {"properties": {"properties": {"required": ["order_id"]}}}}]. The items of Get Rules, aggregated into one list, fit as they are.';

/**
 * Tracking plan rules as the Public API takes them, from a JSON list (or `{"rules": [...]}`).
 * Pure. Rules read back with Get Rules fit as they are: their dates are left out, a
 * lowercase type is accepted and a missing version counts as 1.
 */
export function checkRules(value: unknown, { renames = false }: { renames?: boolean } = {}): TrackingPlanRule[] {
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
		const version = ruleVersion(rule.version, label);
		const newKey = inputText(rule.newKey, `${label} "newKey"`) || undefined;
		if (newKey && !renames) throw new InvalidInputError(`${label} has "newKey", which only Update Rules takes: Replace Rules sets the rules as given`, RULES_HINT);
		return { type, ...(key ? { key } : {}), jsonSchema: rule.jsonSchema, version, ...(newKey ? { newKey } : {}) };
	});
}

function ruleVersion(value: unknown, label: string): number {
	const version = value === undefined || value === null ? 1 : Number(value);
	if (!Number.isInteger(version) || version < 1) throw new InvalidInputError(`${label} has version ${JSON.stringify(value)}; it must be a whole number from 1`, RULES_HINT);
	return version;
}

const REMOVE_HINT = 'Write a JSON list of the rules to remove, e.g. [{"type": "TRACK", "key": "Order Completed", "version": 1}]; the items of Get Rules fit as they are.';

/** The rules to remove, by type, key and version. Pure. */
export function checkRulesToRemove(value: unknown): RuleToRemove[] {
	const list = isPlainObject(value) && Array.isArray(value.rules) ? value.rules : value;
	if (!Array.isArray(list) || list.length === 0) throw new InvalidInputError(`Rules must be a JSON list of the rules to remove, not ${describeValue(list)}`, REMOVE_HINT);
	return list.map((rule: unknown, index) => {
		const label = `Rule ${index + 1}`;
		if (!isPlainObject(rule)) throw new InvalidInputError(`${label} must be an object, not ${describeValue(rule)}`, REMOVE_HINT);
		const type = String(rule.type ?? '').toUpperCase() as TrackingPlanRule['type'];
		if (!RULE_TYPES.includes(type)) throw new InvalidInputError(`${label} has type ${JSON.stringify(rule.type)}; it must be one of ${RULE_TYPES.join(', ')}`, REMOVE_HINT);
		const key = inputText(rule.key, `${label} "key"`) || undefined;
		if (type === 'TRACK' && !key) throw new InvalidInputError(`${label} is a TRACK rule without "key": give the event name it applies to`, REMOVE_HINT);
		return { type, ...(key ? { key } : {}), version: ruleVersion(rule.version, label) };
	});
}

/** Rules to remove as Segment reads a list of objects in a query: `rules.0.type=TRACK&rules.0.key=…&rules.0.version=1`. Pure. */
export function rulesQuery(rules: readonly RuleToRemove[]): Record<string, string | number> {
	const query: Record<string, string | number> = {};
	rules.forEach((rule, index) => {
		query[`rules.${index}.type`] = rule.type;
		if (rule.key !== undefined) query[`rules.${index}.key`] = rule.key;
		query[`rules.${index}.version`] = rule.version;
	});
	return query;
}
