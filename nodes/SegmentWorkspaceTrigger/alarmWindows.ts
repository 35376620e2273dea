import type { Granularity, TimeWindow, WindowLimit } from '../shared/publicApi/metricWindows';
import { DELIVERY_OVERVIEW_LIMITS } from '../shared/publicApi/metricWindows';

/**
 * The windows an alarm measures. Segment's metrics lag (its SDK asks callers to end at
 * least a minute behind the clock), so a window that ends at now holds a bucket still
 * filling, and counts seem to fall. Every window here ends on a bucket boundary at least
 * that lag behind, is made of whole buckets, and is compared only with windows of the same
 * length at the same granularity. Pure.
 */

/** How far behind the clock Segment's counts are complete: its SDK's "at least a minute". */
export const METRICS_LAG_MS = 60_000;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const BUCKET_MS: Record<Granularity, number> = { MINUTE: MINUTE_MS, HOUR: HOUR_MS, DAY: DAY_MS };
const FINEST_FIRST: readonly Granularity[] = ['MINUTE', 'HOUR', 'DAY'];

/** The end of the last complete bucket of `granularity`, at least Segment's lag behind now. */
export function settledEnd(nowMs: number, granularity: Granularity): number {
	const bucket = BUCKET_MS[granularity];
	return Math.floor((nowMs - METRICS_LAG_MS) / bucket) * bucket;
}

const roundUp = (ms: number, bucket: number) => Math.ceil(ms / bucket) * bucket;

function fits(limit: WindowLimit, rangeMs: number, oldestStartAgoMs: number): boolean {
	return rangeMs <= limit.maxRangeMs && oldestStartAgoMs <= limit.maxAgeMs;
}

/**
 * The latest settled window of `rangeMs` (rounded up to whole buckets), at the finest
 * granularity whose limits take it, and take it again `reachBackMs` earlier (a baseline a
 * day or a week before) when one is asked for.
 */
export function settledWindow(rangeMs: number, nowMs: number, reachBackMs = 0, limits: Record<Granularity, WindowLimit> = DELIVERY_OVERVIEW_LIMITS): TimeWindow {
	for (const granularity of FINEST_FIRST) {
		const range = roundUp(rangeMs, BUCKET_MS[granularity]);
		const end = settledEnd(nowMs, granularity);
		if (fits(limits[granularity], range, nowMs - (end - range - reachBackMs))) return { start: new Date(end - range), end: new Date(end), granularity };
	}
	const end = settledEnd(nowMs, 'DAY');
	return { start: new Date(end - roundUp(rangeMs, DAY_MS)), end: new Date(end), granularity: 'DAY' };
}

/** The same window `shiftMs` earlier: same length, same granularity, whole buckets. */
export function shiftedWindow(window: TimeWindow, shiftMs: number): TimeWindow {
	return { start: new Date(window.start.getTime() - shiftMs), end: new Date(window.end.getTime() - shiftMs), granularity: window.granularity };
}

/**
 * The window of `rangeMs` to compare with the same window `shiftMs` earlier, or what stands
 * in the way: both must be counted at one granularity, and a window shorter than that
 * granularity's bucket cannot be (a 15-minute window compared with a week before would be
 * an hour at HOUR, Segment keeping minutes for 48 hours only).
 */
export function comparableWindows(rangeMs: number, shiftMs: number, nowMs: number, limits: Record<Granularity, WindowLimit> = DELIVERY_OVERVIEW_LIMITS): { current: TimeWindow; earlier: TimeWindow } | { problem: string } {
	const current = settledWindow(rangeMs, nowMs, shiftMs, limits);
	const bucket = BUCKET_MS[current.granularity];
	if (rangeMs % bucket !== 0) {
		const unit = current.granularity === 'HOUR' ? 'hours' : 'days';
		return {
			problem: `A window of ${Math.round(rangeMs / MINUTE_MS)} minutes cannot be compared with the one ${Math.round(shiftMs / DAY_MS)} day(s) before at the same granularity: Segment keeps minute buckets for 48 hours, so both are counted by the ${current.granularity.toLowerCase()}. Give the Window in whole ${unit} (${bucket / MINUTE_MS} minutes or a multiple), or compare with the day before.`,
		};
	}
	return { current, earlier: shiftedWindow(current, shiftMs) };
}

/**
 * The baseline of a silent source: did it have traffic in the `rangeMs` before the window?
 * Counted coarser when it reaches further back, over whole buckets, and up to the window's
 * start with finer buckets for what a coarse bucket would leave out: no gap, no overlap.
 */
export function baselineBefore(window: TimeWindow, rangeMs: number, nowMs: number, limits: Record<Granularity, WindowLimit> = DELIVERY_OVERVIEW_LIMITS): TimeWindow[] {
	const coarse =
		FINEST_FIRST.find((granularity) => {
			const bucket = BUCKET_MS[granularity];
			const end = Math.floor(window.start.getTime() / bucket) * bucket;
			const range = roundUp(rangeMs, bucket);
			return fits(limits[granularity], range, nowMs - (end - range));
		}) ?? 'DAY';
	const bucket = BUCKET_MS[coarse];
	let end = Math.floor(window.start.getTime() / bucket) * bucket;
	const windows: TimeWindow[] = [{ start: new Date(end - roundUp(rangeMs, bucket)), end: new Date(end), granularity: coarse }];
	// The rest up to the window's start, by ever finer buckets.
	for (const granularity of FINEST_FIRST.slice(0, FINEST_FIRST.indexOf(coarse)).reverse()) {
		const finer = BUCKET_MS[granularity];
		const upTo = Math.floor(window.start.getTime() / finer) * finer;
		if (upTo > end) windows.push({ start: new Date(end), end: new Date(upTo), granularity });
		end = upTo;
	}
	return windows;
}
