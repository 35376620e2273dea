import { REVERSE_ETL_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';

export const getModels: ItemOperation = {
	async execute(itemIndex) {
		return await publicApiList(this, { path: '/reverse-etl-models', key: 'models', version: 'alpha', max: readMax(this, itemIndex), hints: REVERSE_ETL_HINTS });
	},
};
