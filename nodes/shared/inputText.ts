import { InvalidInputError } from './InvalidInputError';
import { hasLoneSurrogate } from './loneSurrogate';

/** What a value is, in words, for an error that says it is the wrong kind. */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * A field that must be text, as the workflow builder gave it: trimmed, a number from a
 * spreadsheet as its digits, nothing as ''. An object or a list from an expression would
 * reach Segment as the text `[object Object]`, and a broken UTF-16 surrogate as garbage,
 * so both are refused with the field named. Pure.
 */
export function inputText(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value !== 'string') {
		throw new InvalidInputError(`${label} must be text, not ${kindOf(value)}`, 'Map the value itself, e.g. {{ $json.id }}, not the object or list around it.');
	}
	if (hasLoneSurrogate(value)) throw new InvalidInputError(`${label} holds a broken character (half of a UTF-16 surrogate pair)`);
	return value.trim();
}

/** A value a workflow builder gave, quoted for an error: long ones are cut (a megabyte must not come back whole). */
export function shortQuote(text: string, max = 60): string {
	return text.length > max ? `"${text.slice(0, max)}…" (${text.length.toLocaleString('en-US')} characters)` : `"${text}"`;
}
