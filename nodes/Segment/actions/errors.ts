import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DeliveryFailure } from '../../shared/transport/deliverMessages';

export interface UndeliveredMessage {
	label?: string;
	messageId: string;
	failure: DeliveryFailure;
}

/** Segment did not take some of an item's messages. */
export function deliveryError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	undelivered: UndeliveredMessage[],
	messageCount: number,
): NodeApiError {
	const [first] = undelivered;
	const message =
		messageCount === 1
			? first.failure.reason
			: `${undelivered.length} of ${messageCount} messages were not delivered. ${undelivered
					.slice(0, 5)
					.map(({ label, failure }) => `${label ?? 'A message'}: ${failure.reason}`)
					.join('; ')}${undelivered.length > 5 ? '; …' : ''}`;
	const ids = undelivered.map(({ messageId }) => messageId);
	const error = new NodeApiError(ctx.getNode(), { message, response: first.failure.response ?? null } as JsonObject, {
		message,
		description: `Not delivered: messageId ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}. Sending the same messageId again later cannot create a duplicate.`,
		httpCode: first.failure.statusCode === undefined ? undefined : String(first.failure.statusCode),
		itemIndex,
	});
	// NodeApiError swaps a message naming a network code for a generic one; ours also says
	// how many attempts were made.
	error.message = message;
	return error;
}
