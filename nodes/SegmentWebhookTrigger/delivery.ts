import { nestedTooDeeply, tooDeepText } from '../shared/jsonDepth';

/** What Segment POSTs to a webhook: one event, or a batch of them as a list. Pure. */

export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

export type SegmentEvent = Record<string, unknown> & { type: string };

/** A delivery the node does not take: the status to answer and why, for the sender. */
export interface Refusal {
	status: number;
	message: string;
	/** Refused for who sent it (signature, token), not for what it holds. */
	unauthenticated?: boolean;
}

// Segment lets a mapping send part of the event (Data = $.properties, say): what arrives
// then is no Segment message, and every delivery would be refused.
const DATA_MAPPING_HINT =
	"; if the Webhooks destination's mapping sets Data to part of the event (such as $.properties), set it back to the whole event ($.)";

export function parseDeliveryBody(rawBody: Buffer | undefined): { parsed: unknown } | { refusal: Refusal } {
	if (!rawBody || rawBody.length === 0) return { refusal: { status: 400, message: 'The request has no body: Segment sends each event as JSON' } };
	const text = rawBody.toString('utf8').replace(/^\uFEFF/, '');
	try {
		return { parsed: JSON.parse(text) as unknown };
	} catch {
		return { refusal: { status: 400, message: 'The body is not JSON: Segment sends each event, or a batch of them, as JSON' } };
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The events of a delivery, each a Segment message with its `type`, as they came. */
export function segmentEvents(parsed: unknown): { events: SegmentEvent[] } | { refusal: Refusal } {
	const batch = Array.isArray(parsed);
	const list = batch ? parsed : [parsed];
	if (list.length === 0) return { refusal: { status: 400, message: 'The delivery is an empty list: there is no event in it' } };
	for (const [index, event] of list.entries()) {
		const where = batch ? `Event ${index + 1} of the batch` : 'The body';
		if (!isPlainObject(event)) return { refusal: { status: 400, message: `${where} is not a Segment message: it is not a JSON object${DATA_MAPPING_HINT}` } };
		if (nestedTooDeeply(event)) return { refusal: { status: 400, message: tooDeepText(where) } };
		if (typeof event.type !== 'string' || event.type === '') {
			return { refusal: { status: 400, message: `${where} is not a Segment message: it has no "type"${DATA_MAPPING_HINT}` } };
		}
	}
	return { events: list as SegmentEvent[] };
}

export interface EventFilter {
	/** Message types to keep; all when empty. */
	types: readonly string[];
	/** Track events to keep, by name; all when empty. */
	includeEvents: readonly string[];
	/** Track events to leave out, by name. */
	excludeEvents: readonly string[];
}

/** Whether an event passes the node's filters. Event names filter track events only. */
export function keepEvent(event: SegmentEvent, filter: EventFilter): boolean {
	if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
	if (event.type !== 'track') return true;
	const name = String(event.event ?? '');
	if (filter.includeEvents.length > 0 && !filter.includeEvents.includes(name)) return false;
	return !filter.excludeEvents.includes(name);
}
