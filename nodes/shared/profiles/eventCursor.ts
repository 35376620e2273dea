/**
 * The Segment Trigger's memory of one watched profile's events, kept in the workflow's
 * static data: what to ask for next and which events were already emitted. Pure.
 *
 * Each poll asks again for a window before the newest event seen, so that events sharing a
 * timestamp, or reaching Segment late, are not missed; the message_ids seen inside that
 * window keep them from being emitted twice. Only that window's ids are kept, so the state
 * stays small whatever the number of polls.
 */

export interface ProfileEvent {
	message_id?: unknown;
	timestamp?: unknown;
	[field: string]: unknown;
}

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

function timeOf(event: ProfileEvent): number {
	return Date.parse(String(event.timestamp));
}

/** The events of one poll that were not emitted before, oldest first, and the state after them. */
export function takeNewEvents<T extends ProfileEvent>(
	state: EventCursorState,
	events: readonly T[],
	lateWindowMs: number,
): { fresh: T[]; state: EventCursorState } {
	const floor = Date.parse(state.floor);
	const seen = { ...state.seen };
	const fresh: T[] = [];
	let cursor = Date.parse(state.cursor);
	const ordered = [...events]
		.filter((event) => !Number.isNaN(timeOf(event)))
		.sort((a, b) => timeOf(a) - timeOf(b) || String(a.message_id).localeCompare(String(b.message_id)));
	for (const event of ordered) {
		const at = timeOf(event);
		const id = String(event.message_id);
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
