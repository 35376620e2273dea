import { gunzipSync, gzipSync } from 'node:zlib';

import { gzip } from '../nodes/shared/transport/gzip';
import { WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { batchBodies, useFakeSegment } from './support/fixtures';

const server = useFakeSegment();

const orders = (count: number, padding = 0) =>
	Array.from({ length: count }, (_, i) => ({ type: 'track', userId: `user-${i}`, event: 'Order Completed', properties: { order: i, note: 'x'.repeat(padding) } }));

const sendBatch = (rows: Array<Record<string, unknown>>, options: Record<string, unknown> = {}) =>
	runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options }, items: rows, credentials: writeKeyCredentials(server.fake.url) });

const batchRequests = () => server.fake.requests.filter((request) => request.path === '/v1/batch');

describe('Compress Requests', () => {
	test('on: gzip with Content-Encoding, several times smaller on the wire, every event delivered', async () => {
		const { error } = await sendBatch(orders(1_000), { compressRequests: true });
		expect(error).toBeUndefined();
		const [request] = batchRequests();
		expect(request.headers['content-encoding']).toBe('gzip');
		expect(request.contentEncoding).toBe('gzip');
		const jsonBytes = Buffer.byteLength(request.body);
		expect(request.wireBytes).toBeLessThan(jsonBytes / 4);
		expect(server.fake.delivered).toHaveLength(1_000);
	});

	test('off by default (it costs CPU that a fast link does not repay): the JSON as it is', async () => {
		await sendBatch(orders(10));
		const [request] = batchRequests();
		expect(request.headers['content-encoding']).toBeUndefined();
		expect(request.wireBytes).toBe(Buffer.byteLength(request.body));
		expect(server.fake.delivered).toHaveLength(10);
	});

	test("Segment's limits count the JSON before compression: batches stay under 475,000 bytes of it", async () => {
		// About 2 KB each, and repetitive: a few kilobytes a batch once compressed.
		await sendBatch(orders(600, 2_000), { compressRequests: true });
		const requests = batchRequests();
		expect(requests.length).toBeGreaterThan(2);
		for (const request of requests) {
			expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(475_000);
			expect(request.wireBytes).toBeLessThan(50_000);
		}
		expect(batchBodies(server.fake).flatMap((body) => body.batch as unknown[])).toHaveLength(600);
	});

	test("the platform's gzip is gzip", async () => {
		const text = JSON.stringify({ batch: orders(5) });
		const compressed = await gzip(text);
		expect(compressed.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
		expect(gunzipSync(compressed).toString('utf8')).toBe(text);
	});
});

describe('the fake Segment reads what the header says, and refuses a body that lies', () => {
	const post = (body: Buffer | string, headers: Record<string, string>) =>
		fetch(`${server.fake.url}/v1/batch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`, ...headers },
			body,
		});
	const batch = JSON.stringify({ batch: [{ type: 'track', userId: 'u1', event: 'Lie Tested', messageId: 'm-lie' }] });

	test('gzip said and sent: taken', async () => {
		expect((await post(gzipSync(batch), { 'content-encoding': 'gzip' })).status).toBe(200);
	});

	test('gzip said, JSON sent: 400; gzip sent, nothing said: 400 (not JSON); an unknown encoding: 400', async () => {
		expect((await post(batch, { 'content-encoding': 'gzip' })).status).toBe(400);
		expect((await post(gzipSync(batch), {})).status).toBe(400);
		expect((await post(batch, { 'content-encoding': 'br' })).status).toBe(400);
		expect(server.fake.delivered).toEqual([]);
	});

	test('the 500 KB limit applies to the body once decompressed', async () => {
		const big = JSON.stringify({ batch: orders(300, 2_000).map((row, n) => ({ ...row, messageId: `m-big-${n}` })) });
		expect(Buffer.byteLength(big)).toBeGreaterThan(500 * 1024);
		const response = await post(gzipSync(big), { 'content-encoding': 'gzip' });
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ error: 'payload too large' });
	});
});
