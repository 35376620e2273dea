import type { FakeSegment } from '../../test/support/fakeSegment';
import { segmentSignature } from '../../test/support/webhookDelivery';
import { check, waitFor } from './checks';
import { delivered, E2E_REQUEST_TOKEN, E2E_WEBHOOK_SECRET, e2eCredentials, postTrack, postTracks } from './e2eFixtures';
import { activateWorkflow, deactivateWorkflow, executionsOf, updateCredential } from './rest';
import type { WorkflowFile } from './workflows';

export const E2E_AUTOMATIC_WEBHOOK_ID = '7a21c4e8-0006-4c3b-9f10-0000000000b2';

function signUp(n: number) {
	return { type: 'track', event: 'Signed Up', userId: `user-hook-${n}`, messageId: `hook-msg-${n}`, timestamp: new Date().toISOString(), properties: { plan: n % 2 ? 'pro' : 'free' } };
}

async function postDelivery(url: string, body: string, signature?: string, authorization?: string): Promise<number> {
	const headers = { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}), ...(authorization ? { authorization } : {}) };
	const response = await fetch(url, { method: 'POST', headers, body });
	await response.arrayBuffer();
	return response.status;
}

const identified = (fake: FakeSegment, userId: string) => delivered(fake, (m) => m.type === 'identify' && m.userId === userId);

