import { singleMessageOperation } from './singleMessageOperation';

export const identify = singleMessageOperation({
	type: 'identify',
	fields: ['userId', 'anonymousId'],
	objectField: 'traits',
	output: ['userId', 'anonymousId', 'messageId'],
});
