import { InvalidInputError } from '../../shared/InvalidInputError';
import { inputText, kindOf } from '../../shared/inputText';
import { splitList } from '../../shared/splitList';
import { parseJsonParameter } from '../../shared/actions/jsonParameter';

/** What creating or changing workspace resources takes, checked before sending. Pure. */

export interface Label {
	key: string;
	value: string;
	description?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `env:prod, team:growth`, or a list of `{key, value}` from an expression. */
export function readLabels(value: unknown, label = 'Labels'): Label[] {
	const entries = Array.isArray(value) && value.some(isObject) ? value : splitList(value, label);
	const labels = entries.map((entry, index): Label => {
		if (isObject(entry)) {
			const key = inputText(entry.key, `${label} (entry ${index + 1}: key)`);
			const text = inputText(entry.value, `${label} (entry ${index + 1}: value)`);
			if (key === '' || text === '') throw new InvalidInputError(`${label}: entry ${index + 1} needs a key and a value`);
			return { key, value: text };
		}
		const colon = String(entry).indexOf(':');
		const key = colon === -1 ? '' : String(entry).slice(0, colon).trim();
		const text = colon === -1 ? '' : String(entry).slice(colon + 1).trim();
		if (key === '' || text === '') throw new InvalidInputError(`${label}: "${String(entry).slice(0, 60)}" is not key:value`, 'Write labels as key:value pairs separated by commas, e.g. env:prod, team:growth.');
		return { key, value: text };
	});
	return labels;
}

/** A JSON object parameter (settings): text or, from an expression, the object itself. */
export function readJsonObject(value: unknown, label: string, hint: string): Record<string, unknown> {
	const parsed = parseJsonParameter(value, label, hint);
	if (parsed === undefined) return {};
	if (!isObject(parsed)) throw new InvalidInputError(`${label} must be a JSON object, not ${kindOf(parsed)}`, hint);
	return parsed;
}

/** A source's slug names it in Segment's app and URLs: no spaces. */
export function readSlug(value: unknown): string {
	const slug = inputText(value, 'Slug');
	if (slug === '') throw new InvalidInputError('Slug is empty: give the source a slug, e.g. checkout-staging');
	if (/\s/.test(slug)) throw new InvalidInputError(`Slug "${slug.slice(0, 60)}" has a space in it: use letters, digits and dashes, e.g. checkout-staging`);
	return slug;
}

export const SCHEMA_SETTINGS_KEYS = ['track', 'identify', 'group', 'forwardingViolationsTo', 'forwardingBlockedEventsTo'];

const SCHEMA_SETTINGS_HINT =
	'Give the parts to change, as Get Schema Settings returns them, e.g. {"track": {"allowUnplannedEvents": false}}. Keys: track, identify, group, forwardingViolationsTo, forwardingBlockedEventsTo.';

export function readSchemaSettings(value: unknown): Record<string, unknown> {
	const settings = readJsonObject(value, 'Schema Settings', SCHEMA_SETTINGS_HINT);
	const unknown = Object.keys(settings).filter((key) => !SCHEMA_SETTINGS_KEYS.includes(key));
	if (unknown.length > 0) throw new InvalidInputError(`Schema Settings has keys Segment does not take: ${unknown.slice(0, 5).join(', ')}`, SCHEMA_SETTINGS_HINT);
	if (Object.keys(settings).length === 0) throw new InvalidInputError('Schema Settings is empty: nothing to update', SCHEMA_SETTINGS_HINT);
	for (const key of ['track', 'identify', 'group']) {
		if (settings[key] !== undefined && !isObject(settings[key])) throw new InvalidInputError(`Schema Settings: ${key} must be an object`, SCHEMA_SETTINGS_HINT);
	}
	return settings;
}

export const TRACKING_PLAN_TYPES = ['LIVE', 'TEMPLATE', 'RULE_LIBRARY', 'PROPERTY_LIBRARY', 'ENGAGE'];

export const FUNCTION_RESOURCE_TYPES = ['SOURCE', 'DESTINATION', 'INSERT_SOURCE', 'INSERT_DESTINATION', 'INSERT_TRANSFORMATION'];
