import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { SegmentWebhookTrigger } from '../nodes/SegmentWebhookTrigger/SegmentWebhookTrigger.node';
import { nodeTypes } from './support/engine';
import { captureLogs } from './support/logs';
import { rawSignature, segmentSignature } from './support/webhookDelivery';
import { WebhookHarness } from './support/webhookHarness';

const SECRET = ['shared', 'secret', 'of', 'the', 'test'].join('-');
const TOKEN = ['request', 'token', 'of', 'the', 'test'].join('-');
const secretCredential = { segmentWebhookSecretApi: { sharedSecret: SECRET } };
const secretAndToken = { segmentWebhookSecretApi: { sharedSecret: SECRET, requestToken: TOKEN } };
const manual = { setUp: 'manual', messageTypes: [], includeEvents: '', excludeEvents: '' };
const batches = { ...manual, acceptBatches: true };
const logs = captureLogs();

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

const DATA_HINT = "; if the Webhooks destination's mapping sets Data to part of the event (such as $.properties), set it back to the whole event ($.)";

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

	test('a batch (a list) of events, signed by Segment over its first event, with the request token', async () => {
		harness.configure({ parameters: batches, credentials: secretAndToken });
		const events = [
			segmentEvent({ type: 'identify', traits: { email: 'ada@example.com' } }, 1),
			segmentEvent({ type: 'track', event: 'Order Completed', properties: { total: 30 } }, 2),
			segmentEvent({ type: 'page', name: 'Pricing' }, 3),
		];
		const body = JSON.stringify(events);
		const answer = await harness.post(body, { 'content-type': 'application/json', 'x-signature': segmentSignature(SECRET, events[0]), authorization: `Bearer ${TOKEN}` });
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

	test('a batch signed over its whole body, as another sender might sign it, is taken too (with the token)', async () => {
		harness.configure({ parameters: batches, credentials: secretAndToken });
		const body = JSON.stringify([segmentEvent({ type: 'track', event: 'A' }, 1), segmentEvent({ type: 'track', event: 'B' }, 2)]);
		const headers = { 'content-type': 'application/json', 'x-signature': rawSignature(SECRET, Buffer.from(body)), authorization: `Bearer ${TOKEN}` };
		expect((await harness.post(body, headers)).status).toBe(200);
	});

	test('without a secret credential, any delivery is taken (the node says so)', async () => {
		harness.configure({ credentials: {} });
		const body = JSON.stringify(segmentEvent({ type: 'identify' }));
		expect((await harness.post(body)).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
		expect(nodeTypes.segmentWebhookTrigger.description.description).toContain('anyone who knows');
	});
});

describe('a workflow saved with version 1 of the trigger', () => {
	// Version 2 only spares n8n an expression per request; what the trigger takes and refuses is the same.
	test('takes a signed event and refuses a forged one, as version 2 does', async () => {
		const versionOne = await new WebhookHarness({ parameters: manual, credentials: secretCredential, typeVersion: 1 }).start();
		try {
			const event = segmentEvent({ type: 'track', event: 'Signed Up' });
			const body = JSON.stringify(event);
			expect(await versionOne.post(body, signed(body))).toEqual({ status: 200, body: { message: 'Workflow was started' } });
			expect((await versionOne.post(body, signed(body, 'another-secret'))).status).toBe(401);
			expect(versionOne.executions).toEqual([{ collected: [event] }]);
			expect(versionOne.thrown).toEqual([]);
		} finally {
			await versionOne.stop();
		}
	});

	test('new triggers get version 2, and version 1 stays loadable', () => {
		const { version, defaultVersion } = new SegmentWebhookTrigger().description;
		expect({ version, defaultVersion }).toEqual({ version: [1, 2], defaultVersion: 2 });
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

describe('batches: Segment signs only their first event, so the request token must prove the rest', () => {
	const captured = segmentEvent({ type: 'track', event: 'Signed Up' }, 1);
	const capturedSignature = segmentSignature(SECRET, captured);
	const forged = [captured, segmentEvent({ type: 'track', event: 'Order Refunded', properties: { refund: 9_999 } }, 666), segmentEvent({ type: 'identify', traits: { admin: true } }, 667)];
	const forgedBody = JSON.stringify(forged);

	test('Segment Sends Batches off (the default): a batch is refused with 400, with the reason, and logged as an error with the node and workflow', async () => {
		harness.configure({ workflowName: 'New sign-ups' });
		const answer = await harness.post(forgedBody, { 'content-type': 'application/json', 'x-signature': capturedSignature });
		expect(answer.status).toBe(400);
		expect((answer.body as { error: string }).error).toMatch(/^The delivery is a batch \(a JSON list\), and this trigger takes one event a request/);
		expect(harness.executions).toEqual([]);
		expect(logs).toEqual([
			{ level: 'error', message: expect.stringMatching(/^Segment Webhook Trigger "Segment Webhook Trigger" in workflow "New sign-ups" answered 400, and Segment does not send it again: The delivery is a batch/) },
		]);
	});

	test('a captured signed event with forged ones behind it, no token: refused, nothing starts', async () => {
		harness.configure({ parameters: batches, credentials: secretAndToken });
		expect((await harness.post(forgedBody, { 'content-type': 'application/json', 'x-signature': capturedSignature })).status).toBe(401);
		expect((await harness.post(forgedBody, { 'content-type': 'application/json', 'x-signature': capturedSignature, authorization: 'Bearer guessed-token' })).status).toBe(401);
		expect((await harness.post(forgedBody, { 'content-type': 'application/json', 'x-signature': capturedSignature, authorization: TOKEN })).status).toBe(401);
		expect(harness.executions).toEqual([]);
		expect(logs.map((line) => line.message)).toEqual(Array(3).fill(expect.stringContaining('does not carry the request token')));
	});

	test('Segment Sends Batches on but no request token in the credential: every batch is refused, single events still pass', async () => {
		harness.configure({ parameters: batches, credentials: secretCredential });
		const answer = await harness.post(forgedBody, { 'content-type': 'application/json', 'x-signature': capturedSignature, authorization: `Bearer ${TOKEN}` });
		expect(answer.status).toBe(401);
		expect((answer.body as { error: string }).error).toContain('batches are taken only with a request token');
		const one = JSON.stringify(captured);
		expect((await harness.post(one, signed(one))).status).toBe(200);
		expect(harness.executions).toHaveLength(1);
	});

	test('with the token, every request must carry it, single events too; the token is read also when its header was percent-encoded', async () => {
		harness.configure({ parameters: batches, credentials: secretAndToken });
		const one = JSON.stringify(captured);
		expect((await harness.post(one, signed(one))).status).toBe(401);
		expect((await harness.post(one, { ...signed(one), authorization: `Bearer ${TOKEN}` })).status).toBe(200);
		expect((await harness.post(one, { ...signed(one), authorization: `Bearer%20${TOKEN}` })).status).toBe(200);
		expect((await harness.post(one, { ...signed(one), authorization: `bearer   ${TOKEN}` })).status).toBe(200);
		expect(harness.executions).toHaveLength(3);
	});

	test('the token alone is not enough: the first event must still be signed', async () => {
		harness.configure({ parameters: batches, credentials: secretAndToken });
		const headers = { 'content-type': 'application/json', 'x-signature': segmentSignature('not-the-secret', forged[0]), authorization: `Bearer ${TOKEN}` };
		expect((await harness.post(forgedBody, headers)).status).toBe(401);
		expect(harness.executions).toEqual([]);
	});
});

describe('every refusal is visible in n8n\'s log', () => {
	test('a forged delivery: an error line with the node, the workflow, the status and the reason, and no secret', async () => {
		const body = JSON.stringify(segmentEvent({ type: 'track', event: 'Signed Up' }));
		await harness.post(body, { 'content-type': 'application/json', 'x-signature': '00' });
		expect(logs).toEqual([
			{
				level: 'error',
				message: 'Segment Webhook Trigger "Segment Webhook Trigger" in workflow "Webhook test" answered 401, and Segment does not send it again: The X-Signature header is missing, or does not match the shared secret',
			},
		]);
		expect(JSON.stringify(logs)).not.toContain(SECRET);
	});
});

describe('bad requests get a clear 4xx and start nothing', () => {
	const sign = (body: string, contentType = 'application/json') => ({ 'content-type': contentType, 'x-signature': rawSignature(SECRET, Buffer.from(body)) });

	test.each([
		['an empty body', '', 400, 'The request has no body: Segment sends each event as JSON'],
		['text that is not JSON', 'type=track&event=x', 400, 'The body is not JSON: Segment sends each event, or a batch of them, as JSON'],
		['JSON that is not a Segment message', '{"hello": "world"}', 400, `The body is not a Segment message: it has no "type"${DATA_HINT}`],
	])('%s', async (_, body, status, error) => {
		expect(await harness.post(body, sign(body, 'text/plain'))).toEqual({ status, body: { error } });
		expect(harness.executions).toEqual([]);
	});

	test.each([
		['a batch with an event without a type', '[{"type": "track"}, {"event": "x"}]', 400, `Event 2 of the batch is not a Segment message: it has no "type"${DATA_HINT}`],
		['a batch with something that is not an object', '[{"type": "track"}, 7]', 400, `Event 2 of the batch is not a Segment message: it is not a JSON object${DATA_HINT}`],
		['an empty batch', '[]', 400, 'The delivery is an empty list: there is no event in it'],
	])('taking batches, %s', async (_, body, status, error) => {
		harness.configure({ parameters: batches, credentials: secretAndToken });
		expect(await harness.post(body, { ...sign(body, 'text/plain'), authorization: `Bearer ${TOKEN}` })).toEqual({ status, body: { error } });
		expect(harness.executions).toEqual([]);
	});

	test('a mapping whose Data is part of the event: the 400 and the log line name that cause', async () => {
		const properties = { plan: 'pro', total: 30 };
		const body = JSON.stringify(properties);
		const answer = await harness.post(body, signed(body));
		expect(answer).toEqual({ status: 400, body: { error: `The body is not a Segment message: it has no "type"${DATA_HINT}` } });
		expect(logs).toEqual([{ level: 'error', message: expect.stringContaining('set it back to the whole event ($.)') }]);
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
	const headers = { 'content-type': 'application/json', 'x-signature': segmentSignature(SECRET, events[0]), authorization: `Bearer ${TOKEN}` };
	const kept = () => harness.executions.flatMap((execution) => execution.collected.map((event) => event.messageId));
	beforeEach(() => harness.configure({ credentials: secretAndToken }));

	test('by message type', async () => {
		harness.configure({ parameters: { ...batches, messageTypes: ['identify', 'page'] } });
		await harness.post(body, headers);
		expect(kept()).toEqual(['msg-3', 'msg-4']);
	});

	test('track events by name, included or excluded; other types pass', async () => {
		harness.configure({ parameters: { ...batches, includeEvents: 'Signed Up, Order Completed' } });
		await harness.post(body, headers);
		expect(kept()).toEqual(['msg-1', 'msg-3', 'msg-4', 'msg-5']);

		harness.executions.length = 0;
		harness.configure({ parameters: { ...batches, messageTypes: ['track'], excludeEvents: 'Page Scrolled' } });
		await harness.post(body, headers);
		expect(kept()).toEqual(['msg-1', 'msg-5']);
	});

	test('a delivery with nothing left after the filters is answered 200 and starts nothing', async () => {
		harness.configure({ parameters: { ...batches, messageTypes: ['alias'] } });
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
