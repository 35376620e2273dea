/**
 * Segment's limits, kept a little under the documented figures the way Segment's own
 * libraries do: past them Segment rejects the whole request (size) or silently drops
 * messages (count, long messageId).
 */
export const SEGMENT_LIMITS = {
	/** Bytes of UTF-8 JSON in one message; Segment's edge rejects at 32 KB. */
	maxMessageBytes: 32_000,
	/** Bytes in one batch request body; Segment's edge rejects at 500 KB. */
	maxBatchBytes: 475_000,
	/** Messages in one batch; Segment drops the ones past this with a 200. */
	maxBatchMessages: 2_500,
	/** Characters in a messageId; longer ones are dropped. */
	maxMessageIdLength: 100,
} as const;
