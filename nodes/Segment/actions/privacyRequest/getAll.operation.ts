import type { IDataObject } from 'n8n-workflow';

import { publicApiList } from '../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../common/ItemOperation';
import { readMax } from '../common/listFields';
import { readResourceId } from '../common/publicApiParameters';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const scope = this.getNodeParameter('scope', itemIndex, 'workspace') as string;
		const path = scope === 'source' ? `/regulations/sources/${readResourceId(this, 'sourceId', itemIndex, 'Source')}` : '/regulations';
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		if (filters.status) qs.status = filters.status;
		if (Array.isArray(filters.regulationTypes) && filters.regulationTypes.length > 0) qs.regulationTypes = filters.regulationTypes;
		return await publicApiList(this, { path, key: 'regulations', qs, max: readMax(this, itemIndex) });
	},
};
