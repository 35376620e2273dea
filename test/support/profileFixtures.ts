import { ACCESS_TOKEN, SPACE_ID, writeKeyCredentials } from './credentials';
import { runNode } from './engine';
import { FakeSegment } from './fakeSegment';

export function fakeWithProfiles(): FakeSegment {
	return new FakeSegment({ accessTokens: { [ACCESS_TOKEN]: SPACE_ID, 'other-space-token': 'spa_other' } });
}

/** Sends messages with the Segment node's batch operation, as a workflow would. */
export async function sendWithNode(fake: FakeSegment, messages: Array<Record<string, unknown>>): Promise<void> {
	const { error } = await runNode({
		parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' },
		items: messages,
		credentials: writeKeyCredentials(fake.url),
	});
	if (error) throw error;
}

export function minutesAgo(minutes: number, base = Date.now()): string {
	return new Date(base - minutes * 60_000).toISOString();
}

export function trackEvent(userId: string, event: string, timestamp: string, properties: Record<string, unknown> = {}) {
	return { type: 'track', userId, event, timestamp, properties };
}
