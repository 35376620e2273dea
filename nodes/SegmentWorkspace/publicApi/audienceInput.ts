import { InvalidInputError } from '../../shared/InvalidInputError';
import { inputText } from '../../shared/inputText';

/**
 * An audience as the Public API takes it, checked before anything is sent. Pure.
 */

export const AUDIENCE_TYPES = ['USERS', 'ACCOUNTS', 'LINKED'] as const;

/** Segment's search takes at most 255 characters. */
export const MAX_SEARCH_LENGTH = 255;

const QUERY_HINT = "Write it in Segment's audience query language, as the audience builder shows it (Engage → Audiences → the audience → Definition), e.g. event('Order Completed').count() >= 3.";

export function readDefinition(value: unknown): { query: string } {
	const query = inputText(value, 'Definition').trim();
	if (query === '') throw new InvalidInputError('Definition is empty: give the audience query', QUERY_HINT);
	return { query };
}

export function readAudienceType(value: unknown): string {
	const type = inputText(value, 'Audience Type').trim().toUpperCase();
	if (!(AUDIENCE_TYPES as readonly string[]).includes(type)) {
		throw new InvalidInputError(`Audience Type must be one of ${AUDIENCE_TYPES.join(', ')}, not "${type.slice(0, 40)}"`);
	}
	return type;
}

export function readAudienceName(value: unknown): string {
	const name = inputText(value, 'Name').trim();
	if (name === '') throw new InvalidInputError('Name is empty: give the audience a name');
	return name;
}

export function readSearch(value: unknown): string {
	const search = inputText(value, 'Search').trim();
	if (search.length > MAX_SEARCH_LENGTH) throw new InvalidInputError(`Search is ${search.length} characters long; Segment searches with at most ${MAX_SEARCH_LENGTH}`);
	return search;
}

/** The Update Fields of an audience, as the PATCH body: only what was given. */
export function audienceUpdate(fields: Record<string, unknown>): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	if (fields.name !== undefined) body.name = readAudienceName(fields.name);
	if (fields.description !== undefined) body.description = inputText(fields.description, 'Description');
	if (fields.enabled !== undefined) {
		if (typeof fields.enabled !== 'boolean') throw new InvalidInputError('Enabled must be true or false');
		body.enabled = fields.enabled;
	}
	if (fields.definition !== undefined) body.definition = readDefinition(fields.definition);
	if (Object.keys(body).length === 0) throw new InvalidInputError('Nothing to update: add at least one of the Update Fields');
	return body;
}
