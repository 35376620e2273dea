import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { DEFAULT_PUBLIC_API_RETRY, DeadlinePassed, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { LAST_CHECK_GRACE_MS, waitUntil } from '../../../../shared/waitUntil';
import { readAudienceType, readDefinition } from '../../../publicApi/audienceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { OperationFailure } from '../../../../shared/actions/OperationFailure';
import { readResourceId } from '../../common/publicApiParameters';
import { NODE_WAIT_TOOLS, readWaitPlan } from '../../common/waitFields';

export const PREVIEW_HINTS = { ...ENGAGE_HINTS, 429: 'Segment allows 5 audience previews a minute and 700 a month per space: run fewer items at a time.' };

export const PREVIEW_WAIT = { name: 'waitForResult', defaultTimeoutSeconds: 120, defaultMaxIntervalSeconds: 5 };

/** Segment's preview statuses that end it; any other, or none, is still running. */
export const PREVIEW_FINAL = ['COMPLETED', 'FAILED'];
const previewDone = (preview: IDataObject) => typeof preview.status === 'string' && PREVIEW_FINAL.includes(preview.status);

export function previewOutput(preview: IDataObject): IDataObject {
	return {
		previewId: preview.id ?? null,
		status: preview.status ?? null,
		done: previewDone(preview),
		size: preview.size ?? null,
		count: (preview.size as IDataObject | undefined)?.count ?? null,
		results: preview.results ?? [],
		failureReason: preview.failureReason ?? null,
		audienceType: preview.audienceType ?? null,
		definition: preview.definition ?? null,
	};
}

export async function readPreview(ctx: IExecuteFunctions, path: string, deadlineMs?: number): Promise<IDataObject> {
	const preview = (await publicApiRequest(ctx, { method: 'GET', path, hints: PREVIEW_HINTS }, { ...DEFAULT_PUBLIC_API_RETRY, deadlineMs })).audiencePreview;
	return preview !== null && typeof preview === 'object' && !Array.isArray(preview) ? (preview as IDataObject) : {};
}

export const preview: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const body: IDataObject = {
			definition: readDefinition(this.getNodeParameter('definition', itemIndex, '')),
			audienceType: readAudienceType(this.getNodeParameter('audienceType', itemIndex, 'USERS')),
		};
		const plan = readWaitPlan(this, itemIndex, PREVIEW_WAIT);
		const made = await publicApiRequest(this, { method: 'POST', path: `/spaces/${spaceId}/audiences/previews`, body, hints: PREVIEW_HINTS });
		let previewPath: string;
		try {
			previewPath = pathSegment((made.audiencePreview as IDataObject | undefined)?.id, 'The preview ID Segment gave');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Segment made the preview but answered without a usable preview ID: ${(error as Error).message}`, { itemIndex });
		}
		const previewId = decodeURIComponent(previewPath);
		if (!plan) return [{ previewId, status: 'RUNNING', done: false }];
		const path = `/spaces/${spaceId}/audiences/previews/${previewPath}`;
		// The last check at the Timeout gets a few seconds to be answered; a longer wait Segment asks for ends the wait.
		const deadline = Date.now() + plan.timeoutMs + LAST_CHECK_GRACE_MS;
		const waited = await waitUntil(async () => await readPreview(this, path, deadline), previewDone, plan, NODE_WAIT_TOOLS).then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
		if ('error' in waited) {
			const { error } = waited;
			if (error instanceof DeadlinePassed) {
				throw new OperationFailure(this.getNode(), `The audience preview ${previewId} was still running after ${Math.round(plan.timeoutMs / 1000)} seconds: ${error.message}`, { previewId, done: false }, {
					itemIndex,
					description: 'Raise Wait Options → Timeout, or read it later with Get Preview and its Preview ID.',
				});
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
		const outcome = waited.value;

		const output = previewOutput({ id: previewId, ...outcome.last });
		if (!outcome.done) {
			throw new OperationFailure(this.getNode(), `The audience preview ${previewId} was still running after ${Math.round(outcome.waitedMs / 1000)} seconds`, output, {
				itemIndex,
				description: 'Raise Wait Options → Timeout, or read it later with Get Preview and its Preview ID.',
			});
		}
		if (output.status === 'FAILED') {
			throw new OperationFailure(this.getNode(), `Segment could not compute the audience preview: ${String(output.failureReason ?? 'no reason given')}`, output, { itemIndex });
		}
		return [output];
	},
};
