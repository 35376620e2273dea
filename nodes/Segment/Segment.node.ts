import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchTrackingPlans } from '../shared/publicApi/listSearch';
import { router } from './actions/router';
import { getPlannedEvents, PLAN_CHECKED_OPERATIONS } from './actions/tracking/plan/planFields';
import { getPlannedFields } from './actions/tracking/plan/plannedValues';
import * as tracking from './actions/tracking';

/**
 * Segment's Tracking API with a write key: the calls most users come for. Profiles and the
 * workspace have nodes of their own, each with its own credential, so that n8n's editor
 * never has to swap a credential inside one node.
 */
export class Segment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment',
		name: 'segment',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Send events to Segment: track, identify, page, screen, group, alias and batch calls, batched, retried and never lost or duplicated',
		defaults: { name: 'Segment' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'segmentWriteKeyApi', required: true },
			// Only to read the tracking plan messages are checked against: shown, and needed, once
			// a plan is chosen, so that the write key stays the one credential n8n picks by itself.
			{ name: 'segmentPublicApi', required: true, displayOptions: { show: { operation: PLAN_CHECKED_OPERATIONS }, hide: { trackingPlanId: [''] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Tracking',
						value: 'tracking',
						description: 'Send track, identify, page, screen, group, alias and batch calls',
					},
				],
				default: 'tracking',
			},
			...tracking.description,
		],
	};

	methods = {
		listSearch: { searchTrackingPlans },
		loadOptions: { getPlannedEvents },
		resourceMapping: { getPlannedFields },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
