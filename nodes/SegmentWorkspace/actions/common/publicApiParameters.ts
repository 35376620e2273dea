import type { IExecuteFunctions } from 'n8n-workflow';

import { pathSegment } from '../../../shared/publicApi/pathSegment';

/** The ID in a resource picker (from the list or typed), ready for a URL path. */
export function readResourceId(ctx: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	return pathSegment(ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }), label);
}
