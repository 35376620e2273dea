export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

/** A message in Segment's wire format, as it goes into a batch. */
export interface SegmentMessage {
	type: MessageType;
	messageId: string;
	timestamp: string;
	context: Record<string, unknown>;
	userId?: string;
	anonymousId?: string;
	[field: string]: unknown;
}

/** A message ready to send: its JSON is computed once and reused for sizing and sending. */
export interface PreparedMessage {
	message: SegmentMessage;
	json: string;
	bytes: number;
}

export function isMessageType(value: unknown): value is MessageType {
	return typeof value === 'string' && (MESSAGE_TYPES as readonly string[]).includes(value);
}
