import { writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { sentMessages, useFakeSegment } from './support/fixtures';

const server = useFakeSegment();

function backfill(items: Array<Record<string, unknown>>, options: Record<string, unknown> = {}, continueOnFail = false, extra: Record<string, unknown> = {}) {
	return runNode({
		parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { retryDelay: 1, ...options }, ...extra },
		items,
		credentials: writeKeyCredentials(server.fake.url),
		continueOnFail,
	});
}

const rows = (count: number) =>
	Array.from({ length: count }, (_, i) => ({
		type: 'track',
		userId: `user-${i}`,
		event: 'Order Completed',
		timestamp: `2023-06-01T10:00:00.${String(i % 1000).padStart(3, '0')}Z`,
		properties: { order: i },
	}));

describe('Batch with messages from input items', () => {
	test('each input item is one message; one output item paired with all of them', async () => {
		const items = rows(5_000);
		const { output, error } = await backfill(items);
		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: { success: true, count: 5_000, failed: [] }, pairedItem: items.map((_, item) => ({ item })) },
		]);
		// Requests go out in parallel: Segment may receive them in any order.
		const delivered = server.fake.delivered.map(({ message }) => String(message.userId)).sort();
		expect(delivered).toEqual(items.map((item) => item.userId).sort());
		expect(server.fake.delivered.find(({ message }) => message.userId === 'user-0')?.message).toMatchObject({ timestamp: '2023-06-01T10:00:00.000Z', properties: { order: 0 } });
	});

	test('context and integrations from Additional Fields go into every message', async () => {
		await backfill(rows(3), {}, false, { additionalFields: { context: '{"source": "warehouse"}', integrations: '{"All": false}' } });
		for (const message of sentMessages(server.fake)) {
			expect(message.context).toMatchObject({ source: 'warehouse', library: { name: 'n8n-nodes-segment' } });
			expect(message.integrations).toEqual({ All: false });
		}
	});

	test('with Continue On Fail, invalid and undelivered messages are listed with their input index and reason', async () => {
		const items: Array<Record<string, unknown>> = rows(300);
		items[4] = { type: 'track', userId: 'user-4' };
		items[9] = { type: 'purchase', userId: 'user-9' };
		server.fake.faults = ({ messages }) =>
			messages.some((message) => message.userId === 'user-250') ? { kind: 'status', status: 400, body: { error: 'bad' } } : undefined;
		const { output } = await backfill(items, {}, true);
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			success: false,
			count: 297,
			failed: [
				{ index: 4, reason: 'A track call needs "event"' },
				{ index: 9, reason: '"type" must be one of track, identify, page, screen, group, alias; got the text "purchase"' },
				{ index: 250, reason: 'Segment answered 400: {"error":"bad"} (Segment refused this message)', messageId: expect.any(String) },
			],
		});
		expect(server.fake.deliveredCounts().size).toBe(297);
	});

	test('without Continue On Fail an invalid row stops the node before anything is sent', async () => {
		const items: Array<Record<string, unknown>> = rows(10);
		items[3] = { type: 'identify' };
		const { error } = await backfill(items);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('1 of 10 input items are not valid messages; nothing was sent');
		expect(error?.description).toBe('item 3: An identify call needs a "userId" or an "anonymousId"');
		expect(error?.context?.itemIndex).toBe(3);
		expect(server.fake.requests).toHaveLength(0);
	});

	test('without Continue On Fail an undelivered message stops the node, saying the others were delivered', async () => {
		server.fake.faults = ({ messages }) => (messages.some((message) => message.userId === 'user-7') ? { kind: 'status', status: 400 } : undefined);
		const { error } = await backfill(rows(20));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('1 of 20 messages were not delivered; the others were');
		expect(error?.context?.itemIndex).toBe(7);
		expect(server.fake.delivered).toHaveLength(19);
	});

	test('Message ID From Content: re-running a partly failed backfill sends nothing twice', async () => {
		const items = rows(1_000);
		server.fake.faults = ({ requestNumber }) => (requestNumber > 1 ? { kind: 'status', status: 503 } : undefined);
		const first = await backfill(items, { messageIdFromContent: true, maxBatchSize: 400, maxAttempts: 1, concurrency: 1 }, true);
		expect(first.output[0].json.count).toBe(400);

		server.fake.faults = undefined;
		const rerun = await backfill(items, { messageIdFromContent: true, maxBatchSize: 400, concurrency: 1 });
		expect(rerun.output[0].json).toMatchObject({ success: true, count: 1_000 });
		const counts = server.fake.deliveredCounts();
		expect(counts.size).toBe(1_000);
		expect([...counts.values()].every((times) => times === 1)).toBe(true);
		expect(server.fake.dropped.filter((entry) => entry.reason === 'duplicate messageId')).toHaveLength(400);
	});

	test('without it, a re-run would send new messageIds (why the option exists)', async () => {
		const items = rows(3);
		await backfill(items);
		await backfill(items);
		expect(server.fake.deliveredCounts().size).toBe(6);
	});
});
