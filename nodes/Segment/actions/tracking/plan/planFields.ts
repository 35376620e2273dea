import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { loadTrackingPlan } from '../../../../shared/protocols/planLoader';
import { plannedEventNames } from '../../../../shared/protocols/trackingPlan';

/** The operations whose messages a tracking plan checks (alias has no rule of its own). */
export const PLAN_CHECKED_OPERATIONS = ['track', 'identify', 'page', 'screen', 'group', 'batch'];

const show = { show: { resource: ['tracking'], operation: PLAN_CHECKED_OPERATIONS } };

export const planFields: INodeProperties[] = [
	{
		displayName: 'Tracking Plan',
		name: 'trackingPlanId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		displayOptions: show,
		description:
			"A Protocols tracking plan to check every message against before it is sent, as Segment would after answering 200. Needs a Segment Public API credential on this node. Leave empty to send without a check.",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTrackingPlans', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'tp_sprout_plan1' },
		],
	},
	{
		displayName: 'On Violation',
		name: 'onViolation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { ...show, hide: { trackingPlanId: [''] } },
		options: [
			{
				name: 'Refuse the Item',
				value: 'refuse',
				description: 'A message that breaks the plan is not sent; its item fails with every violation listed. Other items go out.',
			},
			{
				name: 'Send and Report',
				value: 'sendAndReport',
				description: "Send every message; each item's output lists its violations",
			},
			{
				name: "Follow the Source's Schema Settings",
				value: 'followSource',
				description:
					"Refuse exactly what Segment would block or strip for the write key's source (its Schema Configuration), send and report what it would only flag",
			},
		],
		default: 'refuse',
		description: 'What to do with a message that breaks the tracking plan',
	},
];

/** The plan's event names for the Event field, once a plan is chosen. */
export async function getPlannedEvents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const planId = this.getCurrentNodeParameter('trackingPlanId', { extractValue: true });
	if (planId === undefined || planId === null || String(planId).trim() === '') return [];
	const plan = await loadTrackingPlan(this, planId);
	return plannedEventNames(plan).map((name) => ({ name, value: name }));
}
