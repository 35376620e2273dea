import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readResourceId } from '../../common/publicApiParameters';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		return await publicApiList(this, { path: `/spaces/${spaceId}/computed-traits`, key: 'computedTraits', version: 'alpha', max: readMax(this, itemIndex), hints: ENGAGE_HINTS });
	},
};
