import { createHmac } from 'node:crypto';

import type { PublicApiStore } from './publicApiStore';
import { WEBHOOKS_ACTIONS } from './publicApiStore';

/**
 * What Segment's Webhooks (Actions) destination does with a source's events: each event
 * its subscriptions' FQL triggers match is POSTed to the subscription's URL, as one event
 * or, with batching on, as a list; with a shared secret, `X-Signature` is the hex
 * HMAC-SHA1 of `JSON.stringify(data)`, and of the first event only for a batch (as
 * segmentio/action-destinations' own batch test checks it).
 */

export interface WebhookDelivery {
	url: string;
	body: string;
	signature?: string;
	messageIds: string[];
	status?: number;
	error?: string;
}

/** The message types an FQL trigger such as `type = "track" or type = "identify"` lets through. */
export function triggerTypes(trigger: string): string[] {
	return [...trigger.matchAll(/type\s*=\s*"([a-z]+)"/g)].map((match) => match[1]);
}

/** Segment's signature of what it sends: `JSON.stringify(data)` under HMAC-SHA1, in hex. */
export function segmentSignature(secret: string, data: unknown): string {
	return rawSignature(secret, Buffer.from(JSON.stringify(data), 'utf8'));
}

/** The same HMAC over bytes as they are, as a sender signing the raw body makes it. */
export function rawSignature(secret: string, bytes: Buffer): string {
	return createHmac('sha1', secret).update(bytes).digest('hex');
}

/** The requests Segment would make for `messages` sent with `writeKey`. */
export function plannedDeliveries(store: PublicApiStore, writeKey: string, messages: Array<Record<string, unknown>>): WebhookDelivery[] {
	const source = store.sourceOfWriteKey(writeKey);
	if (!source) return [];
	const deliveries: WebhookDelivery[] = [];
	for (const destination of store.destinations) {
		const metadata = destination.metadata as { id?: string } | undefined;
		if (destination.sourceId !== source.id || metadata?.id !== WEBHOOKS_ACTIONS.metadataId || destination.enabled === false) continue;
		const secret = (destination.settings as { sharedSecret?: string } | undefined)?.sharedSecret;
		for (const subscription of store.subscriptions.filter((candidate) => candidate.destinationId === destination.id && candidate.enabled)) {
			const types = triggerTypes(subscription.trigger);
			const matching = messages.filter((message) => types.includes(String(message.type)));
			if (matching.length === 0) continue;
			const url = String(subscription.settings.url);
			const batchSize = subscription.settings.enable_batching === true ? Math.max(1, Number(subscription.settings.batch_size ?? 1_000)) : 1;
			for (let start = 0; start < matching.length; start += batchSize) {
				const chunk = matching.slice(start, start + batchSize);
				const data = batchSize === 1 ? chunk[0] : chunk;
				deliveries.push({
					url,
					body: JSON.stringify(data),
					signature: secret ? segmentSignature(secret, chunk[0]) : undefined,
					messageIds: chunk.map((message) => String(message.messageId)),
				});
			}
		}
	}
	return deliveries;
}

/** Makes one delivery as Segment does, and records how it was answered. */
export async function deliver(delivery: WebhookDelivery): Promise<WebhookDelivery> {
	try {
		const response = await fetch(delivery.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'Segment (Actions)', ...(delivery.signature ? { 'x-signature': delivery.signature } : {}) },
			body: delivery.body,
		});
		await response.arrayBuffer();
		delivery.status = response.status;
	} catch (error) {
		delivery.error = (error as Error).message;
	}
	return delivery;
}
