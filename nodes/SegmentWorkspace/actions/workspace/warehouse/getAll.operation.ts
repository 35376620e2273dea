import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		return await publicApiList(this, { path: '/warehouses', key: 'warehouses', max: readMax(this, itemIndex) });
	},
};
