/**
 * What the end-to-end run, the queue-mode run and the playground share: the fake Segment
 * service, the credentials pointing at it, and the few things done to both.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { FakeSegment } from '../../test/support/fakeSegment';
import type { N8nHome } from './localN8n';
import { runN8nOrThrow } from './localN8n';
import type { CredentialToTest } from './rest';
import type { WorkflowFile } from './workflows';

export const E2E_WRITE_KEY = 'e2e-write-key';
// Made up for the fake service.
export const E2E_ACCESS_TOKEN = ['e2e', 'access', 'token'].join('-');
export const E2E_SPACE = 'spa_e2e';
export const E2E_PUBLIC_API_TOKEN = ['e2e', 'public', 'api', 'token'].join('-');
export const E2E_WEBHOOK_SECRET = ['e2e', 'webhook', 'shared', 'secret'].join('-');
export const E2E_REQUEST_TOKEN = ['e2e', 'webhook', 'request', 'token'].join('-');
// A throw-away owner of a throw-away n8n.
export const E2E_LOGIN = { email: 'e2e@example.com', password: ['E2e', 'owner', '1'].join('-') };

/** The fake Segment service the end-to-end runs and the playground talk to. */
export function e2eFakeSegment(): FakeSegment {
	return new FakeSegment({
		writeKeys: [E2E_WRITE_KEY],
		accessTokens: { [E2E_ACCESS_TOKEN]: E2E_SPACE },
		publicApiTokens: { [E2E_PUBLIC_API_TOKEN]: 'owner' },
		sourceWriteKey: E2E_WRITE_KEY,
	});
}

/** Every credential of the package, pointing at the fake service. */
export function e2eCredentials(fakeUrl: string): CredentialToTest[] {
	return [
		{ id: 'segmentWriteKeyExample', name: 'Segment Write Key', type: 'segmentWriteKeyApi', data: { writeKey: E2E_WRITE_KEY, region: 'Custom', baseUrl: fakeUrl } },
		{
			id: 'segmentAccessTokenExample',
			name: 'Segment Access Token',
			type: 'segmentAccessTokenApi',
			data: { accessToken: E2E_ACCESS_TOKEN, spaceId: E2E_SPACE, region: 'Custom', baseUrl: fakeUrl },
		},
		{ id: 'segmentPublicApiExample', name: 'Segment Public API', type: 'segmentPublicApi', data: { token: E2E_PUBLIC_API_TOKEN, region: 'Custom', baseUrl: fakeUrl } },
		{ id: 'segmentWebhookSecretExample', name: 'Segment Webhook Secret', type: 'segmentWebhookSecretApi', data: { sharedSecret: E2E_WEBHOOK_SECRET, requestToken: E2E_REQUEST_TOKEN } },
	];
}

/** The credentials in the form `n8n import:credentials` takes. */
export function credentialsFile(dir: string, fakeUrl: string): string {
	const file = join(dir, 'credentials.json');
	writeFileSync(file, JSON.stringify(e2eCredentials(fakeUrl)));
	return file;
}

export async function importWorkflow(home: N8nHome, dir: string, workflow: WorkflowFile): Promise<void> {
	const file = join(dir, `${workflow.id}.json`);
	writeFileSync(file, JSON.stringify(workflow));
	await runN8nOrThrow(home, ['import:workflow', `--input=${file}`]);
}

/** The messages the fake passed on that `predicate` picks. */
export function delivered(fake: FakeSegment, predicate: (message: Record<string, unknown>) => boolean) {
	return fake.delivered.filter(({ message }) => predicate(message));
}

/** Sends messages to the fake Tracking API in one request with the e2e write key, as a source's library would. */
export async function postTracks(url: string, messages: Array<Record<string, unknown>>): Promise<void> {
	const stamp = Date.now();
	const batch = messages.map((message, n) => ({ ...message, messageId: `e2e-${stamp}-${n}`, timestamp: new Date().toISOString() }));
	const response = await fetch(`${url}/v1/batch`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${E2E_WRITE_KEY}:`).toString('base64')}` },
		body: JSON.stringify({ batch }),
	});
	if (!response.ok) throw new Error(`fake answered ${response.status}`);
}

/** Sends one message to the fake Tracking API with the e2e write key. */
export async function postTrack(url: string, message: Record<string, unknown>): Promise<void> {
	await postTracks(url, [message]);
}
