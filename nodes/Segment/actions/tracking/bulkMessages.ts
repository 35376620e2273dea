import type { IDataObject } from 'n8n-workflow';

import type { MessageSource } from '../../../shared/transport/deliverMessages';
import { seededMessageIds } from '../../../shared/messages/messageId';
import type { MessageDefaults } from '../../../shared/messages/prepareMessage';
import type { SegmentMessage } from '../../../shared/messages/types';
import { prepareMessage } from '../../../shared/messages/prepareMessage';
import type { SharedFields } from '../../../shared/messages/sharedFields';
import { applySharedFields } from '../../../shared/messages/sharedFields';

/**
 * The bulk path's messages, one per input item, without a second copy of them all in
 * memory: every item is built and checked once (so that nothing goes out while any is
 * invalid), its size and position kept; the JSON of the first ones is kept up to a budget,
 * the rest is built again, with the same messageId, when its batch goes out, and let go
 * once the batch is settled.
 */

/** About 120,000 typical messages: a backfill up to that size is built only once. */
export const KEPT_JSON_BYTES = 32 * 1024 * 1024;

export interface BulkRow {
	index: number;
	reason: string;
}

export interface BulkMessages extends MessageSource {
	/** How many messages there are: the valid rows. */
	count: number;
	/** The input item of each message. */
	itemOf(position: number): number;
	/** The messageId the message at `position` was sent with. */
	messageIdOf(position: number): string;
}

export function bulkMessages(
	rows: ReadonlyArray<{ json: IDataObject }>,
	shared: SharedFields,
	defaults: Omit<MessageDefaults, 'newMessageId'>,
	invalid: (index: number, error: unknown) => void,
	keptBytes = KEPT_JSON_BYTES,
	/** A further check of each built message (a tracking plan): what it throws makes the row invalid. */
	accept?: (message: SegmentMessage, index: number) => void,
): BulkMessages {
	const idAt = seededMessageIds();
	const sizes: number[] = [];
	const items: number[] = [];
	const kept: Array<string | undefined> = [];
	let keptSoFar = 0;
	const build = (index: number, position: number) =>
		prepareMessage(applySharedFields(rows[index].json, shared), { ...defaults, newMessageId: () => idAt(position) });
	for (let index = 0; index < rows.length; index++) {
		try {
			const prepared = build(index, sizes.length);
			accept?.(prepared.message, index);
			const keep = keptSoFar + prepared.bytes <= keptBytes;
			if (keep) keptSoFar += prepared.bytes;
			kept.push(keep ? prepared.json : undefined);
			sizes.push(prepared.bytes);
			items.push(index);
		} catch (error) {
			invalid(index, error);
		}
	}
	return {
		count: sizes.length,
		sizes,
		itemOf: (position) => items[position],
		jsonOf: (position) => kept[position] ?? build(items[position], position).json,
		settled(positions) {
			for (const position of positions) kept[position] = undefined;
		},
		messageIdOf: (position) => build(items[position], position).message.messageId,
	};
}
