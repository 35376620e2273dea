/**
 * Sends a Signed Up track event to the playground's fake Segment with the playground's
 * write key. The fake passes it on, signed with the shared secret, to the Segment Webhook
 * Trigger example, as Segment's Webhooks destination would.
 *
 *   node .build/scripts/sendEvent.js [userId] [plan]       (while npm run dev runs)
 */
import { randomUUID } from 'node:crypto';

import { E2E_WRITE_KEY } from './n8n/e2eFixtures';

const FAKE_URL = process.env.FAKE_SEGMENT_URL ?? `http://127.0.0.1:${process.env.FAKE_SEGMENT_PORT ?? 4318}`;

async function main(): Promise<void> {
	const userId = process.argv[2] ?? `user-${Math.floor(Math.random() * 9_000) + 1_000}`;
	const message = {
		type: 'track',
		event: 'Signed Up',
		userId,
		messageId: randomUUID(),
		timestamp: new Date().toISOString(),
		properties: { plan: process.argv[3] ?? 'pro', source: 'playground' },
	};
	const response = await fetch(`${FAKE_URL}/v1/batch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString('base64')}` },
		body: JSON.stringify({ batch: [message] }),
	});
	console.log(`fake Segment answered ${response.status}: Signed Up for ${userId} (messageId ${message.messageId})`);
	console.log('It now sends it to the Segment Webhook Trigger example; see the executions in n8n, and the identify it sends back.');
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
