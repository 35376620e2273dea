import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../shared/InvalidInputError';
import type { EventCursorState } from '../shared/eventCursor';
import type { TimeWindow } from '../shared/publicApi/metricWindows';
import type { Episodes } from './alarmEpisodes';
import { settledWindow } from './alarmWindows';

/** Everything the trigger keeps between polls, per watch: small, and bounded by what it watches. */
export interface WorkspaceTriggerState {
	deliveryFailures?: Episodes;
	sourceSilent?: Episodes;
	/** The subjects each watch could not measure at its last poll, so that the log says it once. */
	unmeasured?: Record<string, string[]>;
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

/** The Window minutes the watch measures, read and checked. */
export function windowMinutes(ctx: IPollFunctions): number {
	return readWholeNumber(ctx, 'windowMinutes', 'Window', 15, 1, 14 * 24 * 60);
}

/** The latest settled Window (see alarmWindows): whole buckets, ending at least Segment's lag behind now. */
export function recentWindow(ctx: IPollFunctions, nowMs: number): TimeWindow {
	return settledWindow(windowMinutes(ctx) * MINUTE_MS, nowMs);
}

export const windowFields = (window: TimeWindow) => ({ windowStart: window.start.toISOString(), windowEnd: window.end.toISOString(), granularity: window.granularity });
