import { InvalidInputError } from '../InvalidInputError';
import { inputText, shortQuote } from '../inputText';

// `.` and `..` (and their percent-encoded forms, which URL parsers also read as dot
// segments) would climb out of their place in the path: `/sources/..` is `/`.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/** No Segment ID is anywhere near this long; a longer one is a mistake, and Segment would answer 431 without a word. */
export const MAX_ID_LENGTH = 1_000;

/**
 * An identifier, ready to stand as one segment of a URL path, or a clear error naming the
 * field: never empty, never an object sent as `[object Object]`, never a dot segment, and
 * never text that cannot be written in a URL (a lone UTF-16 surrogate). Pure.
 */
export function pathSegment(value: unknown, label: string): string {
	const id = inputText(value, label);
	if (id === '') throw new InvalidInputError(`${label} is empty: pick one from the list or give its ID`);
	if (id.length > MAX_ID_LENGTH) throw new InvalidInputError(`${label} is ${id.length.toLocaleString('en-US')} characters long: no Segment ID is longer than ${MAX_ID_LENGTH.toLocaleString('en-US')}`, 'Map the ID itself, not a whole text or record.');
	// A dot segment, alone or between slashes: a proxy that decodes the slashes would climb out too.
	if (id.split(/[/\\]|%2f|%5c/i).some((part) => DOT_SEGMENT.test(part.trim()))) {
		throw new InvalidInputError(`${label} ${shortQuote(id)} is not an ID: it would point at another place in Segment's API`);
	}
	return encodeURIComponent(id);
}
