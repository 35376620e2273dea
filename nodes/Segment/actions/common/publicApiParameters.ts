import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/InvalidInputError';

/** The ID in a resource picker (from the list or typed), ready for a URL path. */
export function readResourceId(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const id = String(value ?? '').trim();
	if (id === '') throw new InvalidInputError(`${label} is empty: pick one from the list or give its ID`);
	return encodeURIComponent(id);
}
