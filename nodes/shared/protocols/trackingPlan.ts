import type { CompiledSchema, Violation } from './jsonSchema';
import { compileSchema, UnsupportedSchemaError, validate } from './jsonSchema';
import { isPlainObject } from '../messages/prepareMessage';
import { plannedFields } from './plannedFields';

/**
 * A Protocols tracking plan as Segment applies it to a message: the TRACK rule of the
 * event's name (the version `context.protocols.event_version` names, else the oldest), the
 * rule of the call's type for the others, and the COMMON rule for every call. Pure: the
 * rules come in as the Public API lists them.
 */

export const RULE_TYPES = ['TRACK', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'COMMON'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export interface PlanRule {
	type: RuleType;
	key?: string;
	version: number;
	jsonSchema: unknown;
}

/**
 * What went wrong: an event the plan does not have, a property (or trait) it does not
 * list, a break of a rule's JSON Schema, or a rule the node cannot check.
 */
export type PlanViolationKind = 'unplannedEvent' | 'unplannedProperty' | 'schema' | 'uncheckableRule';

export interface PlanViolation extends Violation {
	kind: PlanViolationKind;
	/** The rule, as Segment's app names it: `TRACK "Order Completed" v2`, `COMMON v1`. */
	rule: string;
	/** Whether the COMMON rule was broken (Segment's schema settings treat it apart). */
	common: boolean;
}

interface CompiledRule {
	rule: PlanRule;
	label: string;
	compiled?: CompiledSchema;
	/** Why the node cannot check against it (a keyword it does not support). */
	uncheckable?: string;
}

export interface TrackingPlan {
	id: string;
	name: string;
	/** TRACK rules by event name, each list oldest version first. */
	events: ReadonlyMap<string, CompiledRule[]>;
	/** The rules of the other types, oldest version first. */
	byType: ReadonlyMap<RuleType, CompiledRule[]>;
}

const TYPE_OF_CALL: Record<string, RuleType | undefined> = { track: 'TRACK', identify: 'IDENTIFY', group: 'GROUP', page: 'PAGE', screen: 'SCREEN' };
/** Where a call keeps what the plan lists: Segment omits unplanned ones from track, identify and group calls. */
const PLANNED_FIELD: Record<string, 'properties' | 'traits' | undefined> = { track: 'properties', identify: 'traits', group: 'traits' };


function labelOf(rule: PlanRule): string {
	return rule.type === 'TRACK' ? `TRACK "${rule.key ?? ''}" v${rule.version}` : `${rule.type} v${rule.version}`;
}

/** A rule's schema made ready; one that uses what the validator does not support is kept, and refuses every message it applies to. */
function compileRule(rule: PlanRule): CompiledRule {
	const label = labelOf(rule);
	try {
		return { rule, label, compiled: compileSchema(rule.jsonSchema) };
	} catch (error) {
		// Anything the compiler cannot take (an unsupported keyword, a pattern JavaScript cannot read) makes the rule uncheckable.
		return { rule, label, uncheckable: error instanceof UnsupportedSchemaError ? error.message : `its schema cannot be read (${(error as Error).message})` };
	}
}

/** The plan's rules as the Public API returns them: entries that are no rules are left out (the caller says how many). */
export function readRules(entries: unknown[]): { rules: PlanRule[]; skipped: number } {
	const rules: PlanRule[] = [];
	for (const entry of entries) {
		if (!isPlainObject(entry) || !(RULE_TYPES as readonly string[]).includes(String(entry.type))) continue;
		const version = typeof entry.version === 'number' && Number.isFinite(entry.version) ? entry.version : 1;
		if (entry.type === 'TRACK' && (typeof entry.key !== 'string' || entry.key === '')) continue;
		rules.push({ type: entry.type as RuleType, ...(typeof entry.key === 'string' ? { key: entry.key } : {}), version, jsonSchema: entry.jsonSchema ?? {} });
	}
	return { rules, skipped: entries.length - rules.length };
}

export function compilePlan(id: string, name: string, rules: PlanRule[]): TrackingPlan {
	const events = new Map<string, CompiledRule[]>();
	const byType = new Map<RuleType, CompiledRule[]>();
	for (const rule of rules) {
		const compiled = compileRule(rule);
		const list = rule.type === 'TRACK' ? events.get(rule.key!) ?? [] : byType.get(rule.type) ?? [];
		list.push(compiled);
		if (rule.type === 'TRACK') events.set(rule.key!, list);
		else byType.set(rule.type, list);
	}
	for (const list of [...events.values(), ...byType.values()]) list.sort((a, b) => a.rule.version - b.rule.version);
	return { id, name, events, byType };
}

/** The plan's event names, for the editor. */
export function plannedEventNames(plan: TrackingPlan): string[] {
	return [...plan.events.keys()].sort((a, b) => a.localeCompare(b));
}

/** The version the message asks for, when it is a whole number the plan has; otherwise the oldest, as Protocols does. */
function chooseVersion(versions: CompiledRule[], message: Record<string, unknown>): CompiledRule {
	const protocols = isPlainObject(message.context) && isPlainObject(message.context.protocols) ? message.context.protocols : undefined;
	const asked = protocols?.event_version;
	return (Number.isInteger(asked) && versions.find((entry) => entry.rule.version === asked)) || versions[0];
}

/** The rule the message's own type selects (none for alias, and for a call type the plan leaves out). */
export function ruleFor(plan: TrackingPlan, message: Record<string, unknown>): CompiledRule | undefined {
	const type = TYPE_OF_CALL[String(message.type)];
	if (!type) return undefined;
	const versions = type === 'TRACK' ? plan.events.get(String(message.event)) : plan.byType.get(type);
	return versions && versions.length > 0 ? chooseVersion(versions, message) : undefined;
}

/** The top-level names a rule lists under `properties` (or `traits`). */
export function plannedNames(rule: PlanRule, field: 'properties' | 'traits'): Set<string> {
	return new Set(plannedFields(rule, field).map((planned) => planned.name));
}

function schemaViolations(entry: CompiledRule, message: Record<string, unknown>, common: boolean): PlanViolation[] {
	if (!entry.compiled) {
		return [{ path: '', keyword: 'rule', kind: 'uncheckableRule', rule: entry.label, common, message: `The rule ${entry.label} cannot be checked here: ${entry.uncheckable}` }];
	}
	return validate(entry.compiled, message).map((violation) => ({ ...violation, kind: 'schema', rule: entry.label, common }));
}

/** Every way the message breaks the plan; none when it follows it. */
export function checkMessage(plan: TrackingPlan, message: Record<string, unknown>): PlanViolation[] {
	const violations: PlanViolation[] = [];
	const common = plan.byType.get('COMMON');
	if (common && common.length > 0) violations.push(...schemaViolations(chooseVersion(common, message), message, true));
	const rule = ruleFor(plan, message);
	if (message.type === 'track' && !rule) {
		violations.push({ path: 'event', keyword: 'unplanned', kind: 'unplannedEvent', rule: 'TRACK', common: false, message: `The event "${String(message.event)}" is not in the tracking plan "${plan.name}"` });
		return violations;
	}
	if (!rule) return violations;
	const field = PLANNED_FIELD[String(message.type)];
	const given = field ? message[field] : undefined;
	if (field && isPlainObject(given)) {
		const planned = plannedNames(rule.rule, field);
		for (const name of Object.keys(given)) {
			if (planned.has(name)) continue;
			const what = field === 'traits' ? 'trait' : 'property';
			violations.push({ path: `${field}.${name}`, keyword: 'unplanned', kind: 'unplannedProperty', rule: rule.label, common: false, message: `The ${what} "${name}" is not in the rule ${rule.label}` });
		}
	}
	violations.push(...schemaViolations(rule, message, false));
	return violations;
}
