import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'warehouseId', itemIndex, 'Warehouse');
		const data = await publicApiRequest(this, { method: 'GET', path: `/warehouses/${id}` });
		return [data.warehouse as IDataObject];
	},
};
