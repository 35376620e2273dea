import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		const data = await publicApiRequest(this, { method: 'GET', path: `/sources/${id}` });
		return [{ ...(data.source as IDataObject), trackingPlanId: data.trackingPlanId ?? null }];
	},
};
