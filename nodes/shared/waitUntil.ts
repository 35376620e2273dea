/**
 * Checking something Segment works on (a preview, a sync) until it is done, with waits that
 * grow from one second to `maxIntervalMs` and an overall time limit. The clock and the
 * sleep are handed in, so the schedule is tested without waiting. Pure.
 */

/** How long the last check, made as the Timeout passes, may take to be answered. */
export const LAST_CHECK_GRACE_MS = 5_000;

export interface WaitPlan {
	timeoutMs: number;
	maxIntervalMs: number;
	/** The first wait; each next one doubles, up to `maxIntervalMs`. */
	firstIntervalMs?: number;
}

export interface WaitTools {
	sleep(ms: number): Promise<void>;
	now(): number;
}

export interface WaitOutcome<T> {
	last: T;
	done: boolean;
	checks: number;
	waitedMs: number;
}

/** The waits between checks: 1 s, 2 s, 4 s … up to the longest, never past the time left. */
export function nextInterval(previousMs: number | undefined, plan: WaitPlan, leftMs: number): number {
	const first = Math.min(plan.firstIntervalMs ?? 1_000, plan.maxIntervalMs);
	const wanted = previousMs === undefined ? first : Math.min(previousMs * 2, plan.maxIntervalMs);
	return Math.max(0, Math.min(wanted, leftMs));
}

/** Checks at once, then again after each wait, until `isDone` or the time limit; the last answer is returned either way. */
export async function waitUntil<T>(check: () => Promise<T>, isDone: (value: T) => boolean, plan: WaitPlan, tools: WaitTools): Promise<WaitOutcome<T>> {
	const started = tools.now();
	let last = await check();
	let checks = 1;
	let interval: number | undefined;
	while (!isDone(last)) {
		const left = started + plan.timeoutMs - tools.now();
		if (left <= 0) return { last, done: false, checks, waitedMs: tools.now() - started };
		interval = nextInterval(interval, plan, left);
		await tools.sleep(interval);
		last = await check();
		checks++;
	}
	return { last, done: true, checks, waitedMs: tools.now() - started };
}
