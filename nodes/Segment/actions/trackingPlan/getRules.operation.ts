import { publicApiList } from '../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../common/ItemOperation';
import { readMax } from '../common/listFields';
import { readResourceId } from '../common/publicApiParameters';

export const getRules: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		return await publicApiList(this, { path: `/tracking-plans/${id}/rules`, key: 'rules', max: readMax(this, itemIndex) });
	},
};
