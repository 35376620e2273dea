import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/InvalidInputError';
import type { EventCursorState } from '../shared/eventCursor';
import type { TimeWindow } from '../shared/publicApi/metricWindows';
import { DELIVERY_OVERVIEW_LIMITS, finestGranularity } from '../shared/publicApi/metricWindows';
import type { Episodes } from './alarmEpisodes';

/** Everything the trigger keeps between polls, per watch: small, and bounded by what it watches. */
export interface WorkspaceTriggerState {
	deliveryFailures?: Episodes;
	sourceSilent?: Episodes;
	volumeChange?: Episodes;
	audit?: EventCursorState;
	mtu?: { period: string; notified: number[] };
}

export interface WatchRun {
	ctx: IPollFunctions;
	state: WorkspaceTriggerState;
	nowMs: number;
	/** Fetch Test Event: what the watch sees now, state untouched. */
	manual: boolean;
}

export type Watch = (run: WatchRun) => Promise<IDataObject[]>;

const MINUTE_MS = 60_000;

/** A whole number parameter within a range, or a clear error naming it. */
export function readWholeNumber(ctx: IPollFunctions, name: string, label: string, fallback: number, min: number, max: number): number {
	const value = Number(ctx.getNodeParameter(name, fallback));
	if (!Number.isFinite(value) || value < min || value > max) {
		throw new InvalidInputError(`${label} must be a number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
	}
	return value;
}

/** The last Window minutes up to this moment (the end is exclusive, so it lies just past now), at the finest granularity Segment keeps for that long. */
export function recentWindow(ctx: IPollFunctions, nowMs: number): TimeWindow {
	const minutes = readWholeNumber(ctx, 'windowMinutes', 'Window', 15, 1, 14 * 24 * 60);
	return windowEndingAt(nowMs + 1, minutes * MINUTE_MS, nowMs);
}

/** A window of `rangeMs` ending at `endMs`, at the finest granularity that reaches that far back from now. */
export function windowEndingAt(endMs: number, rangeMs: number, nowMs: number): TimeWindow {
	const reach = nowMs - (endMs - rangeMs);
	return { start: new Date(endMs - rangeMs), end: new Date(endMs), granularity: finestGranularity(Math.max(rangeMs, reach), DELIVERY_OVERVIEW_LIMITS) };
}

export const windowFields = (window: TimeWindow) => ({ windowStart: window.start.toISOString(), windowEnd: window.end.toISOString() });
