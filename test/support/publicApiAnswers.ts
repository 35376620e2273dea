/** The shapes of the fake Public API's answers: data, errors as Segment words them, cursor pages. */

export interface PublicApiAnswer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export function publicApiError(status: number, type: string, message: string, field?: string): PublicApiAnswer {
	return { status, body: { errors: [{ type, message, ...(field ? { field } : {}), status }] } };
}

export const alphaOnly = () => publicApiError(415, 'unsupported-media-type', 'This endpoint is in alpha: send application/vnd.segment.v1alpha+json');

export const ok = (data: unknown): PublicApiAnswer => ({ status: 200, body: { data } });

export const notFound = () => publicApiError(404, 'not-found', 'Resource not found');

export const invalid = (message: string, field?: string) => publicApiError(422, 'validation', message, field);

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

/** Offset cursors, opaque to the client as Segment's are. */
export function paginate(entries: unknown[], query: URLSearchParams, key: string, maxCount = 1000): PublicApiAnswer {
	const count = Number(query.get('pagination.count'));
	if (!query.has('pagination.count') || !Number.isInteger(count) || count < 1 || count > maxCount) {
		return invalid(`pagination.count must be a whole number from 1 to ${maxCount}`, 'pagination.count');
	}
	const cursor = query.get('pagination.cursor');
	const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace('offset:', '')) : 0;
	if (!Number.isInteger(offset) || offset < 0) return invalid('pagination.cursor is not a cursor this API gave', 'pagination.cursor');
	const hasMore = offset + count < entries.length;
	return ok({
		[key]: entries.slice(offset, offset + count),
		pagination: {
			current: encodeCursor(offset),
			next: hasMore ? encodeCursor(offset + count) : null,
			previous: offset > 0 ? encodeCursor(Math.max(0, offset - count)) : null,
			totalEntries: entries.length,
		},
	});
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
