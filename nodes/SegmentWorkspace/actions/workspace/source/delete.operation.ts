import { publicApiDelete } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const deleteSource: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		return [deleteOutput(decodeURIComponent(id), await publicApiDelete(this, { path: `/sources/${id}` }), 'source')];
	},
};
