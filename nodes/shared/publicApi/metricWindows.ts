/**
 * The time windows Segment's metric endpoints take, checked before a request is sent so
 * that a workflow builder reads what to change instead of a bare 400. Pure.
 */

export type Granularity = 'DAY' | 'HOUR' | 'MINUTE';

export const GRANULARITIES: readonly Granularity[] = ['DAY', 'HOUR', 'MINUTE'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface WindowLimit {
	/** The longest range one request may cover. */
	maxRangeMs: number;
	/** How far back the start may lie. */
	maxAgeMs: number;
}

/** Delivery Overview's six endpoints (Segment's SDK, spec 73.2.0). */
export const DELIVERY_OVERVIEW_LIMITS: Record<Granularity, WindowLimit> = {
	MINUTE: { maxRangeMs: 4 * HOUR_MS, maxAgeMs: 48 * HOUR_MS },
	HOUR: { maxRangeMs: 14 * DAY_MS, maxAgeMs: 30 * DAY_MS },
	DAY: { maxRangeMs: 30 * DAY_MS, maxAgeMs: 30 * DAY_MS },
};

/** A destination's delivery-metrics summary. */
export const DELIVERY_SUMMARY_LIMITS: Record<Granularity, WindowLimit> = {
	MINUTE: { maxRangeMs: 4 * HOUR_MS, maxAgeMs: 48 * HOUR_MS },
	HOUR: { maxRangeMs: 7 * DAY_MS, maxAgeMs: 7 * DAY_MS },
	DAY: { maxRangeMs: 14 * DAY_MS, maxAgeMs: 14 * DAY_MS },
};

export interface TimeWindow {
	start: Date;
	end: Date;
	granularity: Granularity;
}

/** The window a user gets without choosing one: the last 24 hours, by hour, up to the end of the current minute. */
export function defaultWindow(nowMs: number): TimeWindow {
	const end = new Date(Math.ceil((nowMs + 1) / 60_000) * 60_000);
	return { start: new Date(end.getTime() - DAY_MS), end, granularity: 'HOUR' };
}

export function span(ms: number): string {
	// As Segment writes its limits: 48 hours, 14 days.
	if (ms % DAY_MS === 0 && ms >= 3 * DAY_MS) return `${ms / DAY_MS} days`;
	return ms % HOUR_MS === 0 ? `${ms / HOUR_MS} hours` : `${Math.round(ms / 60_000)} minutes`;
}

const GRANULARITY_NAMES: Record<Granularity, string> = { MINUTE: 'Minute', HOUR: 'Hour', DAY: 'Day' };

/** What is wrong with a window for these limits, in words; nothing when Segment will take it. */
export function windowProblem(window: TimeWindow, nowMs: number, limits?: Record<Granularity, WindowLimit>): string | undefined {
	const { start, end, granularity } = window;
	if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return 'Start Time and End Time must be dates';
	if (end.getTime() <= start.getTime()) return `End Time (${end.toISOString()}) must be after Start Time (${start.toISOString()})`;
	if (!limits) return undefined;
	const limit = limits[granularity];
	const name = GRANULARITY_NAMES[granularity];
	if (end.getTime() - start.getTime() > limit.maxRangeMs) {
		return `A window of ${span(end.getTime() - start.getTime())} is too long for granularity ${name}: Segment takes at most ${span(limit.maxRangeMs)}; shorten it or choose a coarser granularity`;
	}
	if (nowMs - start.getTime() > limit.maxAgeMs) {
		return `Start Time ${start.toISOString()} is more than ${span(limit.maxAgeMs)} ago: Segment keeps ${name.toLowerCase()} buckets for ${span(limit.maxAgeMs)}; choose a later start or a coarser granularity`;
	}
	return undefined;
}

/** A granularity's limits in words, as its option describes them: "Windows up to 4 hours, starting at most 48 hours ago". */
export function limitText(limit: WindowLimit): string {
	return `Windows up to ${span(limit.maxRangeMs)}, starting at most ${span(limit.maxAgeMs)} ago`;
}
