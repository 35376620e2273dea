import type { INodeProperties } from 'n8n-workflow';

import { singleMessageOperation } from './singleMessageOperation';

export const description: INodeProperties[] = [
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['tracking'], operation: ['group'] } },
		description: 'The ID of the company, organisation or account the user belongs to',
	},
];

export const group = singleMessageOperation({
	type: 'group',
	fields: ['userId', 'anonymousId', 'groupId'],
	objectField: 'traits',
	output: ['groupId', 'userId', 'anonymousId', 'messageId'],
});
