/** What Segment's answers mean for privacy requests. */
export const PRIVACY_REQUEST_HINTS: Partial<Record<number, string>> = {
	404: 'Segment keeps privacy requests for 90 days: an older one answers 404, as does an ID Segment never gave (or a source that is not in the workspace).',
};
