import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { nodeTypes } from './support/engine';
import { rawSignature, segmentSignature } from './support/webhookDelivery';
import { WebhookHarness } from './support/webhookHarness';

const SECRET = ['shared', 'secret', 'of', 'the', 'test'].join('-');
const secretCredential = { segmentWebhookSecretApi: { sharedSecret: SECRET } };
const manual = { setUp: 'manual', messageTypes: [], includeEvents: '', excludeEvents: '' };

/** A message as Segment's Webhooks destination sends it on. */
function segmentEvent(fields: Record<string, unknown>, n = 1) {
	return {
		messageId: `msg-${n}`,
		timestamp: '2026-11-25T10:00:00.000Z',
		receivedAt: '2026-11-25T10:00:00.120Z',
		userId: `user-${n}`,
		anonymousId: `anon-${n}`,
		context: { library: { name: 'analytics.js', version: '2.11.1' }, ip: '203.0.113.7' },
		integrations: {},
		...fields,
	};
}

const signed = (body: string, secret = SECRET) => ({ 'content-type': 'application/json', 'x-signature': segmentSignature(secret, JSON.parse(body)) });

let harness: WebhookHarness;
beforeEach(async () => {
	harness = await new WebhookHarness({ parameters: manual, credentials: secretCredential }).start();
});
afterEach(async () => {
	await harness.stop();
	// Nothing may ever be thrown out of the webhook: n8n would answer 500 and log a failed execution.
	expect(harness.thrown).toEqual([]);
});

