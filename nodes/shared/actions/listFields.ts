import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { kindOf } from '../inputText';
import { InvalidInputError } from '../InvalidInputError';

/** Return All and Limit, for the operations of `show` that return a list. */
export function returnAllFields(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

/** How many entries to return: undefined for all. A Limit that is no whole number of 1 or more is refused, not read as nothing. */
export function readMax(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const given = ctx.getNodeParameter('limit', itemIndex, 50) as unknown;
	const limit = typeof given === 'string' && given.trim() !== '' ? Number(given) : given;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new InvalidInputError(`Limit must be a whole number of 1 or more, not ${typeof given === 'string' ? `"${given.slice(0, 40)}"` : kindOrNumber(given)}`, 'Or turn on Return All.');
	}
	return limit;
}

function kindOrNumber(value: unknown): string {
	return typeof value === 'number' ? String(value) : kindOf(value);
}
