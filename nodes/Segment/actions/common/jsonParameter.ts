import { InvalidInputError } from '../../../shared/InvalidInputError';

export const JSON_OBJECT_HINT = 'Write a JSON object such as {"plan": "pro"}, or map an object with an expression.';

/** A JSON parameter that may hold text or, from an expression, the value itself. */
export function parseJsonParameter(value: unknown, label: string, hint = JSON_OBJECT_HINT): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	let parsed: unknown;
	let parseError: string | undefined;
	try {
		parsed = JSON.parse(value);
	} catch (error) {
		parseError = (error as Error).message;
	}
	if (parseError !== undefined) throw new InvalidInputError(`${label} is not valid JSON: ${parseError}`, hint);
	return parsed;
}
