import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readResourceId } from '../../common/publicApiParameters';

export const getConnectedDestinations: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		return await publicApiList(this, { path: `/sources/${id}/connected-destinations`, key: 'destinations', max: readMax(this, itemIndex) });
	},
};
