/** What Segment's answers mean for tracking plans, which are part of Protocols. */
export const TRACKING_PLAN_HINTS: Partial<Record<number, string>> = {
	404: 'Segment has no tracking plan with this ID in the workspace, or the workspace does not have Protocols (tracking plans are part of it, a Business plan add-on): check the ID, and that Protocols is on.',
	403: 'The token may not do this with tracking plans, or the workspace does not have Protocols: give the token a role that covers Protocols, and check that Protocols is on.',
};
