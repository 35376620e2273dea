/**
 * A polling trigger's memory of a stream of timestamped events (a profile's events, the
 * audit trail), kept in the workflow's static data: what to ask for next and which events
 * were already emitted. Pure.
 *
 * Each poll asks again for a window before the newest event seen, so that events sharing a
 * timestamp, or reaching Segment late, are not missed; the message_ids seen inside that
 * window keep them from being emitted twice. Only that window's ids are kept, so the state
 * stays small whatever the number of polls.
 */

export interface TimedEvent {
	timestamp?: unknown;
	[field: string]: unknown;
}

/** A profile event names itself by `message_id`; other streams pass their own. */
export type EventIdOf<T> = (event: T) => string;

const byMessageId: EventIdOf<TimedEvent> = (event) => String(event.message_id);

export type ProfileEvent = TimedEvent;

export interface EventCursorState {
	/** Nothing older than this is ever emitted: the activation time, less any look-back. */
	floor: string;
	/** The newest event time seen so far. */
	cursor: string;
	/** message_id → timestamp of the events emitted inside the re-read window. */
	seen: Record<string, string>;
}

export function startCursor(nowMs: number, lookBackMs: number): EventCursorState {
	const floor = new Date(nowMs - Math.max(0, lookBackMs)).toISOString();
	return { floor, cursor: floor, seen: {} };
}

/** Where the next request starts: the late-arrival window before the cursor, never before the floor. */
export function queryStart(state: EventCursorState, lateWindowMs: number): string {
	const start = Math.max(Date.parse(state.floor), Date.parse(state.cursor) - lateWindowMs);
	return new Date(start).toISOString();
}

function timeOf(event: TimedEvent): number {
	return Date.parse(String(event.timestamp));
}

/** The events of one poll that were not emitted before, oldest first, and the state after them. */
export function takeNewEvents<T extends TimedEvent>(
	state: EventCursorState,
	events: readonly T[],
	lateWindowMs: number,
	idOf: EventIdOf<T> = byMessageId,
): { fresh: T[]; state: EventCursorState } {
	const floor = Date.parse(state.floor);
	const seen = { ...state.seen };
	const fresh: T[] = [];
	let cursor = Date.parse(state.cursor);
	const ordered = [...events]
		.filter((event) => !Number.isNaN(timeOf(event)))
		.sort((a, b) => timeOf(a) - timeOf(b) || idOf(a).localeCompare(idOf(b)));
	for (const event of ordered) {
		const at = timeOf(event);
		const id = idOf(event);
		cursor = Math.max(cursor, at);
		if (at < floor || id in seen) continue;
		seen[id] = new Date(at).toISOString();
		fresh.push(event);
	}
	const keepFrom = cursor - lateWindowMs;
	for (const [id, at] of Object.entries(seen)) {
		if (Date.parse(at) < keepFrom) delete seen[id];
	}
	return { fresh, state: { floor: state.floor, cursor: new Date(cursor).toISOString(), seen } };
}
