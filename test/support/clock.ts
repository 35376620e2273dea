/**
 * A fixed clock for tests: Date is faked, so that the node, n8n-core and the fake Segment
 * (all in this process) read the same time; timers stay real, so that HTTP, retries and
 * sleeps work as they do.
 */
const REAL_TIMERS = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

/** Sets the clock to `at` (an ISO date or epoch milliseconds). */
export function setClock(at: string | number): void {
	jest.useFakeTimers({ now: typeof at === 'string' ? new Date(at) : at, doNotFake: [...REAL_TIMERS] });
}

/** Moves the clock on by `ms`. */
export function advanceClock(ms: number): void {
	jest.setSystemTime(Date.now() + ms);
}

/** Every test of the file starts at `at`, and the real clock is back after it. */
export function useFixedClock(at: string | number): void {
	beforeEach(() => setClock(at));
	afterEach(() => jest.useRealTimers());
}

/** Segment counts an event in its metrics a minute after it came in: two minutes on, it is counted. */
export const PAST_SEGMENT_LAG_MS = 2 * 60_000;
