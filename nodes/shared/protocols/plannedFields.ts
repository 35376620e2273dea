import { InvalidInputError } from '../InvalidInputError';
import type { PlanRule } from './trackingPlan';
import { isPlainObject } from '../messages/prepareMessage';

/**
 * The properties (or traits) a rule plans, for mapping them field by field, and the
 * conversion of mapped values to the planned types where nothing is lost. Pure.
 */

export interface PlannedField {
	name: string;
	/** JSON Schema types the rule allows; empty when it says none (any value). */
	types: string[];
	required: boolean;
	enumValues?: unknown[];
}


export function plannedFields(rule: PlanRule, field: 'properties' | 'traits'): PlannedField[] {
	const schema = rule.jsonSchema;
	const fieldSchema = isPlainObject(schema) && isPlainObject(schema.properties) ? schema.properties[field] : undefined;
	if (!isPlainObject(fieldSchema) || !isPlainObject(fieldSchema.properties)) return [];
	const required = new Set(Array.isArray(fieldSchema.required) ? fieldSchema.required.map(String) : []);
	return Object.entries(fieldSchema.properties).map(([name, entry]) => {
		const type = isPlainObject(entry) ? entry.type : undefined;
		const types = Array.isArray(type) ? type.map(String) : typeof type === 'string' ? [type] : [];
		const enumValues = isPlainObject(entry) && Array.isArray(entry.enum) ? entry.enum : undefined;
		return { name, types, required: required.has(name), ...(enumValues ? { enumValues } : {}) };
	});
}

const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The number a text writes, unless it has more digits than a number keeps (it would change on the way). */
function numberFromText(text: string): number | undefined {
	if (!NUMBER_TEXT.test(text)) return undefined;
	const number = Number(text);
	const digits = text.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '');
	return Number.isFinite(number) && digits.length <= 15 ? number : undefined;
}

function matches(type: string, value: unknown): boolean {
	if (type === 'integer') return Number.isInteger(value);
	if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
	if (type === 'array') return Array.isArray(value);
	if (type === 'object') return isPlainObject(value);
	if (type === 'null') return value === null;
	return typeof value === type;
}

/** `value` as `type`, when it can become one without losing anything. */
function convert(type: string, value: unknown): { ok: true; value: unknown } | { ok: false } {
	if (matches(type, value)) return { ok: true, value };
	if ((type === 'number' || type === 'integer') && typeof value === 'string') {
		const number = numberFromText(value.trim());
		if (number !== undefined && (type === 'number' || Number.isInteger(number))) return { ok: true, value: number };
	}
	if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return { ok: true, value: value.trim().toLowerCase() === 'true' };
	if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return { ok: true, value: String(value) };
	if ((type === 'object' || type === 'array') && typeof value === 'string') {
		try {
			const parsed: unknown = JSON.parse(value);
			if (matches(type, parsed)) return { ok: true, value: parsed };
		} catch {
			return { ok: false };
		}
	}
	return { ok: false };
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a JSON object', array: 'a JSON list', null: 'null' };

function shown(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * The mapped values, each converted to the type the plan gives it where that is
 * lossless; an empty field is left out. A value that cannot become its planned type
 * fails the item, saying which field and what the plan wants.
 */
export function convertToPlan(values: Record<string, unknown>, fields: PlannedField[], label: string): Record<string, unknown> {
	const byName = new Map(fields.map((field) => [field.name, field]));
	const converted: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(values)) {
		if (value === undefined || value === null || value === '') continue;
		const planned = byName.get(name);
		if (!planned || planned.types.length === 0) {
			converted[name] = value;
			continue;
		}
		const result = planned.types.map((type) => convert(type, value)).find((attempt) => attempt.ok);
		if (!result || !result.ok) {
			const wanted = planned.types.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
			throw new InvalidInputError(`${label} → ${name}: the tracking plan wants ${wanted}; ${shown(value)} cannot become one without changing it`, `Give ${name} as ${wanted}, or map another field to it.`);
		}
		converted[name] = result.value;
	}
	return converted;
}
