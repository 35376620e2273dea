import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { TRACKING_PLAN_HINTS } from './hints';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		const data = await publicApiRequest(this, { method: 'GET', path: `/tracking-plans/${id}`, hints: TRACKING_PLAN_HINTS });
		return [data.trackingPlan as IDataObject];
	},
};
