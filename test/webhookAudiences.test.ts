import { request as httpRequest } from 'node:http';

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
		// The Engage space's own destination: only what Engage sends reaches it.
		const destination = fake.workspace.addEngageWebhookDestination(SPACE_ID, harness.productionUrl, SECRET);
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
				computationClass: 'audience',
				audienceType: 'users',
				userId: 'ada',
				anonymousId: null,
				groupId: null,
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

describe('one change of one person, one execution', () => {
	// Ada has a user ID and two emails: Engage sends each change once per identifier.
	const ada = [
		{ type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } },
		{ type: 'identify', userId: 'ada', traits: { email: 'ada@work.example' } },
	];

	test('Engage sends her entry three times; the workflow starts once, and again for her exit', async () => {
		await startHarness({ mode: 'audienceChanges', setUp: 'manual' });
		const destination = fake.workspace.addEngageWebhookDestination(SPACE_ID, harness.productionUrl, SECRET);
		fake.workspace.engage.connect(churn().id, destination.id);
		await send(ada.map((message) => ({ ...message, traits: { ...message.traits, churn_score: 88 } })));
		expect(fake.webhookDeliveries.length).toBe(3);
		expect(harness.executions).toHaveLength(1);
		await send([{ type: 'identify', userId: 'ada', traits: { churn_score: 10 } }]);
		expect(items().map((item) => item.entered)).toEqual([true, false]);
	});

	test("Engage's calls for one change arriving side by side, each with the static data as it was: still one execution", async () => {
		await startHarness({ mode: 'audienceChanges', setUp: 'manual' });
		const personas = { computation_class: 'audience', computation_key: 'churn_risk', computation_id: churn().id, space_id: SPACE_ID };
		const calls = ['ada@example.com', 'ada@work.example', undefined].map((email, n) => ({
			type: 'identify',
			userId: 'ada',
			messageId: `engage-side-by-side-${n}`,
			traits: { churn_risk: true, ...(email ? { email } : {}) },
			context: { personas },
		}));
		// Each on a connection of its own, as Engage sends them: n8n takes them side by side.
		const post = (call: Record<string, unknown>) =>
			new Promise<number>((resolve, reject) => {
				const body = JSON.stringify(call);
				const request = httpRequest(harness.productionUrl, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-signature': segmentSignature(SECRET, call) } }, (response) => {
					response.resume();
					response.on('end', () => resolve(response.statusCode ?? 0));
				});
				request.on('error', reject);
				request.end(body);
			});
		expect(await Promise.all(calls.map(post))).toEqual([200, 200, 200]);
		await harness.settled();
		expect(harness.executions).toHaveLength(1);
	});

	test('when her profile gains an ID, Engage sends the audience again: no new execution', async () => {
		await startHarness({ mode: 'audienceChanges', setUp: 'manual' });
		const destination = fake.workspace.addEngageWebhookDestination(SPACE_ID, harness.productionUrl, SECRET);
		fake.workspace.engage.connect(churn().id, destination.id);
		await send([{ type: 'identify', userId: 'ada', traits: { churn_score: 88 } }]);
		const before = fake.webhookDeliveries.length;
		await send([{ type: 'identify', userId: 'ada', traits: { email: 'ada@new.example' } }]);
		expect(fake.webhookDeliveries.length).toBeGreaterThan(before);
		expect(harness.executions).toHaveLength(1);
	});

	test('One Execution per Change off: every call Engage sends starts the workflow', async () => {
		await startHarness({ mode: 'audienceChanges', setUp: 'manual', oneExecutionPerChange: false });
		const destination = fake.workspace.addEngageWebhookDestination(SPACE_ID, harness.productionUrl, SECRET);
		fake.workspace.engage.connect(churn().id, destination.id);
		await send(ada.map((message) => ({ ...message, traits: { ...message.traits, churn_score: 88 } })));
		expect([fake.webhookDeliveries.length, harness.executions.length]).toEqual([3, 3]);
	});
});

