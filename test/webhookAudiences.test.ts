import { ACCESS_TOKEN, PUBLIC_API_TOKEN, publicApiCredentials, SPACE_ID, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { captureLogs } from './support/logs';
import { picked, publicApiCalls } from './support/publicApiFixtures';
import { WEBHOOKS_ACTIONS } from './support/publicApiStore';
import { segmentSignature } from './support/webhookDelivery';
import { WebhookHarness } from './support/webhookHarness';

const SECRET = ['audience', 'hook', 'secret'].join('-');
const logs = captureLogs();

let fake: FakeSegment;
let harness: WebhookHarness;

beforeAll(async () => {
	fake = await new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, accessTokens: { [ACCESS_TOKEN]: SPACE_ID }, sourceWriteKey: WRITE_KEY }).start();
});
afterAll(async () => await fake.stop());
afterEach(async () => {
	await harness.stop();
	expect(harness.thrown).toEqual([]);
});

const vip = () => fake.workspace.engage.audiences.find((audience) => audience.key === 'vip_customers')!;
const churn = () => fake.workspace.engage.audiences.find((audience) => audience.key === 'churn_risk')!;

async function startHarness(parameters: Record<string, unknown>) {
	fake.workspace.seed();
	fake.profiles.clear();
	fake.clearRecords();
	fake.forgetMessageIds();
	harness = await new WebhookHarness({ parameters, credentials: { ...publicApiCredentials(fake.url), segmentWebhookSecretApi: { sharedSecret: SECRET } }, workflowName: 'Churn alerts' }).start();
}

/** Events to the first source (src_001); Engage computes its audiences from them and sends the changes on. */
async function send(messages: Array<Record<string, unknown>>) {
	const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items: messages, credentials: writeKeyCredentials(fake.url) });
	if (error) throw error;
	await fake.webhooksSettled();
	await harness.settled();
}

const orders = (userId: string, count: number) => Array.from({ length: count }, (_, n) => ({ type: 'track', userId, event: 'Order Completed', properties: { order_id: `${userId}-${n}` } }));
const items = () => harness.executions.flatMap((execution) => execution.collected);

describe('Audience Changes, set up by hand: the audience sent to a Webhooks destination', () => {
	test.each(['identify', 'track'] as const)('Engage sends %s calls; each entry and exit is one item of the same shape', async (shape) => {
		await startHarness({ mode: 'audienceChanges', setUp: 'manual' });
		// On another source than the events': only what Engage sends reaches it.
		const destination = fake.workspace.addWebhookDestination('src_002', harness.productionUrl, SECRET);
		fake.workspace.engage.connect(churn().id, destination.id, shape);
		await send([{ type: 'identify', userId: 'ada', traits: { churn_score: 88, email: 'ada@example.com' } }]);
		await send([{ type: 'identify', userId: 'ada', traits: { churn_score: 12 } }]);

		const [entered, left] = fake.webhookDeliveries;
		expect(JSON.parse(entered.body)).toEqual(expect.objectContaining({ type: shape, context: expect.objectContaining({ personas: expect.objectContaining({ computation_key: 'churn_risk' }) }) }));
		expect(entered.signature).toBe(segmentSignature(SECRET, JSON.parse(entered.body)));
		expect([entered.status, left.status]).toEqual([200, 200]);
		expect(items()).toEqual([
			{
				audienceKey: 'churn_risk',
				entered: true,
				userId: 'ada',
				anonymousId: null,
				email: 'ada@example.com',
				traits: shape === 'identify' ? { churn_risk: true, email: 'ada@example.com' } : { email: 'ada@example.com' },
				timestamp: expect.any(String),
				messageId: expect.stringMatching(/^engage-/),
				audienceId: churn().id,
				spaceId: SPACE_ID,
			},
			expect.objectContaining({ audienceKey: 'churn_risk', entered: false, userId: 'ada' }),
		]);
	});

	test("the source's other events and other audiences' changes start nothing; Audience Keys picks the audiences", async () => {
		await startHarness({ mode: 'audienceChanges', setUp: 'manual', audienceKeys: 'churn_risk' });
		// On the events' own source: every event reaches the trigger, as well as Engage's.
		const destination = fake.workspace.addWebhookDestination('src_001', harness.productionUrl, SECRET);
		fake.workspace.engage.connect(vip().id, destination.id);
		fake.workspace.engage.connect(churn().id, destination.id);
		await send([...orders('bo', 3), { type: 'identify', userId: 'bo', traits: { churn_score: 75, newsletter: true } }]);
		expect(fake.webhookDeliveries.every((delivery) => delivery.status === 200)).toBe(true);
		expect(fake.webhookDeliveries.length).toBe(6);
		expect(items().map((item) => [item.audienceKey, item.entered])).toEqual([['churn_risk', true]]);
	});
});

