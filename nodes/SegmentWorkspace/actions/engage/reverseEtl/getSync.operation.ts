import type { IDataObject } from 'n8n-workflow';

import { syncSummary } from '../../../publicApi/reverseEtlSync';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readModelId, readSyncId, readSyncStatus } from './syncParameters';

export const getSync: ItemOperation = {
	async execute(itemIndex) {
		const status = await readSyncStatus(this, readModelId(this, itemIndex), readSyncId(this, itemIndex));
		return [syncSummary(status) as unknown as IDataObject];
	},
};
