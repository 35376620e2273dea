import { InvalidInputError } from '../InvalidInputError';
import { nestedTooDeeply, tooDeepText } from '../jsonDepth';
import { jsonSyntaxProblem, jsonSyntaxText } from '../jsonSyntax';

export const JSON_OBJECT_HINT = 'Write a JSON object such as {"plan": "pro"}, or map an object with an expression.';

/** A JSON parameter that may hold text or, from an expression, the value itself. */
export function parseJsonParameter(value: unknown, label: string, hint = JSON_OBJECT_HINT): unknown {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		const problem = jsonSyntaxProblem(value);
		if (problem) throw new InvalidInputError(`${label} is not valid JSON: ${jsonSyntaxText(problem)}`, hint);
		let parses = true;
		try {
			parsed = JSON.parse(value);
		} catch {
			parses = false;
		}
		// The parser's own words would echo the whole text back.
		if (!parses) throw new InvalidInputError(`${label} is not valid JSON`, hint);
	}
	if (nestedTooDeeply(parsed)) throw new InvalidInputError(tooDeepText(label), hint);
	return parsed;
}
