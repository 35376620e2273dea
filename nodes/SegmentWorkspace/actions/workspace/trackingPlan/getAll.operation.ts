import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import { TRACKING_PLAN_HINTS } from './hints';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		return await publicApiList(this, { path: '/tracking-plans', key: 'trackingPlans', max: readMax(this, itemIndex), hints: TRACKING_PLAN_HINTS });
	},
};
