import { singleMessageOperation } from './singleMessageOperation';

// The Name parameter is page.operation.ts's, shown for both.
export const screen = singleMessageOperation({
	type: 'screen',
	fields: ['userId', 'anonymousId', 'name'],
	objectField: 'properties',
	output: ['name', 'userId', 'anonymousId', 'messageId'],
});