describe('a signed delivery starts the workflow with one item per event', () => {
	test('one event: answered 200 at once, the event as Segment sent it', async () => {
		const event = segmentEvent({ type: 'track', event: 'Signed Up', properties: { plan: 'pro' } });
		const body = JSON.stringify(event);
		expect(await harness.post(body, signed(body))).toEqual({ status: 200, body: { message: 'Workflow was started' } });
		expect(harness.executions).toEqual([{ collected: [event] }]);
	});

	test('a batch (a list) of events, signed by Segment over its first event', async () => {
		const events = [
			segmentEvent({ type: 'identify', traits: { email: 'ada@example.com' } }, 1),
			segmentEvent({ type: 'track', event: 'Order Completed', properties: { total: 30 } }, 2),
			segmentEvent({ type: 'page', name: 'Pricing' }, 3),
		];
		const body = JSON.stringify(events);
		const answer = await harness.post(body, { 'content-type': 'application/json', 'x-signature': segmentSignature(SECRET, events[0]) });
		expect(answer.status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(harness.executions[0].collected).toEqual(events);
	});

	test('the signature is checked over the bytes as they came, not over the JSON parsed again', async () => {
		// Spacing, key order and escapes that JSON.stringify would not write back the same way.
		const body = '{ "type" : "track",\n  "event": "Caf\\u00e9 Visited", "userId": "u1", "messageId": "m-raw" }';
		const overRawBytes = rawSignature(SECRET, Buffer.from(body));
		const answer = await harness.post(body, { 'content-type': 'application/json', 'x-signature': overRawBytes });
		expect(answer.status).toBe(200);
		expect(harness.executions[0].collected).toEqual([{ type: 'track', event: 'Café Visited', userId: 'u1', messageId: 'm-raw' }]);

		const overReserialised = segmentSignature(SECRET, JSON.parse(body));
		expect(overReserialised).not.toBe(overRawBytes);
		expect((await harness.post(body, { 'content-type': 'application/json', 'x-signature': overReserialised })).status).toBe(401);
	});

	test('a batch signed over its whole body, as another sender might sign it, is taken too', async () => {
		const body = JSON.stringify([segmentEvent({ type: 'track', event: 'A' }, 1), segmentEvent({ type: 'track', event: 'B' }, 2)]);
		expect((await harness.post(body, { 'content-type': 'application/json', 'x-signature': rawSignature(SECRET, Buffer.from(body)) })).status).toBe(200);
	});

	test('without a secret credential, any delivery is taken (the node says so)', async () => {
		harness.configure({ credentials: {} });
		const body = JSON.stringify(segmentEvent({ type: 'identify' }));
		expect((await harness.post(body)).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(nodeTypes.segmentWebhookTrigger.description.description).toContain('anyone who knows');
	});
});

describe('a forged delivery starts nothing', () => {
	const body = JSON.stringify(segmentEvent({ type: 'track', event: 'Signed Up' }));

	test.each([
		['without X-Signature', { 'content-type': 'application/json' }],
		['signed with another secret', signed(body, 'not-the-secret')],
		['with a signature that is not hex', { 'content-type': 'application/json', 'x-signature': 'zz' }],
	])('%s: 401', async (_, headers) => {
		expect(await harness.post(body, headers)).toEqual({ status: 401, body: { error: 'The X-Signature header is missing, or does not match the shared secret' } });
		expect(harness.executions).toEqual([]);
	});

	test('a body changed after signing: 401', async () => {
		const tampered = body.replace('Signed Up', 'Order Refunded');
		expect((await harness.post(tampered, signed(body))).status).toBe(401);
		expect(harness.executions).toEqual([]);
	});

	test('a forged request that is not even JSON is refused for its signature, saying nothing of its body', async () => {
		expect((await harness.post('not json', { 'content-type': 'text/plain', 'x-signature': '00' })).status).toBe(401);
	});
});

describe('bad requests get a clear 4xx and start nothing', () => {
	const sign = (body: string, contentType = 'application/json') => ({ 'content-type': contentType, 'x-signature': rawSignature(SECRET, Buffer.from(body)) });

	test.each([
		['an empty body', '', 400, 'The request has no body: Segment sends each event as JSON'],
		['text that is not JSON', 'type=track&event=x', 400, 'The body is not JSON: Segment sends each event, or a batch of them, as JSON'],
		['JSON that is not a Segment message', '{"hello": "world"}', 400, 'The body is not a Segment message: it has no "type"'],
		['a batch with an event without a type', '[{"type": "track"}, {"event": "x"}]', 400, 'Event 2 of the batch is not a Segment message: it has no "type"'],
		['a batch with something that is not an object', '[{"type": "track"}, 7]', 400, 'Event 2 of the batch is not a Segment message: it is not a JSON object'],
		['an empty batch', '[]', 400, 'The delivery is an empty list: there is no event in it'],
	])('%s', async (_, body, status, error) => {
		expect(await harness.post(body, sign(body, 'text/plain'))).toEqual({ status, body: { error } });
		expect(harness.executions).toEqual([]);
	});

	test("JSON announced as JSON that does not parse: n8n's own 422, before the node", async () => {
		expect((await harness.post('{"type": "track",', sign('{"type": "track",'))).status).toBe(422);
		expect(harness.executions).toEqual([]);
	});

	test("a body over n8n's payload limit never reaches the node: n8n's own 500, nothing started", async () => {
		harness.configure({ payloadSizeMaxBytes: 64 * 1024 });
		const big = JSON.stringify(Array.from({ length: 400 }, (_, i) => segmentEvent({ type: 'track', event: 'Big', properties: { padding: 'x'.repeat(200) } }, i)));
		expect((await harness.post(big, sign(big))).status).toBe(500);
		expect(harness.executions).toEqual([]);
	});

	test('a credential that cannot be read: 500, so that Segment sends the delivery again; nothing thrown', async () => {
		// The node names a secret credential the store no longer has.
		harness.configure({ credentials: { segmentWebhookSecretApi: undefined as never } });
		const body = JSON.stringify(segmentEvent({ type: 'track', event: 'x' }));
		expect(await harness.post(body, signed(body))).toEqual({ status: 500, body: { error: 'The delivery could not be taken now; send it again later' } });
		expect(harness.executions).toEqual([]);
	});
});

describe('filters', () => {
	const events = [
		segmentEvent({ type: 'track', event: 'Signed Up' }, 1),
		segmentEvent({ type: 'track', event: 'Page Scrolled' }, 2),
		segmentEvent({ type: 'identify', traits: { plan: 'pro' } }, 3),
		segmentEvent({ type: 'page', name: 'Home' }, 4),
		segmentEvent({ type: 'track', event: 'Order Completed' }, 5),
	];
	const body = JSON.stringify(events);
	const headers = { 'content-type': 'application/json', 'x-signature': segmentSignature(SECRET, events[0]) };
	const kept = () => harness.executions.flatMap((execution) => execution.collected.map((event) => event.messageId));

	test('by message type', async () => {
		harness.configure({ parameters: { ...manual, messageTypes: ['identify', 'page'] } });
		await harness.post(body, headers);
		expect(kept()).toEqual(['msg-3', 'msg-4']);
	});

	test('track events by name, included or excluded; other types pass', async () => {
		harness.configure({ parameters: { ...manual, includeEvents: 'Signed Up, Order Completed' } });
		await harness.post(body, headers);
		expect(kept()).toEqual(['msg-1', 'msg-3', 'msg-4', 'msg-5']);

		harness.executions.length = 0;
		harness.configure({ parameters: { ...manual, messageTypes: ['track'], excludeEvents: 'Page Scrolled' } });
		await harness.post(body, headers);
		expect(kept()).toEqual(['msg-1', 'msg-5']);
	});

	test('a delivery with nothing left after the filters is answered 200 and starts nothing', async () => {
		harness.configure({ parameters: { ...manual, messageTypes: ['alias'] } });
		expect(await harness.post(body, headers)).toEqual({ status: 200, body: { received: 5, started: false } });
		expect(harness.executions).toEqual([]);
	});
});

describe('deliveries are at least once', () => {
	test('a delivery Segment sends again starts the workflow again, with the same messageId to drop it by', async () => {
		const event = segmentEvent({ type: 'track', event: 'Signed Up' }, 42);
		const body = JSON.stringify(event);
		await harness.post(body, signed(body));
		await harness.post(body, signed(body));
		expect(harness.executions.map((execution) => execution.collected.map((item) => item.messageId))).toEqual([['msg-42'], ['msg-42']]);
	});
});

describe('the Segment Webhook Secret API credential', () => {
	const test_ = nodeTypes.segmentWebhookTrigger.methods!.credentialTest!.segmentWebhookSecretTest;
	const run = (sharedSecret: string) =>
		test_.call(new CredentialTestContext() as unknown as ICredentialTestFunctions, { id: 'c', name: 'c', type: 'segmentWebhookSecretApi', data: { sharedSecret } } as ICredentialsDecrypted);

	test('its test checks what can be checked: set, and without stray spaces', async () => {
		expect((await run(SECRET)).status).toBe('OK');
		expect(await run('')).toEqual({ status: 'Error', message: 'The shared secret is empty' });
		expect((await run(' padded ')).message).toMatch(/starts or ends with a space/);
	});
});
