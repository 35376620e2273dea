import type { ProfileStore, StoredProfile } from './profileStore';
import { SOURCE_ID } from './profileStore';

/** The fake Profile API: Segment's routes, auth, filters, pagination and errors, over a ProfileStore. */

export interface ProfileAnswer {
	status: number;
	body: unknown;
}

const FOURTEEN_DAYS_MS = 14 * 24 * 60 * 60 * 1000;

const error = (status: number, code: string, message: string): ProfileAnswer => ({ status, body: { error: { code, message } } });

function list(value: string | null): string[] | undefined {
	return value === null ? undefined : value.split(',').map((part) => part.trim()).filter(Boolean);
}

/** Offset-based cursors, opaque to the client as Segment's are. */
function page<T>(entries: T[], query: URLSearchParams, defaultLimit: number, maxLimit: number, url: string): { slice: T[]; cursor: object } | ProfileAnswer {
	const limit = query.has('limit') ? Number(query.get('limit')) : defaultLimit;
	if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
		return error(400, 'validation_error', `limit must be between 1 and ${maxLimit}`);
	}
	const next = query.get('next');
	const offset = next ? Number(Buffer.from(next, 'base64url').toString('utf8').replace('offset:', '')) : 0;
	if (!Number.isInteger(offset) || offset < 0) return error(400, 'invalid_request_error', 'invalid next cursor');
	const slice = entries.slice(offset, offset + limit);
	const hasMore = offset + limit < entries.length;
	return {
		slice,
		cursor: {
			url,
			has_more: hasMore,
			next: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : '',
			limit,
		},
	};
}

/** Traits Engage computes (class audience or computed_trait) for a profile in a space. */
export type ClassTraits = (profile: StoredProfile, spaceId: string, traitClass: string) => Record<string, unknown>;

export function answerProfileRequest(
	path: string,
	authorization: string | undefined,
	store: ProfileStore,
	accessTokens: Map<string, string>,
	classTraits: ClassTraits = () => ({}),
): ProfileAnswer {
	const url = new URL(path, 'http://fake');
	const match = /^\/v1\/spaces\/([^/]+)\/collections\/(users|accounts)\/profiles\/([^/]+)\/(traits|events|external_ids|metadata|links)$/.exec(url.pathname);
	if (!match) return error(404, 'not_found', 'No such route.');
	const token = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0] : undefined;
	const spaceId = decodeURIComponent(match[1]);
	if (!token || !accessTokens.has(token)) return error(401, 'authentication_error', 'The access token is not valid.');
	if (accessTokens.get(token) !== spaceId) return error(403, 'forbidden', 'The access token has no access to this space.');
	const [, , collection, rawId, resource] = match;
	const separator = rawId.indexOf(':');
	if (separator < 1) return error(400, 'invalid_request_error', 'The profile id must be type:value.');
	let externalId: string;
	try {
		externalId = `${decodeURIComponent(rawId.slice(0, separator))}:${decodeURIComponent(rawId.slice(separator + 1))}`;
	} catch {
		return error(400, 'invalid_request_error', 'The profile id is not URL-encoded.');
	}
	if (collection === 'accounts' && !['traits', 'links'].includes(resource)) return error(404, 'not_found', 'No such route.');
	const profile = store.find(collection, externalId);
	if (!profile) return error(404, 'not_found', 'Profile was not found.');
	const query = url.searchParams;
	const requestUrl = url.pathname + url.search;

	switch (resource) {
		case 'traits':
			return traits(profile, query, requestUrl, (traitClass) => classTraits(profile, spaceId, traitClass));
		case 'events':
			return events(profile, query, requestUrl);
		case 'external_ids': {
			const include = list(query.get('include'));
			const entries = profile.externalIds
				.filter((entry) => !include || include.includes(entry.type))
				.map((entry) => ({ source_id: SOURCE_ID, collection, id: entry.id, type: entry.type, created_at: entry.created_at, encoding: 'none', first_message_id: entry.first_message_id }));
			const paged = page(entries, query, 25, 100, requestUrl);
			return 'status' in paged ? paged : { status: 200, body: { data: paged.slice, cursor: paged.cursor } };
		}
		case 'metadata':
			return {
				status: 200,
				body: {
					metadata: {
						created_at: profile.createdAt,
						updated_at: profile.updatedAt,
						expires_at: null,
						first_message_id: profile.firstMessageId,
						first_source_id: SOURCE_ID,
						last_message_id: profile.lastMessageId,
						last_source_id: SOURCE_ID,
					},
				},
			};
		default: {
			const entries = store.linked(profile).map((other) => ({
				to_collection: other.collection,
				external_ids: other.externalIds.map((entry) => ({ id: entry.id, type: entry.type, source_id: SOURCE_ID, collection: other.collection, created_at: entry.created_at, encoding: 'none' })),
			}));
			const paged = page(entries, query, 20, 20, requestUrl);
			return 'status' in paged ? paged : { status: 200, body: { data: paged.slice, cursor: paged.cursor } };
		}
	}
}

function traits(profile: StoredProfile, query: URLSearchParams, url: string, computed: (traitClass: string) => Record<string, unknown>): ProfileAnswer {
	const include = list(query.get('include'));
	const traitClass = query.get('class');
	if (traitClass !== null && !['audience', 'computed_trait'].includes(traitClass)) return error(400, 'validation_error', 'class must be audience or computed_trait');
	const values: Record<string, { value: unknown; source_id: string; updated_at: string }> = traitClass
		? Object.fromEntries(Object.entries(computed(traitClass)).map(([name, value]) => [name, { value, source_id: 'engage', updated_at: profile.updatedAt }]))
		: profile.traits;
	const names = Object.keys(values).filter((name) => !include || include.includes(name)).sort();
	const paged = page(names, query, 10, 200, url);
	if ('status' in paged) return paged;
	const verbose = query.get('verbose') === 'true';
	const body = Object.fromEntries(paged.slice.map((name) => [name, verbose ? values[name] : values[name].value]));
	return { status: 200, body: { traits: body, cursor: paged.cursor } };
}

function events(profile: StoredProfile, query: URLSearchParams, url: string): ProfileAnswer {
	for (const bound of ['start', 'end']) {
		if (query.has(bound) && Number.isNaN(Date.parse(query.get(bound)!))) {
			return error(400, 'validation_error', `${bound} must be an ISO-8601 date`);
		}
	}
	const oldest = Date.now() - FOURTEEN_DAYS_MS;
	const start = query.has('start') ? Date.parse(query.get('start')!) : -Infinity;
	const end = query.has('end') ? Date.parse(query.get('end')!) : Infinity;
	const include = list(query.get('include'));
	const exclude = list(query.get('exclude'));
	const sort = query.get('sort') ?? 'desc';
	if (sort !== 'asc' && sort !== 'desc') return error(400, 'validation_error', 'sort must be asc or desc');
	const selected = profile.events
		.filter((event) => {
			const at = Date.parse(event.timestamp);
			return at >= oldest && at >= start && at < end && (!include || include.includes(event.event)) && !exclude?.includes(event.event);
		})
		.sort((a, b) => (Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.message_id.localeCompare(b.message_id)) * (sort === 'asc' ? 1 : -1));
	const paged = page(selected, query, 10, 100, url);
	if ('status' in paged) return paged;
	return { status: 200, body: { data: paged.slice, cursor: paged.cursor } };
}
