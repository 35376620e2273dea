import { SEGMENT_LIMITS } from './limits';

export interface BatchLimits {
	maxBytes: number;
	maxMessages: number;
}

// `{"batch":[` … `],"sentAt":"2024-01-15T08:30:00.000Z"}` around the messages.
export const BATCH_ENVELOPE_BYTES = 64;

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
	maxBytes: SEGMENT_LIMITS.maxBatchBytes,
	maxMessages: SEGMENT_LIMITS.maxBatchMessages,
};

/**
 * Packs messages, in order, into as few batches as fit Segment's limits. Takes each
 * message's size in bytes and returns the batches as lists of positions into `sizes`.
 * Never more than Segment's 2,500 messages, whatever `limits` asks for.
 */
export function packBatches(sizes: ArrayLike<number>, limits: BatchLimits = DEFAULT_BATCH_LIMITS): number[][] {
	const maxMessages = Math.max(1, Math.min(limits.maxMessages, SEGMENT_LIMITS.maxBatchMessages));
	const maxBytes = Math.min(limits.maxBytes, SEGMENT_LIMITS.maxBatchBytes) - BATCH_ENVELOPE_BYTES;
	const batches: number[][] = [];
	let current: number[] = [];
	let currentBytes = 0;
	for (let position = 0; position < sizes.length; position++) {
		const size = sizes[position];
		// +1 for the comma between messages.
		const added = size + (current.length > 0 ? 1 : 0);
		if (current.length > 0 && (current.length >= maxMessages || currentBytes + added > maxBytes)) {
			batches.push(current);
			current = [];
			currentBytes = 0;
		}
		currentBytes += current.length > 0 ? size + 1 : size;
		current.push(position);
	}
	if (current.length > 0) batches.push(current);
	return batches;
}

/** The request body for a batch of already serialised messages. */
export function batchBody(messageJson: readonly string[], sentAt: string): string {
	return `{"batch":[${messageJson.join(',')}],"sentAt":"${sentAt}"}`;
}

/** A piece of a body: well below the size at which the JavaScript heap keeps a string for long. */
export const BODY_PIECE_CHARS = 32 * 1024;

/**
 * The same body, as pieces made one after the other from `count` messages: a body of
 * 475 KB is never one string, so that sending a million messages leaves no large strings
 * behind for the garbage collector to find late.
 */
export function* batchBodyPieces(count: number, messageJson: (index: number) => string, sentAt: string): Generator<string> {
	let piece = '{"batch":[';
	for (let index = 0; index < count; index++) {
		piece += (index > 0 ? ',' : '') + messageJson(index);
		if (piece.length >= BODY_PIECE_CHARS) {
			yield piece;
			piece = '';
		}
	}
	yield `${piece}],"sentAt":"${sentAt}"}`;
}
