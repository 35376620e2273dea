import { REVERSE_ETL_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readModelId, readSyncId } from './syncParameters';

/** Why a sync is cancelled, as Segment numbers the reasons. */
export const CANCEL_REASONS = [
	{ name: 'Incorrect Model', value: 0 },
	{ name: 'Incorrect Destination', value: 1 },
	{ name: 'Incorrect Keys', value: 2 },
	{ name: 'Incorrect Mapping', value: 3 },
	{ name: 'Other', value: 4 },
];

export const cancelSync: ItemOperation = {
	async execute(itemIndex) {
		const modelId = readModelId(this, itemIndex);
		const syncId = readSyncId(this, itemIndex);
		const reason = this.getNodeParameter('reasonForCanceling', itemIndex, 4) as number;
		const data = await publicApiRequest(this, {
			method: 'POST',
			path: `/reverse-etl-models/${modelId}/syncs/${syncId}/cancel`,
			version: 'alpha',
			body: { reasonForCanceling: reason },
			hints: { ...REVERSE_ETL_HINTS, 422: 'Segment cancels only a sync still in progress: a finished or cancelled one cannot be.' },
		});
		// Segment may answer 200 and say in the body that there was nothing to stop.
		const errorCode = typeof data.errorCode === 'string' && data.errorCode !== '' ? data.errorCode : null;
		return [
			{
				modelId: data.modelId ?? decodeURIComponent(modelId),
				syncId: data.syncId ?? decodeURIComponent(syncId),
				status: data.status ?? null,
				canceling: errorCode === null && data.status === 'CANCELLING',
				errorCode,
				errorMessage: data.errorMessage ?? null,
			},
		];
	},
};
