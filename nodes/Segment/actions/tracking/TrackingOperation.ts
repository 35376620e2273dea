import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SegmentMessage } from '../../../shared/messages/types';
import type { TrackingPlan } from '../../../shared/protocols/trackingPlan';

/** One Tracking API operation: how an item becomes messages, and what its output says. */
export interface TrackingOperation {
	/** The item's messages in Segment's field names, before validation and defaults; `plan` is the chosen tracking plan, if any. */
	messagesOf(this: IExecuteFunctions, itemIndex: number, plan?: TrackingPlan): Array<Record<string, unknown>>;
	/** The output of an item all of whose messages were delivered. */
	summary(messages: SegmentMessage[]): IDataObject;
	/** How an error names one of the item's messages, where an item has several. */
	messageLabel?(position: number): string;
}

/** The named fields of a message that are present, for an item's output. */
export function pickFields(message: SegmentMessage, fields: readonly string[]): IDataObject {
	const picked: IDataObject = {};
	for (const field of fields) {
		if (message[field] !== undefined) picked[field] = message[field] as IDataObject[string];
	}
	return picked;
}
