import { InvalidInputError } from '../InvalidInputError';
import { hasLoneSurrogate } from '../loneSurrogate';

/** What a value is, in words, for an error that says it is the wrong kind. */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

// `.` and `..` (and their percent-encoded forms, which URL parsers also read as dot
// segments) would climb out of their place in the path: `/sources/..` is `/`.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * An identifier, ready to stand as one segment of a URL path, or a clear error naming the
 * field: never empty, never an object sent as `[object Object]`, never a dot segment, and
 * never text that cannot be written in a URL (a lone UTF-16 surrogate). Pure.
 */
export function pathSegment(value: unknown, label: string): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new InvalidInputError(`${label} must be an ID (text), not ${kindOf(value)}`, 'Map the ID itself, e.g. {{ $json.id }}, not the whole object.');
	}
	const id = String(value).trim();
	if (id === '') throw new InvalidInputError(`${label} is empty: pick one from the list or give its ID`);
	if (DOT_SEGMENT.test(id)) throw new InvalidInputError(`${label} "${id}" is not an ID: it would point at another place in Segment's API`);
	// encodeURIComponent would throw a bare URIError.
	if (hasLoneSurrogate(id)) throw new InvalidInputError(`${label} holds a character that cannot be sent in a URL (a broken UTF-16 surrogate)`);
	return encodeURIComponent(id);
}