describe('Audience Changes, set up automatically: on the Engage destination the user added in Segment\'s app', () => {
	let engageDestination: Record<string, unknown>;
	const automatic = () => ({ mode: 'audienceChanges', setUp: 'automatic', engageDestinationId: picked(String(engageDestination.id)), spaceId: picked(SPACE_ID), audienceId: picked(vip().id) });
	const startAutomatic = async () => {
		await startHarness({});
		// Engage → Engage settings → Destinations → Add destination → Webhooks (Actions), in Segment's app.
		engageDestination = fake.workspace.addEngageWebhookDestination(SPACE_ID);
		harness.configure({ parameters: automatic() });
	};

	test("activating gives the Engage destination the secret and a mapping to this workflow, connects the audience as Segment's SDK says (type destination), and activates it", async () => {
		await startAutomatic();
		await harness.activate();
		const base = `/spaces/${SPACE_ID}/audiences/${vip().id}`;
		const connection = fake.workspace.engage.connections[0];
		expect(publicApiCalls(fake).map((call) => `${call.method} ${call.path}`)).toEqual([
			`GET /destinations/${String(engageDestination.id)}`,
			`GET /catalog/destinations/${WEBHOOKS_ACTIONS.metadataId}`,
			`PATCH /destinations/${String(engageDestination.id)}`,
			`POST /destinations/${String(engageDestination.id)}/subscriptions`,
			`POST ${base}/destination-connections`,
			`POST ${base}/destination-connections/${connection.id}/activations`,
		]);
		expect(JSON.parse(publicApiCalls(fake)[4].body)).toEqual({ destination: { id: engageDestination.id, type: 'destination' } });
		expect(JSON.parse(publicApiCalls(fake)[5].body)).toEqual({
			enabled: true,
			performResync: false,
			activationType: 'Audience Membership Changed',
			activationName: 'n8n: Churn alerts',
			personalization: { profile: { properties: ['email'] } },
		});
		expect(publicApiCalls(fake).slice(4).every((call) => call.headers['content-type'] === 'application/vnd.segment.v1alpha+json')).toBe(true);
		expect(fake.workspace.subscriptions[0].trigger).toBe('type = "track" or type = "identify" or type = "group"');
		expect((engageDestination.settings as Record<string, unknown>).sharedSecret).toBe(SECRET);
		// No destination of its own: the Engage one is the user's.
		expect(fake.workspace.destinations.filter((destination) => (destination.metadata as { id: string }).id === WEBHOOKS_ACTIONS.metadataId)).toHaveLength(1);
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual(
			expect.objectContaining({ destinationId: engageDestination.id, destinationOwned: false, audienceSpaceId: SPACE_ID, audienceId: vip().id, audienceActivationId: fake.workspace.engage.activations[0].id }),
		);

		await send(orders('cy', 3));
		expect(items()).toEqual([expect.objectContaining({ audienceKey: 'vip_customers', entered: true, userId: 'cy', audienceId: vip().id })]);
	});

	test('a destination on a Connections source: Segment refuses the connection, and activation fails with the step only its app can do; nothing is left behind', async () => {
		await startHarness({});
		engageDestination = fake.workspace.addWebhookDestination('src_002');
		harness.configure({ parameters: automatic() });
		const failure = await harness.activate().then(() => undefined, (error: Error & { description?: string }) => error);
		expect(failure?.message).toMatch(/^Segment did not connect the audience to the Engage destination: Segment's Public API answered 422: The destination has not been added to this Engage space/);
		expect(failure?.description).toContain("In Segment's app, add a Webhooks (Actions) destination to the Engage space first: Engage → Engage settings → Destinations → Add destination → Webhooks (Actions).");
		expect(fake.workspace.subscriptions).toEqual([]);
		expect(fake.workspace.engage.connections).toEqual([]);
	});

	test('no Engage Destination picked, or one that is not Webhooks (Actions): activation says what to add, before anything is changed', async () => {
		await startAutomatic();
		harness.configure({ parameters: { ...automatic(), engageDestinationId: picked('') } });
		await expect(harness.activate()).rejects.toThrow('Engage Destination is empty: pick the Webhooks (Actions) destination of the Engage space');
		harness.configure({ parameters: { ...automatic(), engageDestinationId: picked('dst_001') } });
		await expect(harness.activate()).rejects.toThrow('The destination Destination 001 is not a Webhooks (Actions) destination');
		expect(publicApiCalls(fake).filter((call) => call.method !== 'GET')).toEqual([]);
	});

	test('deactivating removes exactly the activation, the connection and the mapping it made, and leaves the Engage destination', async () => {
		await startAutomatic();
		const other = fake.workspace.addEngageWebhookDestination(SPACE_ID, 'https://elsewhere.example.com/hook');
		fake.workspace.engage.connect(vip().id, String(other.id));
		await harness.activate();
		fake.clearRecords();
		await harness.deactivate();
		expect(harness.staticData['node:Segment Webhook Trigger']).toEqual({});
		expect(publicApiCalls(fake).map((call) => call.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
		expect(fake.workspace.engage.connections.map((connection) => connection.destinationId)).toEqual([other.id]);
		expect(fake.workspace.engage.activations).toHaveLength(1);
		expect(fake.workspace.destinations.some((destination) => destination.id === engageDestination.id)).toBe(true);
		expect(fake.workspace.subscriptions.filter((subscription) => subscription.destinationId === engageDestination.id)).toEqual([]);
	});

	test('a workspace without the Audience feature: activation fails with what to do, and leaves no mapping behind', async () => {
		await startAutomatic();
		fake.workspace.engage.enabled = false;
		const failure = await harness.activate().then(() => undefined, (error: Error & { description?: string }) => error);
		expect(failure?.message).toBe("Segment did not connect the audience to the Engage destination: Segment's Public API answered 403: The Audience feature is not enabled for this workspace");
		expect(failure?.description).toContain('connect it by hand');
		expect(fake.workspace.subscriptions).toHaveLength(0);
		expect(logs.map((line) => line.message).join('\n')).not.toContain(SECRET);
	});

	test('picking another audience replaces the set-up when the workflow is activated again', async () => {
		await startAutomatic();
		await harness.activate();
		harness.configure({ parameters: { ...automatic(), audienceId: picked(churn().id) } });
		await harness.activate();
		expect(fake.workspace.engage.connections.map((connection) => connection.audienceId)).toEqual([churn().id]);
		expect(fake.workspace.subscriptions.filter((subscription) => subscription.destinationId === engageDestination.id)).toHaveLength(1);
	});
});
