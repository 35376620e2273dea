import { createHash } from 'crypto';

/**
 * A polling trigger's memory of a stream of timestamped events (a profile's events, the
 * audit trail), kept in the workflow's static data: what to ask for next and which events
 * were already emitted. Pure.
 *
 * Each poll asks again for a window before the newest event seen, so that events sharing a
 * timestamp, or reaching Segment late, are not missed; the keys of the events seen inside
 * that window keep them from being emitted twice. Only that window's keys are kept, so the
 * state stays small whatever the number of polls.
 *
 * What Segment sends is not trusted: an event without an ID is keyed by its content, an ID
 * such as `__proto__` is only ever a key, and a time far ahead of the clock (or none) never
 * moves the cursor past now, where it would skip every real event after it.
 */

export interface TimedEvent {
	timestamp?: unknown;
	[field: string]: unknown;
}

/** A profile event names itself by `message_id`; other streams pass their own. */
export type EventIdOf<T> = (event: T) => unknown;

const byMessageId: EventIdOf<TimedEvent> = (event) => event.message_id;

export type ProfileEvent = TimedEvent;

export interface EventCursorState {
	/** Nothing older than this is ever emitted: the activation time, less any look-back. */
	floor: string;
	/** The newest event time seen so far, never later than the clock. */
	cursor: string;
	/** Event key → time of the events emitted inside the re-read window. */
	seen: Record<string, string>;
	/**
	 * Older events a capped poll could not read yet: the stretch still to read, and the keys
	 * of the events already emitted at its end (they share its last time).
	 */
	backlog?: { start: string; end: string; emitted: string[] };
}

/** How far ahead of the clock an event's time may be and still move the cursor: clocks differ a little. */
export const CLOCK_SKEW_MS = 60_000;

export function startCursor(nowMs: number, lookBackMs: number): EventCursorState {
	const floor = new Date(nowMs - Math.max(0, lookBackMs)).toISOString();
	return { floor, cursor: floor, seen: {} };
}

const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** A cursor from static data, or none when it is not one (another version's, corrupt): the caller starts afresh. */
export function readCursorState(stored: unknown): EventCursorState | undefined {
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
	const { floor, cursor, seen, backlog } = stored as Record<string, unknown>;
	if (!isTime(floor) || !isTime(cursor)) return undefined;
	const kept: Record<string, string> = {};
	if (typeof seen === 'object' && seen !== null && !Array.isArray(seen)) {
		for (const [key, at] of Object.entries(seen)) if (isTime(at)) kept[KEY_FORM.test(key) ? key : idKey(key)] = at;
	}
	const state: EventCursorState = { floor, cursor, seen: kept };
	const pending = backlog as Record<string, unknown> | undefined;
	if (pending && isTime(pending.start) && isTime(pending.end) && Array.isArray(pending.emitted)) {
		state.backlog = { start: pending.start, end: pending.end, emitted: pending.emitted.filter((key): key is string => typeof key === 'string') };
	}
	return state;
}

/** Where the next request starts: the late-arrival window before the cursor, never before the floor. */
export function queryStart(state: EventCursorState, lateWindowMs: number): string {
	const start = Math.max(Date.parse(state.floor), Date.parse(state.cursor) - lateWindowMs);
	return new Date(start).toISOString();
}

// Keys are prefixed, so that no ID Segment sends can be taken for an object's own property.
const KEY_FORM = /^(?:id|content):/;
const idKey = (id: string) => `id:${id}`;

/** An event's key: its ID when it has one, else a digest of what it holds. */
export function eventKey<T extends TimedEvent>(event: T, idOf: EventIdOf<T> = byMessageId as EventIdOf<T>): string {
	const id = idOf(event);
	if ((typeof id === 'string' && id !== '') || typeof id === 'number') return idKey(String(id));
	return `content:${createHash('sha256').update(stableJson(event)).digest('hex').slice(0, 32)}`;
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

function timeOf(event: TimedEvent): number {
	return typeof event.timestamp === 'string' || typeof event.timestamp === 'number' ? Date.parse(String(event.timestamp)) : NaN;
}

/**
 * The events of one poll that were not emitted before, oldest first, and the state after
 * them. An event without a readable time is emitted once and remembered for the window; an
 * event ahead of the clock is emitted, but the cursor stays at the clock.
 */
export function takeNewEvents<T extends TimedEvent>(
	state: EventCursorState,
	events: readonly T[],
	lateWindowMs: number,
	idOf: EventIdOf<T> = byMessageId as EventIdOf<T>,
	nowMs: number = Date.now(),
): { fresh: T[]; state: EventCursorState } {
	const floor = Date.parse(state.floor);
	const seen: Record<string, string> = { ...state.seen };
	const fresh: T[] = [];
	let cursor = Date.parse(state.cursor);
	const keyed = events
		.filter((event): event is T => typeof event === 'object' && event !== null && !Array.isArray(event))
		.map((event) => ({ event, key: eventKey(event, idOf), at: timeOf(event) }))
		.sort((a, b) => (Number.isNaN(a.at) ? nowMs : a.at) - (Number.isNaN(b.at) ? nowMs : b.at) || a.key.localeCompare(b.key));
	for (const { event, key, at } of keyed) {
		const known = Number.isNaN(at) ? nowMs : at;
		if (!Number.isNaN(at)) cursor = Math.max(cursor, Math.min(at, nowMs + CLOCK_SKEW_MS));
		if ((!Number.isNaN(at) && at < floor) || Object.prototype.hasOwnProperty.call(seen, key)) continue;
		// An event ahead of the clock stays known until its own time leaves the window, or it would be emitted again.
		seen[key] = new Date(known).toISOString();
		fresh.push(event);
	}
	const keepFrom = cursor - lateWindowMs;
	for (const [key, at] of Object.entries(seen)) {
		if (Date.parse(at) < keepFrom) delete seen[key];
	}
	return { fresh, state: { floor: state.floor, cursor: new Date(cursor).toISOString(), seen, ...(state.backlog ? { backlog: state.backlog } : {}) } };
}
