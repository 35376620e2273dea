import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { enabledAndNameUpdate } from '../../../publicApi/enabledAndName';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const update: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		const body = enabledAndNameUpdate(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject, 'source');
		const data = await publicApiRequest(this, { method: 'PATCH', path: `/sources/${id}`, body: body as IDataObject });
		return [data.source as IDataObject];
	},
};
