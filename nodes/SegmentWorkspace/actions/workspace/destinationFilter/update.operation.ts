import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { FilterFields } from '../../../publicApi/destinationFilter';
import { filterUpdate } from '../../../publicApi/destinationFilter';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { FILTER_HINTS, filterPath, readActions } from './fields';
import { readFilterId } from './getAll.operation';

export const update: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		const fields = { ...(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject) } as FilterFields;
		const actions = this.getNodeParameter('replaceActions', itemIndex, false) === true ? readActions(this, itemIndex) : undefined;
		const data = await publicApiRequest(this, {
			method: 'PATCH',
			path: `${filterPath(id)}/${readFilterId(this.getNodeParameter('filterId', itemIndex, '', { extractValue: true }))}`,
			body: { ...filterUpdate(fields, actions !== undefined), ...(actions ? { actions } : {}) } as IDataObject,
			hints: FILTER_HINTS,
		});
		return [data.filter as IDataObject];
	},
};