/** The Segment Webhook Trigger in a running n8n: signed, forged, repeated and batched deliveries, the automatic set-up and a rotated secret. */
export async function checkWebhookTrigger(fake: FakeSegment, n8nUrl: string, cookie: string, example: WorkflowFile): Promise<void> {
	console.log("\nSegment Webhook Trigger, set up by hand: deliveries POSTed to n8n's production webhook");
	const webhookId = example.nodes.find((node) => node.type === 'n8n-nodes-segment.segmentWebhookTrigger')!.webhookId as string;
	const hookUrl = `${n8nUrl}/webhook/${webhookId}/webhook`;
	const one = JSON.stringify(signUp(1));
	const sign = (data: unknown) => segmentSignature(E2E_WEBHOOK_SECRET, data);
	check('a signed sign-up is answered 200', (await postDelivery(hookUrl, one, sign(JSON.parse(one)))) === 200);
	check('…and starts the workflow: the user is identified back in Segment', await waitFor(() => identified(fake, 'user-hook-1').length === 1, 30_000));
	const traits = identified(fake, 'user-hook-1')[0]?.message.traits as Record<string, unknown> | undefined;
	check('with the plan from the event', traits?.plan === 'pro' && traits?.welcomed === true, JSON.stringify(traits));
	const forged = JSON.stringify(signUp(2));
	check('a forged delivery (wrong signature) is refused with 401', (await postDelivery(hookUrl, forged, segmentSignature('not-the-secret', signUp(2)))) === 401);
	check('an unsigned delivery is refused with 401', (await postDelivery(hookUrl, forged)) === 401);
	check('the same delivery again is answered 200 (Segment retries)', (await postDelivery(hookUrl, one, sign(JSON.parse(one)))) === 200);
	// Segment signs only the first event of a batch: a captured delivery with forged events behind it.
	const forgedBatch = [signUp(1), signUp(3), signUp(4)];
	check('a forged batch (a captured signed event, forged ones behind it) is refused with 400: this trigger takes no batches', (await postDelivery(hookUrl, JSON.stringify(forgedBatch), sign(forgedBatch[0]))) === 400);
	check('a body that is not a Segment message is refused with 400', (await postDelivery(hookUrl, '{"hello":"world"}', segmentSignature(E2E_WEBHOOK_SECRET, { hello: 'world' }))) === 400);
	// n8n's N8N_PAYLOAD_SIZE_MAX is 16 MB unless set otherwise.
	const huge = JSON.stringify({ ...signUp(1_000), properties: { padding: 'x'.repeat(18_000_000) } });
	const tooLarge = await postDelivery(hookUrl, huge, sign(JSON.parse(huge)));
	// n8n reads the body before any node runs, and answers its own limit with a 500.
	check(`a body over n8n's payload limit (${(huge.length / 1e6).toFixed(0)} MB) is refused by n8n (500) and starts nothing`, tooLarge === 500, String(tooLarge));
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	check('the repeated delivery was dropped by Remove Duplicates: user-hook-1 identified once', identified(fake, 'user-hook-1').length === 1);
	check('neither the forged delivery nor the forged batch started anything', [2, 3, 4].every((n) => identified(fake, `user-hook-${n}`).length === 0));
	const executions = await executionsOf(n8nUrl, cookie, 'e2eHookManual');
	check('n8n recorded two executions (sign-up, repeat), both successful', executions.length === 2 && executions.every((execution) => execution.status === 'success'), JSON.stringify(executions));

	console.log('\nSegment Webhook Trigger, set up automatically through the Public API, taking batches');
	const before = fake.workspace.destinations.length;
	await activateWorkflow(n8nUrl, cookie, 'e2eHookAuto');
	// n8n 2.41 sets a trigger's webhooks up after its REST call has answered.
	await waitFor(() => fake.workspace.subscriptions.some((candidate) => String(candidate.settings.url).includes(E2E_AUTOMATIC_WEBHOOK_ID)), 30_000);
	const made = fake.workspace.destinations.at(-1)!;
	const subscription = fake.workspace.subscriptions.find((candidate) => candidate.destinationId === made.id);
	const expectedUrl = `${n8nUrl}/webhook/${E2E_AUTOMATIC_WEBHOOK_ID}/webhook`;
	check('activating added a Webhooks destination to the source, with the shared secret', fake.workspace.destinations.length === before + 1 && made.sourceId === 'src_001' && (made.settings as Record<string, unknown>).sharedSecret === E2E_WEBHOOK_SECRET);
	check(
		"…and a subscription to the workflow's production URL, for Signed Up only, batched, with the request token",
		subscription?.settings.url === expectedUrl &&
			subscription.trigger === '(type = "track" and event = "Signed Up")' &&
			subscription.settings.enable_batching === true &&
			(subscription.settings.headers as Record<string, string> | undefined)?.Authorization === `Bearer ${E2E_REQUEST_TOKEN}`,
		JSON.stringify(subscription),
	);
	const batchStart = fake.webhookDeliveries.length;
	await postTracks(fake.url, [1, 2, 3].map((n) => ({ type: 'track', userId: `user-batch-${n}`, event: 'Signed Up', properties: { plan: 'pro' } })));
	check('three sign-ups sent to the source reach n8n as one batch, with the token, and all three are identified back', await waitFor(() => [1, 2, 3].every((n) => identified(fake, `user-batch-${n}`).length === 1), 30_000));
	const batchDeliveries = fake.webhookDeliveries.slice(batchStart);
	check('…in a single delivery answered 200', batchDeliveries.length === 1 && batchDeliveries[0].messageIds.length === 3 && batchDeliveries[0].status === 200, JSON.stringify(batchDeliveries.map((delivery) => [delivery.attempts, delivery.messageIds.length])));
	const autoUrl = expectedUrl;
	const replayed = [signUp(1), signUp(5)];
	check('a forged batch without the token is refused with 401', (await postDelivery(autoUrl, JSON.stringify(replayed), sign(replayed[0]))) === 401);
	check('…and with a wrong token too', (await postDelivery(autoUrl, JSON.stringify(replayed), sign(replayed[0]), 'Bearer guessed')) === 401);

	console.log('\nThe shared secret rotated while the workflow is active');
	const rotated = ['rotated', 'e2e', 'webhook', 'secret'].join('-');
	const webhookCredential = e2eCredentials(fake.url).find((credential) => credential.type === 'segmentWebhookSecretApi')!;
	await updateCredential(n8nUrl, cookie, { ...webhookCredential, data: { ...webhookCredential.data, sharedSecret: rotated } });
	const rotationStart = fake.webhookDeliveries.length;
	await postTrack(fake.url, { type: 'track', userId: 'user-rotated-1', event: 'Signed Up', properties: { plan: 'pro' } });
	check('the next sign-up still reaches n8n and is identified back', await waitFor(() => identified(fake, 'user-rotated-1').length === 1, 30_000));
	const rotation = fake.webhookDeliveries.slice(rotationStart);
	check(
		'Segment first got a 503 for what it signed with the old secret, now has the new one, and its retry was taken',
		rotation.length === 1 && rotation[0].attempts.join() === '503,200' && (made.settings as Record<string, unknown>).sharedSecret === rotated,
		JSON.stringify(rotation.map((delivery) => delivery.attempts)),
	);
	const after = fake.webhookDeliveries.length;
	await postTrack(fake.url, { type: 'track', userId: 'user-rotated-2', event: 'Signed Up', properties: { plan: 'pro' } });
	check('the one after is taken at once', (await waitFor(() => identified(fake, 'user-rotated-2').length === 1, 30_000)) && fake.webhookDeliveries.slice(after).every((delivery) => delivery.attempts.join() === '200'));
	await updateCredential(n8nUrl, cookie, webhookCredential);

	await deactivateWorkflow(n8nUrl, cookie, 'e2eHookAuto');
	await waitFor(() => !fake.workspace.destinations.some((destination) => destination.id === made.id), 30_000);
	check('deactivating removed exactly that destination', fake.workspace.destinations.length === before && !fake.workspace.destinations.some((destination) => destination.id === made.id) && !fake.workspace.subscriptions.some((candidate) => candidate.destinationId === made.id));
}
