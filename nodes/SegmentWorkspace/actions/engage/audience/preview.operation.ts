import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { waitUntil } from '../../../../shared/waitUntil';
import { readAudienceType, readDefinition } from '../../../publicApi/audienceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { OperationFailure } from '../../../../shared/actions/OperationFailure';
import { readResourceId } from '../../common/publicApiParameters';
import { NODE_WAIT_TOOLS, readWaitPlan } from '../../common/waitFields';

export const PREVIEW_HINTS = { ...ENGAGE_HINTS, 429: 'Segment allows 5 audience previews a minute and 700 a month per space: run fewer items at a time.' };

export const PREVIEW_WAIT = { name: 'waitForResult', defaultTimeoutSeconds: 120, defaultMaxIntervalSeconds: 5 };

export function previewOutput(preview: IDataObject): IDataObject {
	return {
		previewId: preview.id ?? null,
		status: preview.status ?? null,
		done: preview.status !== 'RUNNING',
		size: preview.size ?? null,
		count: (preview.size as IDataObject | undefined)?.count ?? null,
		results: preview.results ?? [],
		failureReason: preview.failureReason ?? null,
		audienceType: preview.audienceType ?? null,
		definition: preview.definition ?? null,
	};
}

export async function readPreview(ctx: IExecuteFunctions, path: string): Promise<IDataObject> {
	return ((await publicApiRequest(ctx, { method: 'GET', path, hints: PREVIEW_HINTS })).audiencePreview ?? {}) as IDataObject;
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
		const previewId = String((made.audiencePreview as IDataObject | undefined)?.id ?? '');
		if (!plan) return [{ previewId, status: 'RUNNING', done: false }];
		const path = `/spaces/${spaceId}/audiences/previews/${pathSegment(previewId, 'The preview ID Segment gave')}`;
		const outcome = await waitUntil(
			async () => await readPreview(this, path),
			(current) => current.status !== 'RUNNING',
			plan,
			NODE_WAIT_TOOLS,
		);
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
