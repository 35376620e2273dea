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
		displayOptions: { show: { resource: ['tracking'], operation: ['track'], trackingPlanId: [''] } },
		description:
			'The name of the action the user performed, e.g. Order Completed. Segment recommends Object Action names in title case.',
	},
	// The same field once a tracking plan is chosen: the plan's events to pick from (an expression still works).
	{
		displayName: 'Event Name or ID',
		name: 'event',
		type: 'options',
		required: true,
		default: '',
		typeOptions: { loadOptionsMethod: 'getPlannedEvents', loadOptionsDependsOn: ['trackingPlanId.value'] },
		displayOptions: { show: { resource: ['tracking'], operation: ['track'] }, hide: { trackingPlanId: [''] } },
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
];

export const track = singleMessageOperation({
	type: 'track',
	fields: ['userId', 'anonymousId', 'event'],
	objectField: 'properties',
	output: ['event', 'userId', 'anonymousId', 'messageId'],
});
