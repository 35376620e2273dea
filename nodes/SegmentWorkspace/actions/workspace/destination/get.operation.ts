import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		const data = await publicApiRequest(this, { method: 'GET', path: `/destinations/${id}` });
		return [data.destination as IDataObject];
	},
};
