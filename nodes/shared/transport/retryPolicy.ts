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
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/**
 * How long the server asked us to wait, from `Retry-After` (seconds or an HTTP date),
 * `X-RateLimit-Reset` (a Unix time in seconds or milliseconds, seconds to wait, or, as the
 * Public API sends it, an RFC 5322 date) or a Public API 429 body's `msBeforeNext`, which
 * is exact to the millisecond where the header is only exact to the second: with
 * `preferBody`, it comes first. Not capped: the caller decides what is too long.
 */
export function requestedWaitMs(headers: Record<string, unknown>, nowMs: number, body?: unknown, preferBody = false): number | undefined {
	const fromBody = msBeforeNext(body);
	const waitMs =
		(preferBody ? fromBody : undefined) ??
		retryAfterWait(headerValue(headers, 'retry-after'), nowMs) ??
		rateLimitResetWait(headerValue(headers, 'x-ratelimit-reset'), nowMs) ??
		fromBody;
	return waitMs === undefined ? undefined : Math.max(0, waitMs);
}

/** The wait the server asked for, at most five minutes, as Segment's own library caps it. */
export function serverRequestedWait(headers: Record<string, unknown>, nowMs: number, body?: unknown): number | undefined {
	const waitMs = requestedWaitMs(headers, nowMs, body);
	return waitMs === undefined ? undefined : Math.min(waitMs, MAX_SERVER_REQUESTED_WAIT_MS);
}

function retryAfterWait(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : date - nowMs;
}

function rateLimitResetWait(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const number = Number(value);
	if (Number.isFinite(number)) {
		if (number > 1e12) return number - nowMs;
		if (number > 1e9) return number * 1000 - nowMs;
		return number * 1000;
	}
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : date - nowMs;
}

/** `{"data": {"msBeforeNext": …}}`, at the top or in the first of `errors`. */
function msBeforeNext(body: unknown): number | undefined {
	const candidates = [body, (body as { errors?: unknown[] } | undefined)?.errors?.[0]];
	for (const candidate of candidates) {
		const value = (candidate as { data?: { msBeforeNext?: unknown } } | undefined)?.data?.msBeforeNext;
		if (typeof value === 'number' && Number.isFinite(value)) return value;
	}
	return undefined;
}
