import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readResourceId } from '../../common/publicApiParameters';
import { FILTER_HINTS, filterPath } from './fields';

export const readFilterId = (value: unknown) => pathSegment(value, 'Filter ID');

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		return await publicApiList(this, { path: filterPath(id), key: 'filters', max: readMax(this, itemIndex), hints: FILTER_HINTS });
	},
};
