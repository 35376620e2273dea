import type { FakeSegment } from '../../test/support/fakeSegment';
import { segmentSignature } from '../../test/support/webhookDelivery';
import { check, waitFor } from './checks';
import { delivered, E2E_WEBHOOK_SECRET, postTrack } from './e2eFixtures';
import type { WorkflowFile } from './workflows';

/**
 * The churn example, published in the running n8n: Engage sends the churn_risk audience
 * to a Webhooks destination set up by hand with the workflow's production URL, and a
 * person entering it makes the workflow record a CRM task back in Segment.
 */
export async function checkAudienceChanges(fake: FakeSegment, n8nUrl: string, example: WorkflowFile): Promise<void> {
	console.log("\nSegment Webhook Trigger, Audience Changes: Engage sends churn_risk to the production URL");
	const webhookId = example.nodes.find((node) => node.type === 'n8n-nodes-segment.segmentWebhookTrigger')!.webhookId as string;
	const churn = fake.workspace.engage.audiences.find((audience) => audience.key === 'churn_risk')!;
	// Added to the Engage space in Segment's app, its Send mapping at the production URL.
	const destination = fake.workspace.addEngageWebhookDestination(churn.spaceId, `${n8nUrl}/webhook/${webhookId}/webhook`, E2E_WEBHOOK_SECRET);
	fake.workspace.engage.connect(churn.id, String(destination.id), 'track');
	const start = fake.webhookDeliveries.length;
	await postTrack(fake.url, { type: 'identify', userId: 'user-churn-1', traits: { churn_score: 91, email: 'erin@example.com' } });
	const recorded = () => delivered(fake, (message) => message.type === 'track' && message.event === 'CRM Task Created' && message.userId === 'user-churn-1');
	check('user-churn-1 entering churn_risk started the workflow: its CRM task was recorded in Segment', await waitFor(() => recorded().length === 1, 30_000));
	await waitFor(() => fake.webhookDeliveries.slice(start).every((candidate) => candidate.status !== undefined), 30_000);
	check(
		'Engage sent the entry once per identifier (user ID, email); n8n started the workflow once',
		fake.webhookDeliveries.slice(start).length === 2 && fake.webhookDeliveries.slice(start).every((candidate) => candidate.status === 200) && recorded().length === 1,
		`${fake.webhookDeliveries.slice(start).length} deliveries, ${recorded().length} tasks`,
	);
	const [delivery] = fake.webhookDeliveries.slice(start);
	check(
		'…from one Audience Entered delivery, signed and answered 200',
		delivery !== undefined && JSON.parse(delivery.body).event === 'Audience Entered' && delivery.signature === segmentSignature(E2E_WEBHOOK_SECRET, JSON.parse(delivery.body)) && delivery.status === 200,
		JSON.stringify(delivery?.attempts),
	);
	const properties = recorded()[0]?.message.properties as Record<string, unknown> | undefined;
	check('the task names the reason', properties?.reason === 'churn_risk' && String(properties?.task_id).startsWith('task-engage-'), JSON.stringify(properties));
	const before = recorded().length;
	await postTrack(fake.url, { type: 'identify', userId: 'user-churn-1', traits: { churn_score: 10 } });
	await waitFor(() => fake.webhookDeliveries.length > start + 1 && fake.webhookDeliveries.slice(start + 1).every((candidate) => candidate.status !== undefined), 30_000);
	await new Promise((resolve) => setTimeout(resolve, 2_000));
	check('leaving it reaches n8n too, and makes no task', fake.webhookDeliveries.at(-1)?.status === 200 && JSON.parse(fake.webhookDeliveries.at(-1)!.body).event === 'Audience Exited' && recorded().length === before);
}
