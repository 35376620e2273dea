import type { IExecuteFunctions } from 'n8n-workflow';

import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { REVERSE_ETL_HINTS } from '../../../../shared/publicApi/engageHints';
import { DEFAULT_PUBLIC_API_RETRY, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readResourceId } from '../../common/publicApiParameters';

export const readModelId = (ctx: IExecuteFunctions, itemIndex: number) => readResourceId(ctx, 'modelId', itemIndex, 'Model');

export const readSyncId = (ctx: IExecuteFunctions, itemIndex: number) => pathSegment(ctx.getNodeParameter('syncId', itemIndex, '', { extractValue: true }), 'Sync ID');

export const readSubscriptionId = (ctx: IExecuteFunctions, itemIndex: number) =>
	pathSegment(ctx.getNodeParameter('subscriptionId', itemIndex, '', { extractValue: true }), 'Mapping (Subscription) ID');

/** One sync's status as Segment gives it. */
export async function readSyncStatus(ctx: IExecuteFunctions, modelId: string, syncId: string, deadlineMs?: number): Promise<Record<string, unknown>> {
	const data = await publicApiRequest(ctx, { method: 'GET', path: `/reverse-etl-models/${modelId}/syncs/${syncId}`, version: 'alpha', hints: REVERSE_ETL_HINTS }, { ...DEFAULT_PUBLIC_API_RETRY, deadlineMs });
	const status = data.reverseETLSyncStatus;
	return status !== null && typeof status === 'object' && !Array.isArray(status) ? (status as Record<string, unknown>) : {};
}
