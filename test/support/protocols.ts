import type { FakeRule } from './publicApiStore';

/**
 * What the fake Segment's Protocols does to a message from a source connected to a
 * tracking plan, after answering 200, as Segment's docs describe it (Protocols → Schema
 * Configuration; Tracking Plan → event versions): block it, omit unplanned or invalid
 * properties and traits, or flag it. Written apart from the node's validator, and only for
 * the keywords the tests' rules use (type, required, properties, enum, pattern, minimum,
 * maximum, minLength, items, additionalProperties: false), so that the node is checked
 * against a second reading, not against itself.
 */

export interface ProtocolsOutcome {
	blocked: boolean;
	/** `properties.x` / `traits.x` taken out of the message. */
	omitted: string[];
	/** Every violation the plan found, as the Violations view would list it. */
	violations: string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function typeMatches(type: string, value: unknown): boolean {
	if (type === 'integer') return Number.isInteger(value);
	if (type === 'number') return typeof value === 'number';
	if (type === 'array') return Array.isArray(value);
	if (type === 'object') return isObject(value);
	if (type === 'null') return value === null;
	return typeof value === type;
}

/** The paths in `value` that break `schema`. */
function broken(schema: unknown, value: unknown, path: string): string[] {
	if (!isObject(schema)) return schema === false ? [path] : [];
	const found: string[] = [];
	if (schema.type !== undefined) {
		const types = Array.isArray(schema.type) ? (schema.type as string[]) : [String(schema.type)];
		if (!types.some((type) => typeMatches(type, value))) return [path];
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) found.push(path);
	if (typeof value === 'string') {
		if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) found.push(path);
		if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) found.push(path);
	}
	if (typeof value === 'number') {
		if (typeof schema.minimum === 'number' && value < schema.minimum) found.push(path);
		if (typeof schema.maximum === 'number' && value > schema.maximum) found.push(path);
	}
	if (Array.isArray(value) && schema.items !== undefined) value.forEach((entry, index) => found.push(...broken(schema.items, entry, `${path}[${index}]`)));
	if (isObject(value)) {
		const listed = isObject(schema.properties) ? schema.properties : {};
		for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) if (!(name in value)) found.push(path === '' ? name : `${path}.${name}`);
		for (const [name, entry] of Object.entries(value)) {
			const at = path === '' ? name : `${path}.${name}`;
			if (name in listed) found.push(...broken(listed[name], entry, at));
			else if (schema.additionalProperties === false) found.push(at);
		}
	}
	return found;
}

const RULE_TYPE: Record<string, string> = { track: 'TRACK', identify: 'IDENTIFY', group: 'GROUP', page: 'PAGE', screen: 'SCREEN' };

/** The oldest version, unless `context.protocols.event_version` names one the plan has (Protocols docs). */
function pick(rules: FakeRule[], message: Json): FakeRule | undefined {
	if (rules.length === 0) return undefined;
	const sorted = [...rules].sort((a, b) => a.version - b.version);
	const asked = ((message.context as Json | undefined)?.protocols as Json | undefined)?.event_version;
	return sorted.find((rule) => Number.isInteger(asked) && rule.version === asked) ?? sorted[0];
}

/** Applies the plan and the source's schema settings to `message`, changing it where Segment would omit. */
export function applyProtocols(stored: FakeRule[], settings: Json, message: Json): ProtocolsOutcome {
	// A test may store what no API call could (nulls, text), to see what the node makes of it.
	const rules = stored.filter((rule) => isObject(rule));
	const outcome: ProtocolsOutcome = { blocked: false, omitted: [], violations: [] };
	const type = String(message.type);
	const typeSettings = (isObject(settings[type]) ? settings[type] : {}) as Json;
	const field = type === 'track' ? 'properties' : type === 'identify' || type === 'group' ? 'traits' : undefined;
	const omitting = new Set<string>();
	const onBroken = (paths: string[], common: boolean) => {
		if (paths.length === 0) return;
		outcome.violations.push(...paths);
		if (!field) return;
		const commonSetting = typeSettings.commonEventOnViolations;
		if (common ? commonSetting === 'BLOCK' : type === 'track' && typeSettings.allowEventOnViolations === false) outcome.blocked = true;
		const omits = common ? commonSetting === 'OMIT_PROPERTIES' || commonSetting === 'OMIT_TRAITS' : (type === 'track' ? typeSettings.allowPropertiesOnViolations : typeSettings.allowTraitsOnViolations) === false;
		if (omits) for (const path of paths) if (path.startsWith(`${field}.`)) omitting.add(path.slice(field.length + 1).split(/[.[]/)[0]);
	};

	const common = pick(rules.filter((rule) => rule.type === 'COMMON'), message);
	if (common) onBroken(broken(common.jsonSchema, message, ''), true);
	const ruleType = RULE_TYPE[type];
	const rule = ruleType ? pick(rules.filter((entry) => entry.type === ruleType && (ruleType !== 'TRACK' || entry.key === message.event)), message) : undefined;
	if (type === 'track' && !rule) {
		outcome.violations.push('event');
		if (typeSettings.allowUnplannedEvents === false) outcome.blocked = true;
	}
	if (rule) {
		onBroken(broken(rule.jsonSchema, message, ''), false);
		const given = field ? message[field] : undefined;
		const listed = field && isObject(rule.jsonSchema) && isObject(rule.jsonSchema.properties) && isObject(rule.jsonSchema.properties[field]) ? ((rule.jsonSchema.properties[field] as Json).properties as Json | undefined) ?? {} : {};
		if (field && isObject(given)) {
			const allowed = type === 'track' ? typeSettings.allowUnplannedEventProperties : typeSettings.allowUnplannedTraits;
			for (const name of Object.keys(given)) {
				if (name in listed) continue;
				outcome.violations.push(`${field}.${name}`);
				if (allowed === false) omitting.add(name);
			}
		}
	}
	if (!outcome.blocked && field && isObject(message[field]) && omitting.size > 0) {
		const kept = { ...(message[field] as Json) };
		for (const name of omitting) {
			if (!(name in kept)) continue;
			delete kept[name];
			outcome.omitted.push(`${field}.${name}`);
		}
		message[field] = kept;
		// Segment notes what it left out in the event itself (Protocols: forward blocked events).
		message.context = { ...(isObject(message.context) ? message.context : {}), protocols: { omitted: outcome.omitted } };
	}
	return outcome;
}
