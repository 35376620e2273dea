import { createHash } from 'node:crypto';

import { fqlMatches } from './fql';

/**
 * What a destination filter does to one event, as Segment documents it: when its FQL
 * `if` matches (`all` matches every event), DROP drops the event, SAMPLE keeps a share
 * (by a field, deterministically, or at random), ALLOW_PROPERTIES keeps only the fields
 * named and DROP_PROPERTIES removes them, inside properties, context or traits.
 */

export interface FilterAction {
	type: string;
	percent?: number;
	path?: string;
	fields?: Record<string, string[]>;
}

export interface FilterDefinition {
	if: string;
	actions: FilterAction[];
}

export const FILTER_ACTION_TYPES = ['DROP', 'SAMPLE', 'ALLOW_PROPERTIES', 'DROP_PROPERTIES'];

const PLACES = ['properties', 'context', 'traits'];

function matches(condition: string, event: Record<string, unknown>): boolean {
	return condition.trim() === 'all' || fqlMatches(condition, event);
}

function valueAt(event: Record<string, unknown>, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), event);
}

/** Whether a sampled event is kept: the same field value always lands on the same side. */
function sampled(action: FilterAction, event: Record<string, unknown>): boolean {
	const percent = action.percent ?? 1;
	const seed = action.path ? String(valueAt(event, action.path) ?? '') : String(event.messageId ?? Math.random());
	const bucket = createHash('sha1').update(seed).digest().readUInt32BE(0) / 0xffffffff;
	return bucket < percent;
}

function withFields(event: Record<string, unknown>, fields: Record<string, string[]>, keep: boolean): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...event };
	for (const place of PLACES) {
		const names = fields[place];
		const object = copy[place];
		if (!names || typeof object !== 'object' || object === null) continue;
		copy[place] = Object.fromEntries(Object.entries(object as Record<string, unknown>).filter(([name]) => names.includes(name) === keep));
	}
	return copy;
}

/** The event after the filter, or null when it is dropped. */
export function applyFilter(filter: FilterDefinition, event: Record<string, unknown>): Record<string, unknown> | null {
	if (!matches(filter.if, event)) return event;
	let current: Record<string, unknown> = event;
	for (const action of filter.actions) {
		if (action.type === 'DROP') return null;
		if (action.type === 'SAMPLE' && !sampled(action, current)) return null;
		if (action.type === 'ALLOW_PROPERTIES') current = withFields(current, action.fields ?? {}, true);
		if (action.type === 'DROP_PROPERTIES') current = withFields(current, action.fields ?? {}, false);
	}
	return current;
}