describe('Audience Changes, set up automatically', () => {
	const automatic = () => ({ mode: 'audienceChanges', setUp: 'automatic', sourceId: picked('src_002'), spaceId: picked(SPACE_ID), audienceId: picked(vip().id) });

	test('activating connects the audience to a new Webhooks destination and activates it; its changes then start the workflow', async () => {
		await startHarness({});
		harness.configure({ parameters: automatic() });
		await harness.activate();
		const destination = fake.workspace.destinations.find((candidate) => (candidate.metadata as { id: string }).id === WEBHOOKS_ACTIONS.metadataId)!;
		const base = `/spaces/${SPACE_ID}/audiences/${vip().id}`;
		const connection = fake.workspace.engage.connections[0];
		expect(publicApiCalls(fake).map((call) => `${call.method} ${call.path}`)).toEqual([
			`GET /catalog/destinations/${WEBHOOKS_ACTIONS.metadataId}`,
			'POST /destinations',
			`POST /destinations/${destination.id}/subscriptions`,
			`POST ${base}/destination-connections`,
			`POST ${base}/destination-connections/${connection.id}/activations`,
		]);
		expect(JSON.parse(publicApiCalls(fake)[3].body)).toEqual({ destination: { id: destination.id, type: 'DESTINATION' } });
		expect(JSON.parse(publicApiCalls(fake)[4].body)).toEqual({
			enabled: true,
			performResync: false,
			activationType: 'Audience Membership Changed',
			activationName: 'n8n: Churn alerts',
			personalization: { profile: { properties: ['email'] } },
		});
		expect(publicApiCalls(fake).slice(3).every((call) => call.headers['content-type'] === 'application/vnd.segment.v1alpha+json')).toBe(true);
		expect(fake.workspace.subscriptions[0].trigger).toBe('type = "track" or type = "identify"');
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual(
			expect.objectContaining({ audienceSpaceId: SPACE_ID, audienceId: vip().id, audienceActivationId: fake.workspace.engage.activations[0].id }),
		);

		await send(orders('cy', 3));
		expect(items()).toEqual([expect.objectContaining({ audienceKey: 'vip_customers', entered: true, userId: 'cy', audienceId: vip().id })]);
	});

	test('deactivating removes exactly the activation, the connection and the destination it made', async () => {
		await startHarness({});
		harness.configure({ parameters: automatic() });
		const other = fake.workspace.addWebhookDestination('src_002', 'https://elsewhere.example.com/hook');
		fake.workspace.engage.connect(vip().id, other.id);
		await harness.activate();
		fake.clearRecords();
		await harness.deactivate();
		const made = harness.staticData['node:Segment Webhook Trigger'] as Record<string, unknown>;
		expect(made).toEqual({});
		expect(publicApiCalls(fake).map((call) => call.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
		expect(fake.workspace.engage.connections.map((connection) => connection.destinationId)).toEqual([other.id]);
		expect(fake.workspace.engage.activations).toHaveLength(1);
		expect(fake.workspace.destinations.some((destination) => destination.id === other.id)).toBe(true);
	});

	test('a workspace without the Audience feature: activation fails with what to do, and leaves no destination behind', async () => {
		await startHarness({});
		harness.configure({ parameters: automatic() });
		const before = fake.workspace.destinations.length;
		fake.workspace.engage.enabled = false;
		const failure = await harness.activate().then(() => undefined, (error: Error & { description?: string }) => error);
		expect(failure?.message).toBe("Segment did not connect the audience to the Webhooks destination: Segment's Public API answered 403: The Audience feature is not enabled for this workspace");
		expect(failure?.description).toContain('connect it by hand');
		expect(fake.workspace.destinations).toHaveLength(before);
		expect(fake.workspace.subscriptions).toHaveLength(0);
		expect(logs.map((line) => line.message).join('\n')).not.toContain(SECRET);
	});

	test('picking another audience replaces the set-up when the workflow is activated again', async () => {
		await startHarness({});
		harness.configure({ parameters: automatic() });
		await harness.activate();
		harness.configure({ parameters: { ...automatic(), audienceId: picked(churn().id) } });
		await harness.activate();
		expect(fake.workspace.engage.connections.map((connection) => connection.audienceId)).toEqual([churn().id]);
		expect(fake.workspace.destinations.filter((destination) => (destination.metadata as { id: string }).id === WEBHOOKS_ACTIONS.metadataId)).toHaveLength(1);
	});
});
