import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readSchemaSettings } from '../../../publicApi/workspaceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const updateSchemaSettings: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		const body = readSchemaSettings(this.getNodeParameter('schemaSettings', itemIndex, '{}'));
		const data = await publicApiRequest(this, {
			method: 'PATCH',
			path: `/sources/${id}/settings`,
			body: body as IDataObject,
			hints: { 422: "Segment refused the settings; its message names the field. Protocols settings apply only when the source's workspace has Protocols." },
		});
		return [{ sourceId: decodeURIComponent(id), settings: (data.settings ?? {}) as IDataObject }];
	},
};
