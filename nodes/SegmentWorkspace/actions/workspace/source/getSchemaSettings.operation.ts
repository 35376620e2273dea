import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const getSchemaSettings: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		return [await publicApiRequest(this, { method: 'GET', path: `/sources/${id}/settings` })];
	},
};
