import { PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { picked, publicApiCalls } from './support/publicApiFixtures';
import { WEBHOOKS_ACTIONS } from './support/publicApiStore';
import { segmentSignature } from './support/webhookDelivery';
import { WebhookHarness } from './support/webhookHarness';

const SECRET = ['automatic', 'setup', 'secret'].join('-');

let fake: FakeSegment;
let harness: WebhookHarness;

const automatic = { setUp: 'automatic', sourceId: picked('src_001'), messageTypes: ['track', 'identify'], includeEvents: '', excludeEvents: '' };

beforeAll(async () => {
	fake = await new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }).start();
});
afterAll(async () => await fake.stop());
beforeEach(async () => {
	fake.workspace.seed();
	fake.clearRecords();
	harness = await new WebhookHarness({
		parameters: automatic,
		credentials: { ...publicApiCredentials(fake.url), segmentWebhookSecretApi: { sharedSecret: SECRET } },
		workflowName: 'New sign-ups',
	}).start();
});
afterEach(async () => {
	await harness.stop();
	expect(harness.thrown).toEqual([]);
});

/** Sends events to the source with the Segment node, and waits for Segment to pass them on. */
async function sendToSource(messages: Array<Record<string, unknown>>) {
	const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items: messages, credentials: writeKeyCredentials(fake.url) });
	if (error) throw error;
	await fake.webhooksSettled();
	await harness.settled();
}

const n8nDestinations = () => fake.workspace.destinations.filter((destination) => (destination.metadata as { id: string }).id === WEBHOOKS_ACTIONS.metadataId);

describe('activating the workflow sets Segment up', () => {
	test("a Webhooks (Actions) destination on the source, with a subscription to this workflow's production URL", async () => {
		await harness.activate();
		const calls = publicApiCalls(fake).map((call) => `${call.method} ${new URL(call.path, 'http://x').pathname}`);
		// The catalog is read only until Webhooks (Actions) turns up, on its second page.
		expect(calls).toEqual(['GET /catalog/destinations', 'GET /catalog/destinations', 'POST /destinations', `POST /destinations/${n8nDestinations()[0].id}/subscriptions`]);

		const [destination] = n8nDestinations();
		expect(destination).toEqual(expect.objectContaining({ sourceId: 'src_001', enabled: true, name: 'n8n: New sign-ups', settings: { sharedSecret: SECRET } }));
		const [subscription] = fake.workspace.subscriptions;
		expect(subscription).toEqual(
			expect.objectContaining({
				destinationId: destination.id,
				actionId: WEBHOOKS_ACTIONS.sendActionId,
				enabled: true,
				trigger: 'type = "track" or type = "identify"',
				settings: { url: harness.productionUrl, method: 'POST', data: { '@path': '$.' } },
			}),
		);
		const subscriptionCall = publicApiCalls(fake).at(-1)!;
		expect(subscriptionCall.headers['content-type']).toBe('application/vnd.segment.v1alpha+json');
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual({ destinationId: destination.id, webhookUrl: harness.productionUrl });
	});

	test('events sent to the source then start the workflow, signed, one item per event, filtered by type', async () => {
		await harness.activate();
		await sendToSource([
			{ type: 'identify', userId: 'user-7', messageId: 'm-identify', traits: { email: 'grace@example.com' } },
			{ type: 'track', userId: 'user-7', messageId: 'm-signup', event: 'Signed Up', properties: { plan: 'pro' } },
			{ type: 'page', userId: 'user-7', messageId: 'm-page', name: 'Home' },
		]);
		expect(fake.webhookDeliveries.map((delivery) => [delivery.status, Boolean(delivery.signature)])).toEqual([
			[200, true],
			[200, true],
		]);
		// Segment sends them one request each, side by side: the order they start in is not fixed.
		const started = harness.executions.map((execution) => execution.collected.map((event) => [event.type, event.messageId, event.userId])).sort();
		expect(started).toEqual([[['identify', 'm-identify', 'user-7']], [['track', 'm-signup', 'user-7']]]);
		expect(harness.executions.find((execution) => execution.collected[0].type === 'track')!.collected[0]).toEqual(expect.objectContaining({ event: 'Signed Up', properties: { plan: 'pro' }, receivedAt: expect.any(String) }));
	});

	test('activating again finds what it made and makes nothing more', async () => {
		await harness.activate();
		fake.clearRecords();
		await harness.activate();
		expect(publicApiCalls(fake).map((call) => `${call.method} ${call.path}`)).toEqual([`GET /destinations/${n8nDestinations()[0].id}`]);
		expect(n8nDestinations()).toHaveLength(1);
	});

	test("a destination made for another URL (n8n's address changed) is replaced, not left behind", async () => {
		await harness.activate();
		const [old] = n8nDestinations();
		(harness.staticData['node:Segment Webhook Trigger'] as Record<string, unknown>).webhookUrl = 'https://old-n8n.example.com/webhook/x/webhook';
		await harness.activate();
		expect(n8nDestinations().map((destination) => destination.id)).toEqual([expect.not.stringMatching(old.id)]);
		expect(fake.workspace.subscriptions).toHaveLength(1);
	});
});

describe('deactivating removes exactly what activating made', () => {
	test('the destination and its subscription go; other destinations stay; events no longer arrive', async () => {
		const before = fake.workspace.destinations.map((destination) => destination.id);
		await harness.activate();
		await harness.deactivate();
		expect(fake.workspace.destinations.map((destination) => destination.id)).toEqual(before);
		expect(fake.workspace.subscriptions).toEqual([]);
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual({});
		await sendToSource([{ type: 'track', userId: 'u', messageId: 'after', event: 'Signed Up' }]);
		expect(fake.webhookDeliveries).toEqual([]);
		expect(harness.executions).toEqual([]);
	});

	test('a destination someone already removed in Segment is no error', async () => {
		await harness.activate();
		fake.workspace.destinations.splice(fake.workspace.destinations.indexOf(n8nDestinations()[0]), 1);
		await expect(harness.deactivate()).resolves.toBeUndefined();
	});
});

describe('when Segment will not', () => {
	test('destination subscriptions not enabled: activation fails with what to do, and leaves nothing behind', async () => {
		fake.workspace.subscriptionsEnabled = false;
		const before = fake.workspace.destinations.length;
		await expect(harness.activate()).rejects.toThrow(
			"Segment did not add the webhook subscription: Segment's Public API answered 403: Destination subscriptions are not enabled for this workspace",
		);
		expect(fake.workspace.destinations).toHaveLength(before);
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual({});
	});
});

describe('without a Segment Webhook Secret API credential', () => {
	test('the setup makes a secret of its own, Segment signs with it, and forged deliveries are refused', async () => {
		harness.configure({ credentials: publicApiCredentials(fake.url) });
		await harness.activate();
		const state = harness.staticData['node:Segment Webhook Trigger'] as Record<string, string>;
		expect(state.generatedSecret).toMatch(/^[0-9a-f]{64}$/);
		expect(n8nDestinations()[0].settings).toEqual({ sharedSecret: state.generatedSecret });

		await sendToSource([{ type: 'track', userId: 'u1', messageId: 'm1', event: 'Signed Up' }]);
		expect(harness.executions).toHaveLength(1);

		const forged = JSON.stringify({ type: 'track', userId: 'u2', messageId: 'forged', event: 'Signed Up' });
		expect((await harness.post(forged, { 'content-type': 'application/json', 'x-signature': segmentSignature('guess', JSON.parse(forged)) })).status).toBe(401);
		expect(harness.executions).toHaveLength(1);
	});
});
