import type { INodeProperties } from 'n8n-workflow';

import { singleMessageOperation } from './singleMessageOperation';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'Pricing',
		displayOptions: { show: { resource: ['tracking'], operation: ['page', 'screen'] } },
		description: 'The name of the page or screen the user saw, e.g. Pricing',
	},
];

export const page = singleMessageOperation({
	type: 'page',
	fields: ['userId', 'anonymousId', 'name'],
	objectField: 'properties',
	output: ['name', 'userId', 'anonymousId', 'messageId'],
});
