import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../common/ItemOperation';
import { readMax } from '../../common/listFields';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		return await publicApiList(this, { path: '/warehouses', key: 'warehouses', max: readMax(this, itemIndex) });
	},
};
