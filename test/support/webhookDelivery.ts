import { createHmac } from 'node:crypto';

import { fqlMatches } from './fql';
import type { PublicApiStore } from './publicApiStore';
import { WEBHOOKS_ACTIONS } from './publicApiStore';

/**
 * What Segment's Webhooks (Actions) destination does with a source's events, as
 * segmentio/action-destinations' `webhook` destination does it: each event a
 * subscription's FQL trigger matches is mapped (`data`, by default the whole event) and
 * POSTed to the subscription's URL with its headers, one event a request or, with
 * `enable_batching`, up to `batch_size` in a JSON list; with a shared secret,
 * `X-Signature` is the hex HMAC-SHA1 of `JSON.stringify(data)`, of the first event's data
 * alone for a batch (the destination's own batch test checks it that way).
 */

export interface WebhookDelivery {
	url: string;
	body: string;
	headers: Record<string, string>;
	/** The signature of the last attempt: Segment signs each attempt with the secret the destination has then. */
	signature?: string;
	/** The data the signature covers: the event, or a batch's first event. */
	signed: unknown;
	/** The destination's shared secret at the moment of an attempt. */
	secretNow: () => string | undefined;
	messageIds: string[];
	/** How each attempt was answered (a status, or the network error). */
	attempts: Array<number | string>;
	status?: number;
	error?: string;
}

/** Segment retries these answers and lost connections, for hours; the fake a few times, quickly. */
const RETRIED = (status: number) => status >= 500 || status === 408 || status === 429;
const FAKE_ATTEMPTS = 3;
const FAKE_RETRY_DELAY_MS = 20;

/** Segment's signature of what it sends: `JSON.stringify(data)` under HMAC-SHA1, in hex. */
export function segmentSignature(secret: string, data: unknown): string {
	return rawSignature(secret, Buffer.from(JSON.stringify(data), 'utf8'));
}

/** The same HMAC over bytes as they are, as a sender signing the raw body makes it. */
export function rawSignature(secret: string, bytes: Buffer): string {
	return createHmac('sha1', secret).update(bytes).digest('hex');
}

/** A mapping's `data`: `{"@path": "$.properties"}` picks part of the event; `$.` is all of it. */
function mapData(mapping: unknown, event: Record<string, unknown>): unknown {
	const path = (mapping as { '@path'?: unknown } | undefined)?.['@path'];
	if (typeof path !== 'string' || path === '$.' || path === '$') return event;
	return path
		.replace(/^\$\./, '')
		.split('.')
		.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), event);
}

/** Segment keeps at most 4,000 events in one batch. */
const MAX_BATCH_SIZE = 4_000;

/** The requests Segment would make for `messages` sent with `writeKey`. */
export function plannedDeliveries(store: PublicApiStore, writeKey: string, messages: Array<Record<string, unknown>>): WebhookDelivery[] {
	const source = store.sourceOfWriteKey(writeKey);
	if (!source) return [];
	return store.destinations.filter((destination) => destination.sourceId === source.id).flatMap((destination) => plannedDeliveriesTo(store, destination.id, messages));
}

/** The requests one Webhooks (Actions) destination makes for `messages`: through its filters, subscriptions, mappings and batching. */
export function plannedDeliveriesTo(store: PublicApiStore, destinationId: string, messages: Array<Record<string, unknown>>): WebhookDelivery[] {
	const destination = store.destinations.find((candidate) => candidate.id === destinationId);
	const metadata = destination?.metadata as { id?: string } | undefined;
	if (!destination || metadata?.id !== WEBHOOKS_ACTIONS.metadataId || destination.enabled === false) return [];
	const deliveries: WebhookDelivery[] = [];
	const secretNow = () => ((store.destinations.find((candidate) => candidate.id === destination.id)?.settings ?? {}) as { sharedSecret?: string }).sharedSecret || undefined;
	const passed = messages.map((message) => store.filteredFor(destination.id, message)).filter((message): message is Record<string, unknown> => message !== null);
	for (const subscription of store.subscriptions.filter((candidate) => candidate.destinationId === destination.id && candidate.enabled)) {
		const matching = passed.filter((message) => fqlMatches(subscription.trigger, message));
		if (matching.length === 0) continue;
		const { settings } = subscription;
		const url = String(settings.url);
		const headers = Object.fromEntries(Object.entries((settings.headers ?? {}) as Record<string, unknown>).map(([name, value]) => [name, String(value)]));
		const batchSize = settings.enable_batching === true ? Math.min(MAX_BATCH_SIZE, Math.max(1, Number(settings.batch_size ?? 1_000))) : 1;
		for (let start = 0; start < matching.length; start += batchSize) {
			const chunk = matching.slice(start, start + batchSize);
			const data = chunk.map((message) => mapData(settings.data, message));
			deliveries.push({
				url,
				body: JSON.stringify(batchSize === 1 ? data[0] : data),
				headers,
				signed: data[0],
				secretNow,
				messageIds: chunk.map((message) => String(message.messageId)),
				attempts: [],
			});
		}
	}
	return deliveries;
}

/** Makes one delivery as Segment does, signed anew at each attempt, retried after a 5xx, and records how it was answered. */
export async function deliver(delivery: WebhookDelivery): Promise<WebhookDelivery> {
	for (let attempt = 1; attempt <= FAKE_ATTEMPTS; attempt++) {
		const secret = delivery.secretNow();
		delivery.signature = secret ? segmentSignature(secret, delivery.signed) : undefined;
		try {
			const response = await fetch(delivery.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'user-agent': 'Segment (Actions)',
					...delivery.headers,
					...(delivery.signature ? { 'x-signature': delivery.signature } : {}),
				},
				body: delivery.body,
			});
			await response.arrayBuffer();
			delivery.status = response.status;
			delete delivery.error;
			delivery.attempts.push(response.status);
			if (!RETRIED(response.status)) return delivery;
		} catch (error) {
			delivery.error = (error as Error).message;
			delivery.attempts.push(delivery.error);
		}
		await new Promise((resolve) => setTimeout(resolve, FAKE_RETRY_DELAY_MS));
	}
	return delivery;
}
