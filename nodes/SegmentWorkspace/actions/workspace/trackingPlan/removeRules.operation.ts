import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { parseJsonParameter } from '../../../../shared/actions/jsonParameter';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { checkRulesToRemove, rulesQuery } from '../../../publicApi/trackingPlanRules';
import { readResourceId } from '../../common/publicApiParameters';
import { TRACKING_PLAN_HINTS } from './hints';

/** Takes rules out of a tracking plan: Segment reads which from the query of a DELETE. */
export const removeRules: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		const rules = checkRulesToRemove(parseJsonParameter(this.getNodeParameter('rules', itemIndex, '[]'), 'Rules'));
		const data = await publicApiRequest(this, { method: 'DELETE', path: `/tracking-plans/${id}/rules`, qs: rulesQuery(rules), hints: TRACKING_PLAN_HINTS });
		return [{ trackingPlanId: decodeURIComponent(id), status: data.status ?? null, removed: rules.length }];
	},
};
