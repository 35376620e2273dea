import type { INodeProperties } from 'n8n-workflow';

import { singleMessageOperation } from './singleMessageOperation';

const showForAlias = { show: { resource: ['tracking'], operation: ['alias'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showForAlias,
		description: 'The new ID of the user',
	},
	{
		displayName: 'Previous ID',
		name: 'previousId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showForAlias,
		description: 'The ID the user had before, e.g. their anonymous ID, which from now on means the same person',
	},
];

export const alias = singleMessageOperation({
	type: 'alias',
	fields: ['userId', 'previousId'],
	output: ['userId', 'previousId', 'messageId'],
});
