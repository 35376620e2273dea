import type { INodeProperties } from 'n8n-workflow';

import { singleMessageOperation } from './singleMessageOperation';

export const description: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Order Completed',
		displayOptions: { show: { resource: ['tracking'], operation: ['track'] } },
		description:
			'The name of the action the user performed, e.g. Order Completed. Segment recommends Object Action names in title case.',
	},
];

export const track = singleMessageOperation({
	type: 'track',
	fields: ['userId', 'anonymousId', 'event'],
	objectField: 'properties',
	output: ['event', 'userId', 'anonymousId', 'messageId'],
});
