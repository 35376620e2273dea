/**
 * The local playground: the fake Segment service and a real n8n on localhost with this
 * package installed, every credential pointing at the fake, and the example workflows
 * imported. Open the printed address and try every operation without a Segment account.
 *
 *   npm run dev        (Ctrl-C stops both)
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { FakeSegment } from '../test/support/fakeSegment';
import { credentialsFile, e2eFakeSegment, E2E_WEBHOOK_SECRET, E2E_WRITE_KEY, importWorkflow } from './n8n/e2eFixtures';
import { cacheDir, ensureN8n, prepareN8nHome, publishWorkflow, runN8nOrThrow, startN8n } from './n8n/localN8n';
import { setUpOwner } from './n8n/rest';
import { EXAMPLE_FILES, readExample } from './n8n/workflows';

export const PLAYGROUND_LOGIN = { email: 'playground@example.com', password: 'Playground1' };
const FAKE_PORT = Number(process.env.FAKE_SEGMENT_PORT ?? 4318);
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);

// n8n 1.x keeps static data only for workflow IDs of at most 16 characters (its own are 16).
const playgroundId = (key: string) => `ex${key[0].toUpperCase()}${key.slice(1)}`.slice(0, 16);

export async function startPlayground(log = console.log) {
	await ensureN8n();
	const fake = await e2eFakeSegment().start(FAKE_PORT);
	try {
		return await startAround(fake, log);
	} catch (error) {
		// The fake's port must be free for the next try.
		await fake.stop();
		throw error;
	}
}

async function startAround(fake: FakeSegment, log: (text: string) => void) {
	const userFolder = join(cacheDir, 'playground');
	const fresh = !existsSync(join(userFolder, '.n8n', 'database.sqlite'));
	mkdirSync(userFolder, { recursive: true });
	const home = prepareN8nHome(userFolder, N8N_PORT);
	// Credentials every time, so that they point at this run's fake; examples only once, so
	// that changes made to them in the playground stay.
	await runN8nOrThrow(home, ['import:credentials', `--input=${credentialsFile(userFolder, fake.url)}`]);
	if (fresh) {
		for (const [key, file] of Object.entries(EXAMPLE_FILES)) {
			await importWorkflow(home, userFolder, { ...readExample(file), id: playgroundId(key) });
		}
		// Active from the start, so that Segment (the fake) can send it events.
		await publishWorkflow(home, playgroundId('webhookTrigger'));
	}
	// Something to look up: a customer with traits, events and an account.
	const send = (batch: unknown[]) =>
		fetch(`${fake.url}/v1/batch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString('base64')}` },
			body: JSON.stringify({ batch }),
		});
	const now = Date.now();
	await send([
		{ type: 'identify', userId: 'user-1001', messageId: `seed-identify-${now}`, traits: { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' } },
		{ type: 'group', userId: 'user-1001', groupId: 'acme', messageId: `seed-group-${now}`, traits: { name: 'Acme Inc' } },
		...[3, 2, 1].map((days) => ({
			type: 'track',
			userId: 'user-1001',
			event: 'Order Completed',
			messageId: `seed-order-${days}-${now}`,
			timestamp: new Date(now - days * 86_400_000).toISOString(),
			properties: { total: 10 * days },
		})),
	]);
	// As if set up by hand in Segment: the first source's Webhooks destination sends its
	// events, signed, to the real-time example's production URL.
	const trigger = readExample(EXAMPLE_FILES.webhookTrigger).nodes.find((node) => node.type === 'n8n-nodes-segment.segmentWebhookTrigger')!;
	fake.workspace.addWebhookDestination('src_001', `${home.env.WEBHOOK_URL}webhook/${String(trigger.webhookId)}/webhook`, E2E_WEBHOOK_SECRET);
	// Something for Delivery Overview and the Segment Workspace Trigger to show: a little
	// traffic every half minute, and a destination of src_001 that fails one event in three.
	fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx', everyNth: 3 });
	const n8n = await startN8n(home);
	let tick = 0;
	const traffic = setInterval(() => {
		tick++;
		const batch = ['Order Completed', 'Product Viewed', 'Signed Up'].map((event, n) => ({ type: 'track', userId: `user-${1000 + ((tick + n) % 7)}`, event, messageId: `traffic-${now}-${tick}-${n}` }));
		send(batch).catch(() => undefined);
	}, 30_000);
	if (fresh) {
		const status = await setUpOwner(n8n.url, PLAYGROUND_LOGIN);
		if (status !== 200) log(`Owner set-up answered ${status}: sign up in the browser instead.`);
	}
	log(`\nn8n:            ${n8n.url}  (sign in as ${PLAYGROUND_LOGIN.email} / ${PLAYGROUND_LOGIN.password})`);
	log(`Fake Segment:   ${fake.url}  (every credential points here; nothing leaves this machine)`);
	log(`Examples:       ${Object.values(EXAMPLE_FILES).join(', ')}`);
	log('Real time:      npm run build:tools && node .build/scripts/sendEvent.js   sends a Signed Up event to the fake, which');
	log('                passes it on, signed, to the (active) Segment Webhook Trigger example');
	log('Traffic:        3 events every 30 s to src_001; its destination dst_001 fails one in three (Delivery Overview, the Workspace Trigger)');
	const stop = async () => {
		clearInterval(traffic);
		n8n.child.kill();
		await fake.stop();
	};
	return { fake, n8n, stop };
}

if (require.main === module) {
	startPlayground()
		.then(({ stop, fake }) => {
			console.log('\nCtrl-C stops both. Requests the fake receives are printed below.\n');
			let shownRequests = 0;
			const shownDeliveries = new Set<unknown>();
			const timer = setInterval(() => {
				for (const request of fake.requests.slice(shownRequests)) console.log(`fake Segment ← ${request.method} ${request.path} (${request.status})`);
				shownRequests = fake.requests.length;
				for (const delivery of fake.webhookDeliveries) {
					if (shownDeliveries.has(delivery) || (delivery.status === undefined && delivery.error === undefined)) continue;
					shownDeliveries.add(delivery);
					console.log(`fake Segment → POST ${delivery.url} (${delivery.status ?? delivery.error}, signed: ${delivery.signature ? 'yes' : 'no'})`);
				}
			}, 1_000);
			process.on('SIGINT', () => {
				clearInterval(timer);
				void stop().then(() => process.exit(0));
			});
		})
		.catch((error: unknown) => {
			console.error(error);
			process.exit(1);
		});
}
