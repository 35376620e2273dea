import { Analytics } from '@segment/analytics-node';
import { request } from 'undici';

import { FakeSegment } from './support/fakeSegment';
import { useFakeSegment } from './support/fixtures';

const KNOWN_KEY = 'known-write-key';
const server = useFakeSegment(() => new FakeSegment({ writeKeys: [KNOWN_KEY] }));

async function post(path: string, body: string, headers: Record<string, string> = {}) {
	const response = await request(`${server.fake.url}${path}`, {
		method: 'POST',
		body,
		headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${KNOWN_KEY}:`).toString('base64')}`, ...headers },
	});
	return { status: response.statusCode, body: await response.body.json() };
}

describe("the fake Segment service, checked against Segment's own Node library", () => {
	test("@segment/analytics-node's calls are accepted and recorded as sent", async () => {
		const analytics = new Analytics({ writeKey: KNOWN_KEY, host: server.fake.url, flushAt: 20, maxRetries: 0 });
		analytics.identify({ userId: 'u1', traits: { plan: 'pro' } });
		analytics.track({ userId: 'u1', event: 'Signed Up', properties: { source: 'ad' } });
		analytics.page({ anonymousId: 'a1', name: 'Pricing', category: 'Docs' });
		analytics.screen({ userId: 'u1', name: 'Home' });
		analytics.group({ userId: 'u1', groupId: 'g1', traits: { name: 'Initech' } });
		analytics.alias({ userId: 'u1', previousId: 'a1' });
		const failures: unknown[] = [];
		analytics.on('error', (error) => failures.push(error));
		await analytics.closeAndFlush();

		expect(failures).toEqual([]);
		expect(server.fake.requests.map((r) => [r.path, r.status])).toEqual([['/v1/batch', 200]]);
		expect(server.fake.delivered.map(({ message }) => message.type)).toEqual(['identify', 'track', 'page', 'screen', 'group', 'alias']);
		for (const { message, writeKey } of server.fake.delivered) {
			expect(writeKey).toBe(KNOWN_KEY);
			expect(message.messageId).toEqual(expect.any(String));
			expect(message.context).toMatchObject({ library: { name: '@segment/analytics-node' } });
		}
		expect(server.fake.dropped).toEqual([]);
	});

	test('authenticates by Basic header or body writeKey; no key is a 400', async () => {
		const message = { type: 'track', userId: 'u', event: 'E', messageId: 'body-key-1' };
		expect((await post('/v1/batch', JSON.stringify({ batch: [message], writeKey: KNOWN_KEY }), { authorization: '' })).status).toBe(200);
		expect(server.fake.delivered.map((entry) => entry.writeKey)).toEqual([KNOWN_KEY]);
		expect((await post('/v1/batch', JSON.stringify({ batch: [] }), { authorization: '' })).status).toBe(400);
	});

	test('an unknown write key gets 200, and its events are dropped', async () => {
		const auth = `Basic ${Buffer.from('wrong-key:').toString('base64')}`;
		const answer = await post('/v1/track', JSON.stringify({ userId: 'u', event: 'E' }), { authorization: auth });
		expect(answer).toEqual({ status: 200, body: { success: true } });
		expect(server.fake.delivered).toEqual([]);
		expect(server.fake.dropped.map((entry) => entry.reason)).toEqual(['unknown write key']);
	});

	test('single-call endpoints take the type from the path', async () => {
		expect((await post('/v1/identify', JSON.stringify({ userId: 'u', traits: {} }))).status).toBe(200);
		expect(server.fake.delivered[0].message.type).toBe('identify');
	});

	test('400 for malformed JSON, a message over 32 KB or a body over 500 KB; the whole request is refused', async () => {
		expect((await post('/v1/batch', '{"batch": [')).status).toBe(400);
		const big = { type: 'track', userId: 'u', event: 'E', properties: { blob: 'x'.repeat(33_000) } };
		const small = { type: 'track', userId: 'u', event: 'E', messageId: 'small-1' };
		expect((await post('/v1/batch', JSON.stringify({ batch: [small, big] }))).status).toBe(400);
		const many = Array.from({ length: 20 }, (_, i) => ({ ...small, messageId: `m${i}`, properties: { blob: 'y'.repeat(30_000) } }));
		expect((await post('/v1/batch', JSON.stringify({ batch: many }))).status).toBe(400);
		expect(server.fake.received).toEqual([]);
	});

	test('what Segment drops after a 200: no id, a track without event, a repeated messageId, past 2,500', async () => {
		const batch = [
			{ type: 'track', event: 'E', messageId: 'no-id' },
			{ type: 'track', userId: 'u', messageId: 'no-event' },
			{ type: 'track', userId: 'u', event: 'E', messageId: 'twice' },
			{ type: 'track', userId: 'u', event: 'E', messageId: 'twice' },
		];
		expect((await post('/v1/batch', JSON.stringify({ batch }))).status).toBe(200);
		expect(server.fake.dropped.map((entry) => entry.reason)).toEqual([
			'no userId or anonymousId',
			'track without event',
			'duplicate messageId',
		]);
		const tooMany = Array.from({ length: 2_501 }, (_, i) => ({ type: 'identify', userId: 'u', messageId: `many-${i}` }));
		expect((await post('/v1/batch', JSON.stringify({ batch: tooMany }))).status).toBe(200);
		expect(server.fake.dropped.at(-1)).toMatchObject({ reason: 'past 2,500 in a batch', message: { messageId: 'many-2500' } });
	});

	test("a batch envelope's context and integrations are merged into every message", async () => {
		const batch = [{ type: 'identify', userId: 'u', messageId: 'env-1', context: { ip: '2.2.2.2' } }];
		await post('/v1/batch', JSON.stringify({ batch, context: { ip: '1.1.1.1', locale: 'en' }, integrations: { All: false } }));
		expect(server.fake.delivered[0].message).toMatchObject({ context: { ip: '2.2.2.2', locale: 'en' }, integrations: { All: false } });
	});
});
