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
import { credentialsFile, e2eFakeSegment, importWorkflow } from './n8n/e2eFixtures';
import { seedPlaygroundData, startPlaygroundTraffic } from './n8n/playgroundData';
import { cacheDir, ensureN8n, prepareN8nHome, publishWorkflow, runN8nOrThrow, startN8n } from './n8n/localN8n';
import { setUpOwner } from './n8n/rest';
import { AI_EXAMPLE_FILES, EXAMPLE_FILES, exampleWorkflowId, readExample } from './n8n/workflows';

export const PLAYGROUND_LOGIN = { email: 'playground@example.com', password: 'Playground1' };
const FAKE_PORT = Number(process.env.FAKE_SEGMENT_PORT ?? 4318);
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);


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
		for (const [key, file] of Object.entries({ ...EXAMPLE_FILES, ...AI_EXAMPLE_FILES })) {
			await importWorkflow(home, userFolder, { ...readExample(file), id: exampleWorkflowId(key) });
		}
		// Active from the start, so that Segment (the fake) can send it events, and an MCP client can connect.
		await publishWorkflow(home, exampleWorkflowId('webhookTrigger'));
		await publishWorkflow(home, exampleWorkflowId('mcpServer'));
	}
	await seedPlaygroundData(fake, String(home.env.WEBHOOK_URL));
	const n8n = await startN8n(home);
	const stopTraffic = startPlaygroundTraffic(fake);
	if (fresh) {
		const status = await setUpOwner(n8n.url, PLAYGROUND_LOGIN);
		if (status !== 200) log(`Owner set-up answered ${status}: sign up in the browser instead.`);
	}
	log(`\nn8n:            ${n8n.url}  (sign in as ${PLAYGROUND_LOGIN.email} / ${PLAYGROUND_LOGIN.password})`);
	log(`Fake Segment:   ${fake.url}  (every credential points here; nothing leaves this machine)`);
	log(`Examples:       ${Object.values({ ...EXAMPLE_FILES, ...AI_EXAMPLE_FILES }).join(', ')}`);
	log(`MCP server:     ${n8n.url}/mcp/segment  (the Segment MCP server example, active: point an MCP client at it)`);
	log('Real time:      npm run build:tools && node .build/scripts/sendEvent.js   sends a Signed Up event to the fake, which');
	log('                passes it on, signed, to the (active) Segment Webhook Trigger example');
	log('Traffic:        3 events every 30 s to src_001; its destination dst_001 fails one in three (Delivery Overview, the Workspace Trigger)');
	const stop = async () => {
		stopTraffic();
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
