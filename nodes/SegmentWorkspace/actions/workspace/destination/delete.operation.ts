import { publicApiDelete } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const deleteDestination: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		return [deleteOutput(decodeURIComponent(id), await publicApiDelete(this, { path: `/destinations/${id}` }), 'destination')];
	},
};
