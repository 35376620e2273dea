/**
 * Which answers are worth another attempt, and how long to wait before it: the same
 * table as Segment's own Node library, so that this node behaves as Segment expects.
 */

export type StatusVerdict = 'delivered' | 'retry' | 'split' | 'reject';

const RETRIED_STATUSES = new Set([408, 429]);
const UNRETRIED_SERVER_STATUSES = new Set([501, 505]);
// The request's content was refused: one message in it may be the cause.
const CONTENT_REJECTED_STATUSES = new Set([400, 413]);

export function judgeStatus(status: number): StatusVerdict {
	if (status >= 200 && status < 300) return 'delivered';
	if (RETRIED_STATUSES.has(status)) return 'retry';
	if (status >= 500 && !UNRETRIED_SERVER_STATUSES.has(status)) return 'retry';
	if (CONTENT_REJECTED_STATUSES.has(status)) return 'split';
	return 'reject';
}

// Time-outs, resets, refused connections and DNS failures: the request may not have
// arrived, and the fixed messageIds make sending it again harmless.
const RETRIED_NETWORK_ERRORS = new Set([
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function isRetriedNetworkError(code: string | undefined): boolean {
	return code !== undefined && RETRIED_NETWORK_ERRORS.has(code);
}

export const MAX_BACKOFF_MS = 60_000;
/** Segment's library honours Retry-After up to five minutes; so does this node. */
export const MAX_SERVER_REQUESTED_WAIT_MS = 300_000;

/** Exponential back-off with jitter: `(1 + random) × base × 2^(attempt − 1)`, capped. */
export function backoffDelay(attemptsMade: number, baseDelayMs: number, random: number): number {
	return Math.min((1 + random) * baseDelayMs * 2 ** (attemptsMade - 1), MAX_BACKOFF_MS);
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * How long the server asked us to wait, from `Retry-After` (seconds or an HTTP date) or
 * `X-RateLimit-Reset` (a Unix time in seconds or milliseconds, or seconds to wait).
 */
export function serverRequestedWait(headers: Record<string, unknown>, nowMs: number): number | undefined {
	let waitMs: number | undefined;
	const retryAfter = headerValue(headers, 'retry-after');
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) waitMs = seconds * 1000;
		else {
			const date = Date.parse(retryAfter);
			if (!Number.isNaN(date)) waitMs = date - nowMs;
		}
	}
	const reset = headerValue(headers, 'x-ratelimit-reset');
	if (waitMs === undefined && reset !== undefined && reset.trim() !== '') {
		const value = Number(reset);
		if (Number.isFinite(value)) {
			if (value > 1e12) waitMs = value - nowMs;
			else if (value > 1e9) waitMs = value * 1000 - nowMs;
			else waitMs = value * 1000;
		}
	}
	if (waitMs === undefined) return undefined;
	return Math.min(Math.max(0, waitMs), MAX_SERVER_REQUESTED_WAIT_MS);
}
