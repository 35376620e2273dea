import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { inputText } from '../../../../shared/inputText';
import { REVERSE_ETL_HINTS } from '../../../../shared/publicApi/engageHints';
import { DeadlinePassed, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { LAST_CHECK_GRACE_MS, waitUntil } from '../../../../shared/waitUntil';
import { syncFailed, syncFailureText, syncSummary } from '../../../publicApi/reverseEtlSync';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { OperationFailure } from '../../../../shared/actions/OperationFailure';
import { NODE_WAIT_TOOLS, readWaitPlan } from '../../common/waitFields';
import { readModelId, readSubscriptionId, readSyncStatus } from './syncParameters';

export const SYNC_WAIT = { name: 'waitForCompletion', defaultTimeoutSeconds: 1_800, defaultMaxIntervalSeconds: 30 };

/** The Reverse ETL source of a model: given, or read from the model. */
async function sourceOf(ctx: IExecuteFunctions, modelId: string, given: string): Promise<string> {
	if (given !== '') return given;
	const data = await publicApiRequest(ctx, { method: 'GET', path: `/reverse-etl-models/${modelId}`, version: 'alpha', hints: REVERSE_ETL_HINTS });
	return String((data.reverseEtlModel as IDataObject | undefined)?.sourceId ?? '');
}

export const startSync: ItemOperation = {
	async execute(itemIndex) {
		const modelId = readModelId(this, itemIndex);
		const subscriptionId = readSubscriptionId(this, itemIndex);
		const plan = readWaitPlan(this, itemIndex, SYNC_WAIT);
		const sourceId = await sourceOf(this, modelId, inputText(this.getNodeParameter('sourceId', itemIndex, '', { extractValue: true }), 'Source ID'));
		// Never sent twice: a lost answer could mean a second sync of the whole model.
		const started = await publicApiRequest(this, {
			method: 'POST',
			path: '/reverse-etl-syncs',
			version: 'alpha',
			body: { sourceId, modelId: decodeURIComponent(modelId), subscriptionId: decodeURIComponent(subscriptionId) },
			hints: { ...REVERSE_ETL_HINTS, 429: 'Segment allows 20 manual syncs a minute.' },
		});
		const manual = (started.reverseETLManualSync ?? {}) as IDataObject;
		// The sync runs: an ID Segment sent that cannot be a path segment must not point a status check elsewhere.
		let syncPath: string;
		try {
			syncPath = pathSegment(manual.syncId, 'The sync ID Segment gave');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Segment started the sync but answered without a usable sync ID: ${(error as Error).message}`, {
				itemIndex,
				description: 'Do not start it again: follow it in Segment (Reverse ETL → the model → Syncs), or with Get Syncs.',
			});
		}
		const syncId = decodeURIComponent(syncPath);
		if (!plan) return [{ syncId, startedAt: manual.startedAt ?? null, modelId: decodeURIComponent(modelId), sourceId, subscriptionId: decodeURIComponent(subscriptionId), syncStatus: 'IN_PROGRESS', done: false }];
		// The last check at the Timeout gets a few seconds to be answered; a longer wait Segment asks for ends the wait.
		const deadline = Date.now() + plan.timeoutMs + LAST_CHECK_GRACE_MS;
		const waited = await waitUntil(async () => syncSummary(await readSyncStatus(this, modelId, syncPath, deadline)), (summary) => summary.done, plan, NODE_WAIT_TOOLS).then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
		if ('error' in waited) {
			const { error } = waited;
			if (error instanceof DeadlinePassed) {
				throw new OperationFailure(this.getNode(), `The Reverse ETL sync ${syncId} was still running after ${Math.round(plan.timeoutMs / 1000)} seconds: ${error.message}`, { syncId, done: false }, {
					itemIndex,
					description: 'The sync goes on in Segment. Raise Wait Options → Timeout, or follow it with Get Sync and this Sync ID.',
				});
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
		const outcome = waited.value;

		const summary = { ...outcome.last, syncId, subscriptionId: decodeURIComponent(subscriptionId) } as unknown as IDataObject;
		if (!outcome.done) {
			throw new OperationFailure(this.getNode(), `The Reverse ETL sync ${syncId} was still ${String(outcome.last.syncStatus ?? 'running')} after ${Math.round(outcome.waitedMs / 1000)} seconds`, summary, {
				itemIndex,
				description: 'The sync goes on in Segment. Raise Wait Options → Timeout, or follow it with Get Sync and this Sync ID.',
			});
		}
		if (syncFailed(outcome.last.syncStatus)) {
			throw new OperationFailure(this.getNode(), syncFailureText(outcome.last), summary, {
				itemIndex,
				description: "See the sync in Segment (Reverse ETL → the model → Syncs) for what the warehouse or the destination answered.",
			});
		}
		return [summary];
	},
};
