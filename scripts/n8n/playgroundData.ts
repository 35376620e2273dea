import type { FakeSegment } from '../../test/support/fakeSegment';
import { E2E_WEBHOOK_SECRET, E2E_WRITE_KEY } from './e2eFixtures';
import { EXAMPLE_FILES, readExample } from './workflows';

/** A batch to the fake's first source, as an app with its write key would send it. */
async function sendToSource(fake: FakeSegment, batch: unknown[]): Promise<void> {
	const response = await fetch(`${fake.url}/v1/batch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString('base64')}` },
		body: JSON.stringify({ batch }),
	});
	if (!response.ok) throw new Error(`the fake Segment answered ${response.status} to the playground's data`);
}

/** A little traffic every half minute, for Delivery Overview and the Workspace Trigger to show; returns how to stop it. */
export function startPlaygroundTraffic(fake: FakeSegment): () => void {
	const started = Date.now();
	let tick = 0;
	const timer = setInterval(() => {
		tick++;
		const batch = ['Order Completed', 'Product Viewed', 'Signed Up'].map((event, n) => ({ type: 'track', userId: `user-${1000 + ((tick + n) % 7)}`, event, messageId: `traffic-${started}-${tick}-${n}` }));
		sendToSource(fake, batch).catch(() => undefined);
	}, 30_000);
	return () => clearInterval(timer);
}

/** The tracking plan the plan-check example names: orders with an ID, a numeric total and a known currency. */
export function addCheckoutPlan(fake: FakeSegment): void {
	const at = new Date().toISOString();
	if (!fake.workspace.trackingPlans.some((plan) => plan.id === 'tp_checkout')) {
		fake.workspace.trackingPlans.push({ id: 'tp_checkout', slug: 'checkout-events', name: 'Checkout Events', description: 'What the shop sends', type: 'LIVE', createdAt: at, updatedAt: at });
	}
	fake.workspace.rules.set('tp_checkout', [
		{
			type: 'TRACK',
			key: 'Order Completed',
			version: 1,
			jsonSchema: {
				properties: {
					properties: {
						type: 'object',
						properties: { order_id: { type: 'string' }, total: { type: 'number', minimum: 0 }, currency: { enum: ['EUR', 'USD', 'GBP'] } },
						required: ['order_id', 'total'],
					},
				},
			},
			createdAt: at,
			updatedAt: at,
		},
		{ type: 'TRACK', key: 'Checkout Started', version: 1, jsonSchema: {}, createdAt: at, updatedAt: at },
	]);
}

/**
 * What the playground's fake Segment holds, so that every example runs as shipped: the
 * customers the examples name (user-1001 with an account and orders; user-5005, a VIP),
 * the real-time example's Webhooks destination, and a destination that fails now and then.
 */
export async function seedPlaygroundData(fake: FakeSegment, webhookBaseUrl: string): Promise<void> {
	const send = async (batch: unknown[]) => await sendToSource(fake, batch);
	const now = Date.now();
	const orders = (userId: string, count: number) =>
		Array.from({ length: count }, (_, n) => ({
			type: 'track',
			userId,
			event: 'Order Completed',
			messageId: `seed-order-${userId}-${n}-${now}`,
			timestamp: new Date(now - (count - n) * 86_400_000).toISOString(),
			properties: { order_id: `ord-${userId}-${n + 1}`, total: 10 * (n + 1) },
		}));
	await send([
		{ type: 'identify', userId: 'user-1001', messageId: `seed-identify-${now}`, traits: { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' } },
		{ type: 'group', userId: 'user-1001', groupId: 'acme', messageId: `seed-group-${now}`, traits: { name: 'Acme Inc' } },
		...orders('user-1001', 3),
		// The VIP check example's campaign request names user-5005: three orders make a VIP.
		{ type: 'identify', userId: 'user-5005', messageId: `seed-identify-5005-${now}`, traits: { email: 'grace@example.com', name: 'Grace Hopper' } },
		...orders('user-5005', 3),
	]);
	// As if set up by hand in Segment: the first source's Webhooks destination sends its
	// events, signed, to the real-time example's production URL.
	const trigger = readExample(EXAMPLE_FILES.webhookTrigger).nodes.find((node) => node.type === 'n8n-nodes-segment.segmentWebhookTrigger')!;
	fake.workspace.addWebhookDestination('src_001', `${webhookBaseUrl}webhook/${String(trigger.webhookId)}/webhook`, E2E_WEBHOOK_SECRET);
	// Something for Delivery Overview and the Segment Workspace Trigger to show: a
	// destination of src_001 that fails one event in three.
	fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx', everyNth: 3 });
	addCheckoutPlan(fake);
}
