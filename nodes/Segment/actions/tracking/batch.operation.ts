import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidMessageError } from '../../../shared/messages/InvalidMessageError';
import { describeValue, isPlainObject } from '../../../shared/messages/prepareMessage';
import type { SharedFields } from '../../../shared/messages/sharedFields';
import { applySharedFields } from '../../../shared/messages/sharedFields';
import { parseJsonParameter } from '../../../shared/actions/jsonParameter';
import { readAdditionalFields, readParameter } from './parameters';
import type { TrackingOperation } from './TrackingOperation';

const showForBatch = (extra: Record<string, string[]> = {}) => ({
	show: { resource: ['tracking'], operation: ['batch'], ...extra },
});

export const description: INodeProperties[] = [
	{
		displayName: 'Messages From',
		name: 'messagesFrom',
		type: 'options',
		options: [
			{
				name: 'Parameter',
				value: 'parameter',
				description: 'Each input item sends the list of messages given in Messages',
			},
			{
				name: 'Input Items',
				value: 'inputItems',
				description:
					'Each input item is one message, with its own type; the node returns one item for them all. The fast way to backfill or sync many thousands of rows.',
			},
		],
		default: 'parameter',
		displayOptions: showForBatch(),
		description: 'Where the messages come from',
	},
	{
		displayName: 'Messages',
		name: 'batch',
		type: 'json',
		default: '[]',
		displayOptions: showForBatch({ messagesFrom: ['parameter'] }),
		description:
			'A JSON list of messages, each with its own type (track, identify, page, screen, group or alias) and Segment\'s field names, e.g. [{"type": "track", "userId": "42", "event": "Signed Up"}]',
	},
	{
		displayName:
			'Each input item must be one message in Segment\'s field names with its own "type", e.g. {"type": "track", "userId": "42", "event": "Order Completed", "timestamp": "2024-01-15T08:30:00Z"}',
		name: 'inputItemsNotice',
		type: 'notice',
		default: '',
		displayOptions: showForBatch({ messagesFrom: ['inputItems'] }),
	},
];

export function readSharedFields(ctx: IExecuteFunctions, itemIndex: number): SharedFields {
	const { context, integrations } = readAdditionalFields(ctx, itemIndex);
	return { context, integrations };
}

export const batch: TrackingOperation = {
	messagesOf(itemIndex) {
		const messages = parseJsonParameter(readParameter(this, 'batch', itemIndex), 'Messages');
		if (!Array.isArray(messages)) {
			throw new InvalidMessageError(
				`Messages must be a JSON list of messages, not ${describeValue(messages)}`,
				'Write e.g. [{"type": "track", "userId": "42", "event": "Signed Up"}].',
			);
		}
		const shared = readSharedFields(this, itemIndex);
		return messages.map((message, position) => {
			if (!isPlainObject(message)) {
				throw new InvalidMessageError(`Message ${position + 1} of Messages must be an object, not ${describeValue(message)}`);
			}
			return applySharedFields(message, shared);
		});
	},
	summary: (messages) => ({ success: true, count: messages.length }),
	messageLabel: (position) => `Message ${position + 1} of Messages`,
};
