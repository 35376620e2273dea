import { inputText } from '../../../../shared/inputText';
import { publicApiDelete } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { FILTER_HINTS, filterPath } from './fields';
import { readFilterId } from './getAll.operation';

export const deleteFilter: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		const filterId = inputText(this.getNodeParameter('filterId', itemIndex, '', { extractValue: true }), 'Filter ID');
		const outcome = await publicApiDelete(this, { path: `${filterPath(id)}/${readFilterId(filterId)}`, hints: FILTER_HINTS });
		return [deleteOutput(filterId, outcome, 'filter on this destination', { destinationId: decodeURIComponent(id) })];
	},
};
