import type { BatchResponse, DeliveryIo } from '../nodes/shared/transport/deliverMessages';
import type { NetworkFailure } from '../nodes/shared/transport/networkFailure';
import { deliverMessages } from '../nodes/shared/transport/deliverMessages';
import {
	backoffDelay,
	isRetriedNetworkError,
	judgeStatus,
	MAX_BACKOFF_MS,
	MAX_SERVER_REQUESTED_WAIT_MS,
	serverRequestedWait,
} from '../nodes/shared/transport/retryPolicy';

describe('which answers are retried', () => {
	test.each([
		[200, 'delivered'],
		[202, 'delivered'],
		[429, 'retry'],
		[408, 'retry'],
		[500, 'retry'],
		[502, 'retry'],
		[503, 'retry'],
		[504, 'retry'],
		[501, 'reject'],
		[505, 'reject'],
		[400, 'split'],
		[413, 'split'],
		[401, 'reject'],
		[403, 'reject'],
		[404, 'reject'],
		[422, 'reject'],
	])('%i → %s', (status, verdict) => {
		expect(judgeStatus(status)).toBe(verdict);
	});

	test('time-outs, resets, refused connections and DNS failures are retried; a cancelled execution is not', () => {
		for (const code of ['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) {
			expect(isRetriedNetworkError(code)).toBe(true);
		}
		expect(isRetriedNetworkError('ERR_CANCELED')).toBe(false);
		expect(isRetriedNetworkError(undefined)).toBe(false);
	});
});

describe('how long to wait', () => {
	test('exponential back-off with jitter, capped at a minute', () => {
		expect(backoffDelay(1, 500, 0)).toBe(500);
		expect(backoffDelay(2, 500, 0)).toBe(1_000);
		expect(backoffDelay(3, 500, 0.5)).toBe(3_000);
		expect(backoffDelay(30, 500, 0.9)).toBe(MAX_BACKOFF_MS);
	});

	test('Retry-After in seconds or as an HTTP date; X-RateLimit-Reset as Unix time or seconds', () => {
		const now = Date.parse('2024-01-15T08:30:00Z');
		expect(serverRequestedWait({ 'retry-after': '3' }, now)).toBe(3_000);
		expect(serverRequestedWait({ 'retry-after': 'Mon, 15 Jan 2024 08:30:05 GMT' }, now)).toBe(5_000);
		expect(serverRequestedWait({ 'x-ratelimit-reset': String(now / 1000 + 7) }, now)).toBe(7_000);
		expect(serverRequestedWait({ 'x-ratelimit-reset': String(now + 2_000) }, now)).toBe(2_000);
		expect(serverRequestedWait({ 'x-ratelimit-reset': '4' }, now)).toBe(4_000);
		expect(serverRequestedWait({}, now)).toBeUndefined();
	});

	test("the Public API's X-RateLimit-Reset as an RFC 5322 date, else its body's msBeforeNext", () => {
		const now = Date.parse('2024-12-31T23:59:50Z');
		expect(serverRequestedWait({ 'X-RateLimit-Reset': 'Tue, 31 Dec 2024 23:59:59 GMT' }, now)).toBe(9_000);
		expect(serverRequestedWait({}, now, { errors: [{ type: 'rate-limit', message: 'slow down', data: { msBeforeNext: 1_250 } }] })).toBe(1_250);
		expect(serverRequestedWait({}, now, { data: { msBeforeNext: 800 } })).toBe(800);
		// A header wins over the body.
		expect(serverRequestedWait({ 'retry-after': '2' }, now, { data: { msBeforeNext: 800 } })).toBe(2_000);
		expect(serverRequestedWait({ 'x-ratelimit-reset': 'not a date' }, now, { errors: [] })).toBeUndefined();
	});

	test('a wait asked for is capped at five minutes and never negative', () => {
		expect(serverRequestedWait({ 'retry-after': '86400' }, 0)).toBe(MAX_SERVER_REQUESTED_WAIT_MS);
		expect(serverRequestedWait({ 'retry-after': 'Mon, 15 Jan 2024 08:29:00 GMT' }, Date.parse('2024-01-15T08:30:00Z'))).toBe(0);
	});
});

describe('delivering batches (without HTTP)', () => {
	const plan = { maxAttempts: 4, timeoutMs: 1_000, concurrency: 2, maxBatchMessages: 4, retryBaseDelayMs: 100 };
	const messages = Array.from({ length: 10 }, (_, i) => {
		const json = JSON.stringify({ type: 'track', messageId: `m${i}` });
		return { json, bytes: json.length };
	});

	function scriptedIo(answer: (ids: string[], retryCount: number) => BatchResponse | NetworkFailure) {
		const sent: Array<{ ids: string[]; retryCount: number }> = [];
		const waits: number[] = [];
		const io: DeliveryIo = {
			async send(body, retryCount) {
				const ids = (JSON.parse([...body].join('')).batch as Array<{ messageId: string }>).map((message) => message.messageId);
				sent.push({ ids, retryCount });
				return answer(ids, retryCount);
			},
			async sleep(ms) {
				waits.push(ms);
			},
			now: () => 0,
			random: () => 0,
		};
		return { io, sent, waits };
	}

	const ok: BatchResponse = { statusCode: 200, headers: {}, body: { success: true } };

	test('a retry sends the very same messages, and waits by the back-off', async () => {
		const { io, sent, waits } = scriptedIo((ids, retryCount) =>
			ids.includes('m0') && retryCount < 2 ? { statusCode: 500, headers: {}, body: '' } : ok,
		);
		expect(await deliverMessages(messages, { ...plan, concurrency: 1 }, io)).toEqual(new Array(10).fill(undefined));
		expect(sent.map((request) => request.ids.join())).toEqual(['m0,m1,m2,m3', 'm0,m1,m2,m3', 'm0,m1,m2,m3', 'm4,m5,m6,m7', 'm8,m9']);
		expect(waits).toEqual([100, 200]);
	});

	test('a 400 is split down to the refused message; nothing is retried', async () => {
		const { io, sent } = scriptedIo((ids) => (ids.includes('m6') ? { statusCode: 400, headers: {}, body: 'bad' } : ok));
		const failures = await deliverMessages(messages, plan, io);
		expect(failures.map((failure, i) => (failure ? i : undefined)).filter((i) => i !== undefined)).toEqual([6]);
		expect(failures[6]).toMatchObject({ statusCode: 400, attempts: 1, reason: 'Segment answered 400: bad (Segment refused this message)' });
		expect(sent.filter((request) => request.ids.includes('m6')).map((request) => request.ids.length)).toEqual([4, 2, 1]);
	});

	test('a network failure that is not retried fails the batch at once', async () => {
		const { io, sent } = scriptedIo(() => ({ networkError: 'ERR_CANCELED', message: 'canceled' }));
		const failures = await deliverMessages(messages.slice(0, 2), plan, io);
		expect(failures[0]).toEqual({ reason: 'Could not reach Segment (ERR_CANCELED: canceled)', attempts: 1 });
		expect(sent).toHaveLength(1);
	});
});
