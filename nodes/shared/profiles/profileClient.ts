import type { IDataObject, IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

import { ProfileNotFound, profileGet, profileSpace } from '../transport/profileTransport';
import type { ProfileRef, ProfileResource } from './profilePath';
import { profilePath } from './profilePath';

interface Cursor {
	has_more?: boolean;
	next?: string;
}

export interface PageRequest<T> {
	/** Stop after this many entries; all of them when undefined. */
	max?: number;
	/** The most the API returns in one page for this resource. */
	pageSize: number;
	entriesOf(body: IDataObject): T[];
}

/**
 * Reads a profile resource, following `cursor.next` while `cursor.has_more`, up to `max`
 * entries. A profile that does not exist comes back as `ProfileNotFound`.
 */
export async function readProfilePages<T>(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: ProfileRef,
	resource: ProfileResource,
	query: IDataObject,
	pages: PageRequest<T>,
): Promise<T[] | ProfileNotFound> {
	const { spaceId } = await profileSpace(ctx);
	const path = profilePath(spaceId, profile, resource);
	const entries: T[] = [];
	let next: string | undefined;
	for (;;) {
		const remaining = pages.max === undefined ? pages.pageSize : Math.min(pages.pageSize, pages.max - entries.length);
		const body = await profileGet(ctx, path, { ...query, limit: remaining, ...(next ? { next } : {}) });
		if (body instanceof ProfileNotFound) return body;
		entries.push(...pages.entriesOf(body));
		const cursor = (body.cursor ?? {}) as Cursor;
		if (!cursor.has_more || !cursor.next || (pages.max !== undefined && entries.length >= pages.max)) break;
		next = cursor.next;
	}
	return pages.max === undefined ? entries : entries.slice(0, pages.max);
}

export async function readProfileObject(
	ctx: IExecuteFunctions | IPollFunctions,
	profile: ProfileRef,
	resource: ProfileResource,
	query: IDataObject,
): Promise<IDataObject | ProfileNotFound> {
	const { spaceId } = await profileSpace(ctx);
	return await profileGet(ctx, profilePath(spaceId, profile, resource), query);
}

export const traitPages = (max?: number): PageRequest<[string, unknown]> => ({
	max,
	pageSize: 200,
	entriesOf: (body) => Object.entries((body.traits ?? {}) as IDataObject),
});

export const eventPages = (max?: number): PageRequest<IDataObject> => ({
	max,
	pageSize: 100,
	entriesOf: (body) => (body.data ?? []) as IDataObject[],
});
