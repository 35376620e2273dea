import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { checkRules } from '../../../publicApi/trackingPlanRules';
import { TRACKING_PLAN_HINTS } from './hints';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { parseJsonParameter } from '../../../../shared/actions/jsonParameter';
import { readResourceId } from '../../common/publicApiParameters';

/**
 * Sends the item's rules to a tracking plan: PATCH adds or changes them and keeps the
 * others, PUT makes them the plan's only rules.
 */
export function rulesChange(method: Extract<IHttpRequestMethods, 'PATCH' | 'PUT'>): ItemOperation {
	return {
		async execute(itemIndex) {
			const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
			const rules = checkRules(parseJsonParameter(this.getNodeParameter('rules', itemIndex, '[]'), 'Rules'), { renames: method === 'PATCH' });
			const data = await publicApiRequest(this, { method, path: `/tracking-plans/${id}/rules`, body: { rules } as unknown as IDataObject, hints: TRACKING_PLAN_HINTS });
			return [{ trackingPlanId: decodeURIComponent(id), status: data.status ?? null, ruleCount: rules.length }];
		},
	};
}
