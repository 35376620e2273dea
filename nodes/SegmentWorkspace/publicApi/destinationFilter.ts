import { InvalidInputError } from '../../shared/InvalidInputError';
import { inputText } from '../../shared/inputText';
import { splitList } from '../../shared/splitList';

/**
 * A destination filter as Segment defines it: an FQL condition (`if`) and what to do to
 * the events it matches (drop them, keep a sample, or allow or drop properties), checked
 * before sending. Pure.
 */

export type FilterActionType = 'DROP' | 'SAMPLE' | 'ALLOW_PROPERTIES' | 'DROP_PROPERTIES';

export interface FilterAction {
	type: FilterActionType;
	percent?: number;
	path?: string;
	fields?: Record<string, string[]>;
}

/** One row of the node's Actions, as n8n hands it over. */
export interface ActionEntry {
	type?: unknown;
	percent?: unknown;
	path?: unknown;
	properties?: unknown;
	context?: unknown;
	traits?: unknown;
}

const ACTION_TYPES: Record<string, FilterActionType> = { drop: 'DROP', sample: 'SAMPLE', allowProperties: 'ALLOW_PROPERTIES', dropProperties: 'DROP_PROPERTIES' };

const IF_HINT = 'Write it in FQL, e.g. type = "track" and event = "Order Completed", or all for every event.';

export function readCondition(value: unknown): string {
	const condition = inputText(value, 'If');
	if (condition === '') throw new InvalidInputError('If is empty: give the condition of the events the filter acts on', IF_HINT);
	return condition;
}

/** The node's Actions rows as Segment's actions: percentages 0–100 become 0–1, fields are grouped by where they are. */
export function filterActions(entries: ActionEntry[]): FilterAction[] {
	if (entries.length === 0) throw new InvalidInputError('Actions is empty: add what the filter does (Drop Event, Sample, Allow or Drop Properties)');
	return entries.map((entry, index) => {
		const where = `Action ${index + 1}`;
		const type = ACTION_TYPES[String(entry.type ?? '')];
		if (!type) throw new InvalidInputError(`${where}: the type must be Drop Event, Sample, Allow Properties or Drop Properties`);
		if (type === 'DROP') return { type };
		if (type === 'SAMPLE') {
			const percent = typeof entry.percent === 'string' ? Number(entry.percent) : entry.percent;
			if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) throw new InvalidInputError(`${where}: Percent to Keep must be a number from 0 to 100`);
			const path = inputText(entry.path, `${where}: Sample By`);
			return { type, percent: Math.round(percent * 100) / 10_000, ...(path ? { path } : {}) };
		}
		const fields: Record<string, string[]> = {};
		for (const place of ['properties', 'context', 'traits'] as const) {
			const names = splitList(entry[place], `${where}: ${place}`);
			if (names.length > 0) fields[place] = names;
		}
		if (Object.keys(fields).length === 0) throw new InvalidInputError(`${where}: name at least one field, under Properties, Context or Traits`);
		return { type, fields };
	});
}

const SEGMENT_TYPES: readonly string[] = Object.values(ACTION_TYPES);

/**
 * Actions as Segment itself writes them (`[{"type": "DROP"}]`, percent from 0 to 1), from
 * a filter read with Get: what copying a filter needs.
 */
export function segmentActions(value: unknown): FilterAction[] {
	if (!Array.isArray(value) || value.length === 0) throw new InvalidInputError('Actions (JSON) must be a non-empty list, as Get returns a filter\'s actions, e.g. [{"type": "DROP"}]');
	return value.map((action, index) => {
		const where = `Actions (JSON), entry ${index + 1}`;
		if (typeof action !== 'object' || action === null || !SEGMENT_TYPES.includes(String((action as FilterAction).type))) {
			throw new InvalidInputError(`${where}: type must be one of ${SEGMENT_TYPES.join(', ')}`);
		}
		const { type, percent, path, fields } = action as FilterAction;
		if (type === 'SAMPLE' && (typeof percent !== 'number' || percent < 0 || percent > 1)) throw new InvalidInputError(`${where}: percent must be a number from 0 to 1`);
		if ((type === 'ALLOW_PROPERTIES' || type === 'DROP_PROPERTIES') && (typeof fields !== 'object' || fields === null)) throw new InvalidInputError(`${where}: fields must name the fields, e.g. {"properties": ["email"]}`);
		return { type, ...(percent !== undefined ? { percent } : {}), ...(path ? { path } : {}), ...(fields ? { fields } : {}) };
	});
}

export interface FilterFields {
	title?: unknown;
	description?: unknown;
	if?: unknown;
	enabled?: unknown;
	actions?: ActionEntry[];
}

export function readTitle(value: unknown): string {
	const title = inputText(value, 'Title');
	if (title === '') throw new InvalidInputError('Title is empty: give the filter a title, as Segment lists it');
	return title;
}

/** A filter's PATCH: only what was given. */
export function filterUpdate(fields: FilterFields, actionsGiven = false): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	if (fields.title !== undefined) body.title = readTitle(fields.title);
	if (fields.description !== undefined) body.description = inputText(fields.description, 'Description') || null;
	if (fields.if !== undefined) body.if = readCondition(fields.if);
	if (fields.enabled !== undefined) {
		if (typeof fields.enabled !== 'boolean') throw new InvalidInputError('Enabled must be true or false');
		body.enabled = fields.enabled;
	}
	if (fields.actions !== undefined) body.actions = filterActions(fields.actions);
	if (Object.keys(body).length === 0 && !actionsGiven) throw new InvalidInputError('Nothing to update: add at least one of the Update Fields');
	return body;
}

/** JSON with its keys in order, so that two events with the same content compare equal. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

/** What a preview says of the sample event: kept as it was, changed, or dropped. */
export function previewOutcome(input: unknown, result: unknown): { outcome: 'kept' | 'changed' | 'dropped'; result: unknown; inputPayload: unknown } {
	if (result === null || result === undefined) return { outcome: 'dropped', result: null, inputPayload: input };
	return { outcome: canonical(result) === canonical(input) ? 'kept' : 'changed', result, inputPayload: input };
}
