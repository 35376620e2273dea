import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { FILTER_HINTS, filterPath } from './fields';
import { readFilterId } from './getAll.operation';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		const data = await publicApiRequest(this, { method: 'GET', path: `${filterPath(id)}/${readFilterId(this.getNodeParameter('filterId', itemIndex, '', { extractValue: true }))}`, hints: FILTER_HINTS });
		return [data.filter as IDataObject];
	},
};
