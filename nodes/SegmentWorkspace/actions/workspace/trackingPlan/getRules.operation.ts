import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import { TRACKING_PLAN_HINTS } from './hints';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readResourceId } from '../../common/publicApiParameters';

export const getRules: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		return await publicApiList(this, { path: `/tracking-plans/${id}/rules`, key: 'rules', max: readMax(this, itemIndex), hints: TRACKING_PLAN_HINTS });
	},
};
