/** What Segment's refusals mean for Engage and Reverse ETL, where the features are switched on per workspace. */

export const ENGAGE_HINTS: Partial<Record<number, string>> = {
	401: "Segment did not accept the token, or it lacks a permission Engage needs (Segment answers 401 for both): the token needs access to the Engage space, and the workspace needs Engage's Audience (or Computed Trait, or Spaces) feature, which Segment turns on per workspace; several of these endpoints are in alpha.",
	403: 'The workspace may not have this Engage feature (Audiences, Computed Traits, Spaces): Segment turns it on per workspace; ask your Segment account team. Or the token has no access to the space.',
	404: 'Segment has no such space, audience or computed trait in the workspace of the token, or Engage is not on for it.',
	422: "Segment refused the values sent; its message names what to change. An audience definition is Segment's query language, e.g. event('Order Completed').count() >= 3.",
};

export const REVERSE_ETL_HINTS: Partial<Record<number, string>> = {
	401: 'Segment did not accept the token, or it lacks a permission Reverse ETL needs (Segment answers 401 for both). Reverse ETL endpoints are in alpha.',
	403: 'The workspace may not have Reverse ETL, or the token may not use it.',
	404: 'Segment has no such Reverse ETL model, subscription (mapping) or sync in the workspace of the token.',
};
