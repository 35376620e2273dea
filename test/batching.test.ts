import { SEGMENT_LIMITS } from '../nodes/shared/transport/limits';
import { writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { batchBodies, sentMessages, useFakeSegment } from './support/fixtures';

const server = useFakeSegment();

function track(items: Record<string, unknown>[], options: Record<string, unknown> = {}) {
	return runNode({
		parameters: {
			resource: 'tracking',
			operation: 'track',
			userId: '={{ $json.id }}',
			event: 'Row Synced',
			properties: '={{ $json.props }}',
			options,
		},
		items,
		credentials: writeKeyCredentials(server.fake.url),
	});
}

describe('messages of all items go out in as few requests as Segment allows', () => {
	test('1,000 items reach Segment in one request, every message accounted for', async () => {
		const items = Array.from({ length: 1_000 }, (_, i) => ({ id: `user-${i}`, props: { row: i } }));
		const { output, error } = await track(items);
		expect(error).toBeUndefined();
		expect(server.fake.requests).toHaveLength(1);
		expect(server.fake.delivered.map(({ message }) => message.userId)).toEqual(items.map((item) => item.id));
		expect(output.map((item) => item.json.messageId)).toEqual(server.fake.delivered.map(({ message }) => message.messageId));
		expect(server.fake.dropped).toEqual([]);
	});

	test('6,000 items: three requests, each within 2,500 messages and 475,000 bytes; asking for more is refused before anything is sent', async () => {
		const items = Array.from({ length: 6_000 }, (_, i) => ({ id: i, props: {} }));
		const refused = await track(items, { maxBatchSize: 10_000 });
		expect(refused.error?.message).toBe('Options → Messages per Request must be a whole number from 1 to 2,500; got 10000');
		expect(server.fake.requests).toEqual([]);
		await track(items);
		const bodies = batchBodies(server.fake);
		expect(bodies).toHaveLength(3);
		for (const body of bodies) expect((body.batch as unknown[]).length).toBeLessThanOrEqual(SEGMENT_LIMITS.maxBatchMessages);
		for (const request of server.fake.requests) expect(Buffer.byteLength(request.body)).toBeLessThan(SEGMENT_LIMITS.maxBatchBytes);
		expect(new Set(server.fake.delivered.map(({ message }) => message.messageId)).size).toBe(6_000);
	});

	test('large messages are split by bytes: every request under 475,000 bytes', async () => {
		const items = Array.from({ length: 100 }, (_, i) => ({ id: i, props: { blob: 'x'.repeat(20_000) } }));
		await track(items);
		const sizes = server.fake.requests.map((request) => Buffer.byteLength(request.body));
		expect(Math.max(...sizes)).toBeLessThan(SEGMENT_LIMITS.maxBatchBytes);
		expect(sizes.length).toBe(Math.ceil(100 / 23));
		expect(sentMessages(server.fake)).toHaveLength(100);
		expect(server.fake.delivered).toHaveLength(100);
	});

	test('Messages per Request sets a smaller batch', async () => {
		await track(Array.from({ length: 10 }, (_, i) => ({ id: i, props: {} })), { maxBatchSize: 3 });
		expect(batchBodies(server.fake).map((body) => (body.batch as unknown[]).length).sort()).toEqual([1, 3, 3, 3]);
	});
});
