import type { IDataObject } from 'n8n-workflow';

import type { SegmentMessage } from '../../../../shared/messages/types';

/** A dry run's output: the messages exactly as they would have gone out, marked as not sent. */
export function notSent(messages: SegmentMessage[]): IDataObject {
	const shown = messages as unknown as IDataObject[];
	return messages.length === 1 ? { sent: false, message: shown[0] } : { sent: false, count: messages.length, messages: shown };
}
