import { PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { PUBLIC_API_CREDENTIAL_MISSING } from '../nodes/SegmentWebhookTrigger/automaticSetup';
import { nodeTypes, runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { picked, publicApiCalls } from './support/publicApiFixtures';
import { WEBHOOKS_ACTIONS } from './support/publicApiStore';
import { captureLogs } from './support/logs';
import { segmentSignature } from './support/webhookDelivery';
import { WebhookHarness } from './support/webhookHarness';

const SECRET = ['automatic', 'setup', 'secret'].join('-');
const ROTATED = ['rotated', 'setup', 'secret'].join('-');
const logs = captureLogs();

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
	fake.forgetMessageIds();
	fake.faults = undefined;
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
		// Webhooks (Actions) is looked up by its catalog ID: one call, not the whole catalog.
		expect(calls).toEqual([`GET /catalog/destinations/${WEBHOOKS_ACTIONS.metadataId}`, 'POST /destinations', `POST /destinations/${n8nDestinations()[0].id}/subscriptions`]);

		const [destination] = n8nDestinations();
		expect(destination).toEqual(expect.objectContaining({ sourceId: 'src_001', enabled: true, name: 'n8n: New sign-ups', settings: { sharedSecret: SECRET } }));
		const [subscription] = fake.workspace.subscriptions;
		expect(subscription).toEqual(
			expect.objectContaining({
				destinationId: destination.id,
				actionId: WEBHOOKS_ACTIONS.sendActionId,
				enabled: true,
				trigger: 'type = "track" or type = "identify"',
				settings: { url: harness.productionUrl, method: 'POST', data: { '@path': '$.' }, enable_batching: false },
			}),
		);
		const subscriptionCall = publicApiCalls(fake).at(-1)!;
		expect(subscriptionCall.headers['content-type']).toBe('application/vnd.segment.v1alpha+json');
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual({
			destinationId: destination.id,
			subscriptionId: subscription.id,
			webhookUrl: harness.productionUrl,
			fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		// A digest of the set-up, never the secret itself.
		expect(JSON.stringify(harness.staticData)).not.toContain(SECRET);
	});

	test('events sent to the source then start the workflow, signed, one item per event, filtered by type', async () => {
		await harness.activate();
		await sendToSource([
			{ type: 'identify', userId: 'user-7', messageId: 'm-identify', traits: { email: 'grace@example.com' } },
			{ type: 'track', userId: 'user-7', messageId: 'm-signup', event: 'Signed Up', properties: { plan: 'pro' } },
			{ type: 'page', userId: 'user-7', messageId: 'm-page', name: 'Home' },
		]);
		// The page view is not sent at all: the subscription's trigger lets only track and identify through.
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

describe('without a Segment Public API credential', () => {
	test('activation fails with what is missing and what it means, before anything is sent', async () => {
		harness.configure({ credentials: { segmentWebhookSecretApi: { sharedSecret: SECRET } } });
		await expect(harness.activate()).rejects.toThrow(PUBLIC_API_CREDENTIAL_MISSING);
		expect(publicApiCalls(fake)).toEqual([]);
		expect(n8nDestinations()).toEqual([]);
	});

	test("the set-up field's notice says the same", () => {
		const notice = nodeTypes.segmentWebhookTrigger.description.properties.find((property) => property.name === 'automaticSetUpNotice')!;
		expect(notice.displayName).toMatch(/^Needs a Segment Public API credential \(above\): without one, activating the workflow fails and nothing is set up in Segment/);
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

describe('Webhooks (Actions) in the catalog', () => {
	test('when the lookup by ID fails, the catalog is paged for its slug', async () => {
		fake.faults = ({ path }) => (path.startsWith('/catalog/destinations/') ? { kind: 'status', status: 404 } : undefined);
		await harness.activate();
		const calls = publicApiCalls(fake).map((call) => `${call.method} ${new URL(call.path, 'http://x').pathname}`);
		// Found on the catalog's second page.
		expect(calls.slice(0, 3)).toEqual([`GET /catalog/destinations/${WEBHOOKS_ACTIONS.metadataId}`, 'GET /catalog/destinations', 'GET /catalog/destinations']);
		expect(n8nDestinations()).toHaveLength(1);
	});
});

describe('filters go into the subscription, so Segment sends only what the workflow wants', () => {
	test('Include and Exclude Events become FQL, quoted as FQL reads strings, and Segment sends nothing else', async () => {
		harness.configure({ parameters: { ...automatic, messageTypes: ['track', 'identify'], includeEvents: 'Signed Up, Order "Big" Completed', excludeEvents: "Test's Event" } });
		await harness.activate();
		const [subscription] = fake.workspace.subscriptions;
		expect(subscription.trigger).toBe(`(type = "track" and (event = "Signed Up" or event = 'Order "Big" Completed') and event != "Test's Event") or type = "identify"`);
		await sendToSource([
			{ type: 'track', userId: 'u1', messageId: 'm-signup', event: 'Signed Up' },
			{ type: 'track', userId: 'u1', messageId: 'm-scrolled', event: 'Page Scrolled' },
			{ type: 'track', userId: 'u1', messageId: 'm-big', event: 'Order "Big" Completed' },
			{ type: 'identify', userId: 'u1', messageId: 'm-identify', traits: { plan: 'pro' } },
			{ type: 'page', userId: 'u1', messageId: 'm-page', name: 'Home' },
		]);
		expect(fake.webhookDeliveries.flatMap((delivery) => delivery.messageIds).sort()).toEqual(['m-big', 'm-identify', 'm-signup']);
		expect(harness.executions.flatMap((execution) => execution.collected.map((event) => event.messageId)).sort()).toEqual(['m-big', 'm-identify', 'm-signup']);
	});

	test('a name FQL cannot write (both kinds of quote) is not pushed down: Segment sends all track events, the node keeps only the wanted ones', async () => {
		harness.configure({ parameters: { ...automatic, messageTypes: ['track'], includeEvents: `He said "it's done"` } });
		await harness.activate();
		expect(fake.workspace.subscriptions[0].trigger).toBe('type = "track"');
		await sendToSource([
			{ type: 'track', userId: 'u1', messageId: 'm-said', event: `He said "it's done"` },
			{ type: 'track', userId: 'u1', messageId: 'm-other', event: 'Other' },
		]);
		expect(harness.executions.flatMap((execution) => execution.collected.map((event) => event.messageId))).toEqual(['m-said']);
	});
});

describe('Segment Sends Batches, set up automatically', () => {
	const batching = { ...automatic, messageTypes: ['track'], acceptBatches: true, batchSize: 50 };

	test('batching, the batch size and the Authorization header go into the subscription; a token is made and kept when the credential has none', async () => {
		harness.configure({ parameters: batching });
		await harness.activate();
		const state = harness.staticData['node:Segment Webhook Trigger'] as Record<string, string>;
		expect(state.generatedRequestToken).toMatch(/^[0-9a-f]{64}$/);
		expect(fake.workspace.subscriptions[0].settings).toEqual({
			url: harness.productionUrl,
			method: 'POST',
			data: { '@path': '$.' },
			enable_batching: true,
			batch_size: 50,
			headers: { Authorization: `Bearer ${state.generatedRequestToken}` },
		});
	});

	test('120 events reach n8n as three batches, three executions, each event once', async () => {
		harness.configure({ parameters: batching });
		await harness.activate();
		await sendToSource(Array.from({ length: 120 }, (_, n) => ({ type: 'track', userId: `u${n}`, messageId: `m-${n}`, event: 'Signed Up' })));
		expect(fake.webhookDeliveries.map((delivery) => [delivery.status, delivery.messageIds.length])).toEqual([
			[200, 50],
			[200, 50],
			[200, 20],
		]);
		expect(harness.executions.map((execution) => execution.collected.length).sort()).toEqual([20, 50, 50]);
		expect(new Set(harness.executions.flatMap((execution) => execution.collected.map((event) => event.messageId))).size).toBe(120);
	});

	test("the credential's request token is used when it has one, and never kept in static data", async () => {
		const token = ['credential', 'request', 'token'].join('-');
		harness.configure({ parameters: batching, credentials: { ...publicApiCredentials(fake.url), segmentWebhookSecretApi: { sharedSecret: SECRET, requestToken: token } } });
		await harness.activate();
		expect((fake.workspace.subscriptions[0].settings.headers as Record<string, string>).Authorization).toBe(`Bearer ${token}`);
		expect(JSON.stringify(harness.staticData)).not.toContain(token);
		await sendToSource([{ type: 'track', userId: 'u1', messageId: 'm1', event: 'Signed Up' }]);
		expect(harness.executions).toHaveLength(1);
	});
});

describe('a credential changed while the workflow is active is pushed to Segment, and no delivery is lost', () => {
	test('a rotated secret: the delivery Segment signed with the old one gets a 503, Segment now has the new one, and its retry starts the workflow', async () => {
		await harness.activate();
		const [destination] = n8nDestinations();
		harness.configure({ credentials: { ...publicApiCredentials(fake.url), segmentWebhookSecretApi: { sharedSecret: ROTATED } } });
		fake.clearRecords();
		await sendToSource([{ type: 'track', userId: 'u1', messageId: 'm-after-rotation', event: 'Signed Up' }]);
		expect(destination.settings).toEqual({ sharedSecret: ROTATED });
		expect(fake.webhookDeliveries.map((delivery) => delivery.attempts)).toEqual([[503, 200]]);
		expect(harness.executions.map((execution) => execution.collected.map((event) => event.messageId))).toEqual([['m-after-rotation']]);
		const changes = publicApiCalls(fake).filter((call) => call.method === 'PATCH').map((call) => call.path);
		expect(changes).toEqual([`/destinations/${destination.id}`, `/destinations/${destination.id}/subscriptions/${fake.workspace.subscriptions[0].id}`]);
		expect(n8nDestinations()).toHaveLength(1);
		expect(logs).toEqual([{ level: 'warn', message: expect.stringContaining('answered 503: The trigger\'s credential changed and Segment now has the new secret') }]);
		// The next delivery is signed with the new secret at once; Segment is not asked again.
		fake.clearRecords();
		await sendToSource([{ type: 'track', userId: 'u1', messageId: 'm-next', event: 'Signed Up' }]);
		expect(fake.webhookDeliveries.map((delivery) => delivery.attempts)).toEqual([[200]]);
		expect(publicApiCalls(fake)).toEqual([]);
	});

	test('a secret rotated, then the workflow activated again (n8n restarted): the destination is updated in place, not made twice', async () => {
		await harness.activate();
		const [destination] = n8nDestinations();
		harness.configure({ credentials: { ...publicApiCredentials(fake.url), segmentWebhookSecretApi: { sharedSecret: ROTATED } } });
		fake.clearRecords();
		await harness.activate('init');
		expect(publicApiCalls(fake).map((call) => call.method)).toEqual(['GET', 'PATCH', 'PATCH']);
		expect(n8nDestinations().map((candidate) => candidate.id)).toEqual([destination.id]);
		expect(destination.settings).toEqual({ sharedSecret: ROTATED });
		await sendToSource([{ type: 'track', userId: 'u1', messageId: 'm1', event: 'Signed Up' }]);
		expect(fake.webhookDeliveries.map((delivery) => delivery.attempts)).toEqual([[200]]);
	});

	test('a filter changed and the workflow published again: the trigger is updated in place', async () => {
		await harness.activate();
		harness.configure({ parameters: { ...automatic, messageTypes: ['identify'] } });
		await harness.activate('update');
		expect(fake.workspace.subscriptions.map((subscription) => subscription.trigger)).toEqual(['type = "identify"']);
		expect(n8nDestinations()).toHaveLength(1);
	});

	test('another source: the destination is replaced on the new one', async () => {
		await harness.activate();
		harness.configure({ parameters: { ...automatic, sourceId: picked('src_002') } });
		await harness.activate('update');
		expect(n8nDestinations().map((destination) => destination.sourceId)).toEqual(['src_002']);
		expect(fake.workspace.subscriptions).toHaveLength(1);
	});

	test('when Segment cannot be updated, the delivery gets a 500 (Segment sends it again later) and the cause is logged', async () => {
		await harness.activate();
		harness.configure({ credentials: { ...publicApiCredentials(fake.url), segmentWebhookSecretApi: { sharedSecret: ROTATED } } });
		fake.faults = ({ method }) => (method === 'PATCH' ? { kind: 'status', status: 422 } : undefined);
		const body = JSON.stringify({ type: 'track', userId: 'u', messageId: 'm', event: 'Signed Up' });
		const answer = await harness.post(body, { 'content-type': 'application/json', 'x-signature': segmentSignature(SECRET, JSON.parse(body)) });
		expect(answer).toEqual({ status: 500, body: { error: 'The delivery could not be taken now; send it again later' } });
		expect(logs.at(-1)?.message).toContain("Segment's Public API answered 422");
	}, 30_000);
});

describe('fail closed', () => {
	test('set up automatically, with the secret gone from the static data: every delivery is refused (401) and logged, never let through unchecked', async () => {
		harness.configure({ credentials: publicApiCredentials(fake.url) });
		await harness.activate();
		const state = harness.staticData['node:Segment Webhook Trigger'] as Record<string, string>;
		delete state.generatedSecret;
		const body = JSON.stringify({ type: 'track', userId: 'u', messageId: 'm', event: 'Signed Up' });
		const answer = await harness.post(body);
		expect(answer.status).toBe(401);
		expect((answer.body as { error: string }).error).toContain('No shared secret is known for the automatic set-up');
		expect(harness.executions).toEqual([]);
		expect(logs).toEqual([{ level: 'error', message: expect.stringContaining('answered 401, and Segment does not send it again: No shared secret is known') }]);
	});

	test('before activation made a secret (static data not saved yet): refused too', async () => {
		harness.configure({ credentials: publicApiCredentials(fake.url) });
		const body = JSON.stringify({ type: 'track', userId: 'u', messageId: 'm', event: 'Signed Up' });
		expect((await harness.post(body)).status).toBe(401);
	});
});

describe('Listen for test event', () => {
	test('sets nothing up in Segment, so nothing can stay behind', async () => {
		const listening = await harness.listenForTestEvent();
		expect(publicApiCalls(fake)).toEqual([]);
		await listening.stop();
		expect(publicApiCalls(fake)).toEqual([]);
		expect(n8nDestinations()).toEqual([]);
	});

	test("stopping a test listen while the workflow is active leaves the production destination alone, though n8n hands it a copy of the workflow's static data", async () => {
		await harness.activate();
		const [destination] = n8nDestinations();
		const listening = await harness.listenForTestEvent();
		expect(listening.staticData['node:Segment Webhook Trigger']).toEqual(expect.objectContaining({ destinationId: destination.id }));
		await listening.stop();
		expect(n8nDestinations().map((candidate) => candidate.id)).toEqual([destination.id]);
		await sendToSource([{ type: 'track', userId: 'u1', messageId: 'm1', event: 'Signed Up' }]);
		expect(harness.executions).toHaveLength(1);
	});
});
