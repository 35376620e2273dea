export type ProfileCollection = 'users' | 'accounts';

export type ProfileResource = 'traits' | 'events' | 'external_ids' | 'metadata' | 'links';

export interface ProfileRef {
	collection: ProfileCollection;
	/** `user_id`, `anonymous_id`, `email`, a custom type, or `group_id` for accounts. */
	identifierType: string;
	identifier: string;
}

/** How a profile is named in messages: `user_id:abc`. */
export function externalId(profile: ProfileRef): string {
	return `${profile.identifierType}:${profile.identifier}`;
}

/**
 * The path of one of a profile's resources. Type and value are URL-encoded apart, so that
 * `+`, `@`, `/` and spaces in ids reach Segment as they are stored.
 */
export function profilePath(spaceId: string, profile: ProfileRef, resource: ProfileResource): string {
	return [
		'/v1/spaces',
		encodeURIComponent(spaceId),
		'collections',
		profile.collection,
		'profiles',
		`${encodeURIComponent(profile.identifierType)}:${encodeURIComponent(profile.identifier)}`,
		resource,
	].join('/');
}
