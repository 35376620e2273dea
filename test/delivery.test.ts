import type { Fault, FaultScript } from './support/fakeSegment';
import { seededRandom } from './support/fakeSegment';
import { writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { useFakeSegment } from './support/fixtures';

const server = useFakeSegment();

// Small batches make many requests, and so many chances for faults; a tiny back-off keeps it fast.
const fastRetries = { maxBatchSize: 50, retryDelay: 1, maxAttempts: 10, concurrency: 4 };

function trackMany(count: number, options: Record<string, unknown> = {}, continueOnFail = false) {
	const items = Array.from({ length: count }, (_, i) => ({ id: `user-${i}`, n: i }));
	return runNode({
		parameters: {
			resource: 'tracking',
			operation: 'track',
			userId: '={{ $json.id }}',
			event: 'Row Synced',
			properties: '={{ { n: $json.n } }}',
			options: { ...fastRetries, ...options },
		},
		items,
		credentials: writeKeyCredentials(server.fake.url),
		continueOnFail,
	});
}

function someRequests(share: number, fault: Fault, seed = 7): FaultScript {
	const random = seededRandom(seed);
	return () => (random() < share ? fault : undefined);
}

/** Every item's messageId was delivered exactly once, and what was delivered is what the outputs say. */
function expectEachDeliveredOnce(output: { json: Record<string, unknown> }[], count: number) {
	expect(output).toHaveLength(count);
	const counts = server.fake.deliveredCounts();
	expect(counts.size).toBe(count);
	expect([...counts.values()].every((times) => times === 1)).toBe(true);
	output.forEach((item, i) => {
		expect(item.json.userId).toBe(`user-${i}`);
		expect(counts.get(String(item.json.messageId))).toBe(1);
	});
	// Anything received more than once was a repeat of the same messageId, which Segment drops.
	for (const dropped of server.fake.dropped) expect(dropped.reason).toBe('duplicate messageId');
}

describe('delivery under faults: every event arrives exactly once', () => {
	test('30% of requests answered 500: all retried with the same messageIds', async () => {
		server.fake.faults = someRequests(0.3, { kind: 'status', status: 500 });
		const { output, error } = await trackMany(3_000);
		expect(error).toBeUndefined();
		expectEachDeliveredOnce(output, 3_000);
		expect(server.fake.requests.filter((request) => request.status === 500).length).toBeGreaterThan(10);
		const retried = server.fake.requests.filter((request) => request.headers['x-retry-count'] !== undefined);
		expect(retried.length).toBeGreaterThan(10);
	});

	test('429 bursts with Retry-After: 0', async () => {
		server.fake.faults = ({ requestNumber }) =>
			requestNumber % 10 < 3 ? { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } : undefined;
		const { output, error } = await trackMany(2_000);
		expect(error).toBeUndefined();
		expectEachDeliveredOnce(output, 2_000);
		expect(server.fake.requests.filter((request) => request.status === 429).length).toBeGreaterThan(10);
	});

	test('Retry-After is honoured rather than the back-off', async () => {
		server.fake.faults = ({ requestNumber }) =>
			requestNumber === 1 ? { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } : undefined;
		const { output } = await trackMany(10, { concurrency: 1, retryDelay: 0 });
		expectEachDeliveredOnce(output, 10);
		const [limited, next] = server.fake.requests;
		expect(next.at - limited.at).toBeGreaterThanOrEqual(950);
		expect(next.body).toBe(limited.body.replace(/"sentAt":"[^"]+"/, `"sentAt":"${JSON.parse(next.body).sentAt}"`));
	});

	test('connections dropped before and after Segment took the batch', async () => {
		const random = seededRandom(11);
		server.fake.faults = () => {
			const roll = random();
			if (roll < 0.15) return { kind: 'drop', afterProcessing: false };
			if (roll < 0.3) return { kind: 'drop', afterProcessing: true };
			return undefined;
		};
		const { output, error } = await trackMany(3_000);
		expect(error).toBeUndefined();
		expectEachDeliveredOnce(output, 3_000);
		// The batches Segment took before the connection dropped came again, and were dropped as repeats.
		expect(server.fake.dropped.length).toBeGreaterThan(0);
	});

	test('answers slower than the time-out', async () => {
		server.fake.faults = someRequests(0.2, { kind: 'delay', ms: 600 }, 5);
		const { output, error } = await trackMany(1_500, { timeout: 200 });
		expect(error).toBeUndefined();
		expectEachDeliveredOnce(output, 1_500);
		expect(server.fake.dropped.length).toBeGreaterThan(0);
	});

	test('a poison message: its batch is split until it stands alone; only its item fails', async () => {
		const poison = new Set(['user-17', 'user-1234', 'user-2999']);
		server.fake.faults = ({ messages }) =>
			messages.some((message) => poison.has(String(message.userId)))
				? { kind: 'status', status: 400, body: { error: 'poisoned payload' } }
				: undefined;
		const { output, error } = await trackMany(3_000, {}, true);
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(output.map((_, item) => ({ item })));
		const failed = output.flatMap((item, i) => (item.json.error ? [i] : []));
		expect(failed).toEqual([17, 1234, 2999]);
		expect(output[17].json.error).toBe('Segment answered 400: {"error":"poisoned payload"} (Segment refused this message)');
		expect(output[17].json.messageId).toEqual(expect.any(String));
		const delivered = server.fake.deliveredCounts();
		expect(delivered.size).toBe(2_997);
		output.forEach((item, i) => {
			if (!failed.includes(i)) expect(delivered.get(String(item.json.messageId))).toBe(1);
		});
	});

	test('a poison message without Continue On Fail stops the node with the reason and item index', async () => {
		server.fake.faults = ({ messages }) =>
			messages.some((message) => message.userId === 'user-3') ? { kind: 'status', status: 400 } : undefined;
		const { error } = await trackMany(20);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Segment answered 400: {"error":"scripted 400"} (Segment refused this message)');
		expect(error?.context?.itemIndex).toBe(3);
		expect(error?.description).toContain('Not delivered: messageId');
	});

	test('after the last attempt the items of that request fail with the status, the attempts and what Segment said', async () => {
		server.fake.faults = ({ messages }) =>
			messages.some((message) => message.userId === 'user-0') ? { kind: 'status', status: 503, body: { error: 'overloaded' } } : undefined;
		const { output } = await trackMany(100, { maxAttempts: 3 }, true);
		const failed = output.filter((item) => item.json.error);
		expect(failed).toHaveLength(50);
		expect(failed[0].json.error).toBe('Segment answered 503: {"error":"overloaded"} (gave up after 3 attempts)');
		expect(output.slice(50).every((item) => item.json.success === true)).toBe(true);
		expect(server.fake.requests.filter((request) => request.status === 503)).toHaveLength(3);
		expect(server.fake.delivered).toHaveLength(50);
	});

	test.each([401, 403, 404, 501])('%i is not retried', async (status) => {
		server.fake.faults = () => ({ kind: 'status', status });
		const { error } = await trackMany(5);
		expect(error?.message).toMatch(new RegExp(`^Segment answered ${status}: `));
		expect(server.fake.requests).toHaveLength(1);
	});

	test('a Segment that cannot be reached fails after the attempts, naming the cause', async () => {
		const { output } = await runNode({
			parameters: { resource: 'tracking', operation: 'identify', userId: 'u', options: { maxAttempts: 2, retryDelay: 1 } },
			items: [{}],
			credentials: writeKeyCredentials('http://127.0.0.1:9'),
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatch(/^Could not reach Segment \(ECONNREFUSED: .*\) \(gave up after 2 attempts\)$/);
	});

	test('requests go out in parallel, and outputs keep the input order', async () => {
		server.fake.faults = ({ requestNumber }) => (requestNumber <= 4 ? { kind: 'delay', ms: 150 } : undefined);
		const { output } = await trackMany(400, { concurrency: 4, timeout: 5_000 });
		const [first, , , fourth] = server.fake.requests;
		expect(fourth.at - first.at).toBeLessThan(100);
		expectEachDeliveredOnce(output, 400);
	});
});
