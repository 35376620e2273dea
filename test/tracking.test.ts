import { LIBRARY } from '../nodes/shared/messages/library';
import { WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { batchBodies, ISO_MILLIS, sentMessages, useFakeSegment, UUID } from './support/fixtures';

const server = useFakeSegment();

async function send(parameters: Record<string, unknown>, items: Record<string, unknown>[] = [{}]) {
	const result = await runNode({
		parameters: { resource: 'tracking', ...parameters },
		items,
		credentials: writeKeyCredentials(server.fake.url),
	});
	expect(result.error).toBeUndefined();
	return result;
}

const library = { name: 'n8n-nodes-segment', version: LIBRARY.version };
const generated = { messageId: expect.stringMatching(UUID), timestamp: expect.stringMatching(ISO_MILLIS) };

describe('every tracking call reaches Segment as its own libraries send it', () => {
	test('the request: POST /v1/batch, Basic auth with the write key and an empty password, sentAt', async () => {
		await send({ operation: 'track', userId: 'u1', event: 'Signed Up' });
		const [request] = server.fake.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/batch');
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		const [body] = batchBodies(server.fake);
		expect(Object.keys(body).sort()).toEqual(['batch', 'sentAt']);
		expect(body.sentAt).toMatch(ISO_MILLIS);
		expect(JSON.stringify(body)).not.toContain(WRITE_KEY);
	});

	test('track, with ids, properties and context from expressions', async () => {
		const { output } = await send(
			{
				operation: 'track',
				userId: '={{ $json.id }}',
				anonymousId: 'anon-1',
				event: '={{ $json.event }}',
				properties: '={{ { plan: $json.plan, revenue: 49.9 } }}',
				additionalFields: { context: '{"ip": "203.0.113.7"}', integrations: '{"All": false, "Mixpanel": true}' },
			},
			[{ id: 42, event: 'Order Completed', plan: 'pro' }],
		);
		expect(sentMessages(server.fake)).toEqual([
			{
				type: 'track',
				userId: '42',
				anonymousId: 'anon-1',
				event: 'Order Completed',
				properties: { plan: 'pro', revenue: 49.9 },
				context: { library, ip: '203.0.113.7' },
				integrations: { All: false, Mixpanel: true },
				...generated,
			},
		]);
		const [message] = sentMessages(server.fake);
		expect(output).toEqual([
			{
				json: { success: true, event: 'Order Completed', userId: '42', anonymousId: 'anon-1', messageId: message.messageId },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('items of one run: messages without a timestamp carry the run\'s time, each with its own messageId and context', async () => {
		const before = new Date().toISOString();
		await send(
			{
				operation: 'track',
				userId: '={{ $json.id }}',
				event: 'Viewed',
				// Each item takes a few milliseconds, so that a clock read per item would tell the items apart.
				properties: '={{ (() => { const start = Date.now(); while (Date.now() - start < 5) {} return { n: $json.n }; })() }}',
				additionalFields: { context: '{"ip": "203.0.113.7"}' },
			},
			[
				{ id: 'u1', n: 1 },
				{ id: 'u2', n: 2 },
				{ id: 'u3', n: 3 },
			],
		);
		const after = new Date().toISOString();
		const messages = sentMessages(server.fake);
		expect(messages.map((message) => message.properties)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
		expect(new Set(messages.map((message) => message.timestamp)).size).toBe(1);
		const runTime = String(messages[0].timestamp);
		expect(runTime >= before && runTime <= after).toBe(true);
		expect(new Set(messages.map((message) => message.messageId)).size).toBe(3);
		for (const message of messages) expect(message.context).toEqual({ library, ip: '203.0.113.7' });
	});

	test('identify, with traits as JSON text and the given timestamp and messageId', async () => {
		const { output } = await send({
			operation: 'identify',
			userId: 'u1',
			traits: '{"email": "ada@example.com", "plan": "pro"}',
			additionalFields: { timestamp: '2024-01-15T09:30:00+01:00', messageId: 'import-u1-1' },
		});
		expect(sentMessages(server.fake)).toEqual([
			{
				type: 'identify',
				userId: 'u1',
				traits: { email: 'ada@example.com', plan: 'pro' },
				timestamp: '2024-01-15T08:30:00.000Z',
				messageId: 'import-u1-1',
				context: { library },
			},
		]);
		// An absent id is absent, not an empty string.
		expect(output).toEqual([{ json: { success: true, userId: 'u1', messageId: 'import-u1-1' }, pairedItem: { item: 0 } }]);
	});

	test('page, with name, category and properties', async () => {
		const { output } = await send({
			operation: 'page',
			anonymousId: 'anon-7',
			name: 'Pricing',
			properties: '{"path": "/pricing"}',
			additionalFields: { category: 'Docs' },
		});
		expect(sentMessages(server.fake)).toEqual([
			{
				type: 'page',
				anonymousId: 'anon-7',
				name: 'Pricing',
				category: 'Docs',
				properties: { path: '/pricing', category: 'Docs' },
				context: { library },
				...generated,
			},
		]);
		expect(output[0].json).toEqual({ success: true, name: 'Pricing', anonymousId: 'anon-7', messageId: expect.stringMatching(UUID) });
	});

	test('screen', async () => {
		const { output } = await send({ operation: 'screen', userId: 'u1', name: 'Home', additionalFields: { category: 'Main' } });
		expect(sentMessages(server.fake)).toEqual([
			{ type: 'screen', userId: 'u1', name: 'Home', category: 'Main', properties: {}, context: { library }, ...generated },
		]);
		expect(output[0].json).toEqual({ success: true, name: 'Home', userId: 'u1', messageId: expect.stringMatching(UUID) });
	});

	test('group', async () => {
		const { output } = await send({ operation: 'group', userId: 'u1', groupId: '={{ 1001 }}', traits: '{"name": "Initech"}' });
		expect(sentMessages(server.fake)).toEqual([
			{ type: 'group', userId: 'u1', groupId: '1001', traits: { name: 'Initech' }, context: { library }, ...generated },
		]);
		expect(output[0].json).toEqual({ success: true, groupId: '1001', userId: 'u1', messageId: expect.stringMatching(UUID) });
	});

	test('alias', async () => {
		const { output } = await send({ operation: 'alias', userId: 'u1', previousId: 'anon-7' });
		expect(sentMessages(server.fake)).toEqual([
			{ type: 'alias', userId: 'u1', previousId: 'anon-7', context: { library }, ...generated },
		]);
		expect(output[0].json).toEqual({ success: true, userId: 'u1', previousId: 'anon-7', messageId: expect.stringMatching(UUID) });
	});

	test('batch, with context and integrations for every message', async () => {
		const { output } = await send({
			operation: 'batch',
			batch: JSON.stringify([
				{ type: 'identify', userId: 'u1', traits: { plan: 'pro' } },
				{ type: 'track', userId: 'u1', event: 'Upgraded', timestamp: '2024-01-15T08:30:00Z', context: { ip: '10.0.0.1' } },
			]),
			additionalFields: { context: '{"ip": "203.0.113.7", "locale": "en-GB"}', integrations: '{"Salesforce": false}' },
		});
		expect(sentMessages(server.fake)).toEqual([
			{
				type: 'identify',
				userId: 'u1',
				traits: { plan: 'pro' },
				context: { library, ip: '203.0.113.7', locale: 'en-GB' },
				integrations: { Salesforce: false },
				...generated,
			},
			{
				type: 'track',
				userId: 'u1',
				event: 'Upgraded',
				properties: {},
				timestamp: '2024-01-15T08:30:00.000Z',
				messageId: expect.stringMatching(UUID),
				context: { library, ip: '10.0.0.1', locale: 'en-GB' },
				integrations: { Salesforce: false },
			},
		]);
		expect(output).toEqual([{ json: { success: true, count: 2 }, pairedItem: { item: 0 } }]);
	});

	test('a batch list may come from an expression', async () => {
		const { output } = await send({ operation: 'batch', batch: '={{ $json.events }}' }, [
			{ events: [{ type: 'track', userId: 'a', event: 'X' }] },
			{ events: [{ type: 'track', userId: 'b', event: 'Y' }, { type: 'alias', userId: 'b', previousId: 'c' }] },
		]);
		expect(sentMessages(server.fake).map((message) => message.userId)).toEqual(['a', 'b', 'b']);
		expect(output.map((item) => item.json)).toEqual([
			{ success: true, count: 1 },
			{ success: true, count: 2 },
		]);
	});

	test('several items: one request, outputs in input order, each paired with its item', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ id: `u${i}` }));
		const { output } = await send({ operation: 'identify', userId: '={{ $json.id }}' }, items);
		expect(server.fake.requests).toHaveLength(1);
		expect(output.map((item) => [item.json.userId, item.pairedItem])).toEqual(items.map((item, i) => [item.id, { item: i }]));
		const sentIds = sentMessages(server.fake).map((message) => message.messageId);
		expect(output.map((item) => item.json.messageId)).toEqual(sentIds);
		expect(new Set(sentIds).size).toBe(5);
		expect(server.fake.delivered).toHaveLength(5);
	});
});
