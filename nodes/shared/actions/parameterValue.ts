import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../InvalidInputError';

export const isStackOverflow = (error: unknown) => error instanceof RangeError && /call stack/i.test(error.message);

/**
 * A parameter's value for an item. n8n's own handling of a value from an expression
 * recurses through it, and overflows the stack on one nested thousands of levels deep:
 * that becomes an error naming the field, instead of a bare RangeError.
 */
export function parameterValue(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string, fallback?: unknown): unknown {
	let value: unknown;
	let failure: unknown;
	try {
		value = ctx.getNodeParameter(name, itemIndex, fallback);
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return value;
	if (isStackOverflow(failure) || isStackOverflow((failure as { cause?: unknown }).cause)) {
		throw new InvalidInputError(`${label} is nested too deeply for n8n to read (thousands of levels); no Segment message needs that many`);
	}
	throw failure;
}
