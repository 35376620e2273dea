import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	searchAudiences,
	searchComputedTraits,
	searchDestinationCatalog,
	searchDestinations,
	searchReverseEtlModels,
	searchSourceCatalog,
	searchSources,
	searchSpaces,
	searchTrackingPlans,
	searchWarehouses,
} from '../shared/publicApi/listSearch';
import * as destination from './actions/workspace/destination';
import * as audience from './actions/engage/audience';
import * as computedTrait from './actions/engage/computedTrait';
import * as reverseEtl from './actions/engage/reverseEtl';
import * as auditEvent from './actions/monitoring/auditEvent';
import * as deliveryOverview from './actions/monitoring/deliveryOverview';
import * as usage from './actions/monitoring/usage';
import * as privacyRequest from './actions/privacyRequest';
import * as profile from './actions/profile';
import { PUBLIC_API_RESOURCES, router } from './actions/router';
import * as source from './actions/workspace/source';
import * as tracking from './actions/tracking';
import * as trackingPlan from './actions/workspace/trackingPlan';
import * as warehouse from './actions/workspace/warehouse';
import * as destinationFilter from './actions/workspace/destinationFilter';
import * as workspaceFunction from './actions/workspace/function';
import * as label from './actions/workspace/label';
import * as suppression from './actions/workspace/suppression';
import { getDestinations } from '../shared/publicApi/workspaceOptions';

export class Segment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment',
		name: 'segment',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Send events, identities and page views to Segment, look up what Segment knows about a person and their audiences, manage the workspace, Engage audiences and Reverse ETL syncs, and delete or suppress a person's data",
		defaults: { name: 'Segment' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'segmentWriteKeyApi',
				required: true,
				displayOptions: { show: { resource: ['tracking'] } },
			},
			{
				name: 'segmentAccessTokenApi',
				required: true,
				displayOptions: { show: { resource: ['profile'] } },
			},
			{
				name: 'segmentPublicApi',
				required: true,
				displayOptions: { show: { resource: PUBLIC_API_RESOURCES } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Audience',
						value: 'audience',
						description: 'Engage audiences of a space: list, read, create, change, delete, run and preview (Public API, partly alpha)',
					},
					{
						name: 'Audit Event',
						value: 'auditEvent',
						description: 'Who changed what in the workspace, and when (Public API, Business plan)',
					},
					{
						name: 'Computed Trait',
						value: 'computedTrait',
						description: 'Engage computed traits of a space (Public API, alpha)',
					},
					{
						name: 'Delivery Overview',
						value: 'deliveryOverview',
						description: 'What each source received and each destination really got, failed or filtered (Public API, beta)',
					},
					{
						name: 'Destination',
						value: 'destination',
						description: 'List, read, turn on or off and rename the destinations of the workspace (Public API)',
					},
					{
						name: 'Destination Filter',
						value: 'destinationFilter',
						description: "Filters that drop, sample or trim a destination's events; copy one to many destinations (Public API, Business plan)",
					},
					{
						name: 'Function',
						value: 'function',
						description: 'List, read and deploy Segment Functions (Public API)',
					},
					{
						name: 'Label',
						value: 'label',
						description: 'The labels that group sources for access and governance (Public API)',
					},
					{
						name: 'Privacy Request',
						value: 'privacyRequest',
						description: "Delete or suppress a person's data (GDPR, CCPA) and follow the request (Public API)",
					},
					{
						name: 'Profile',
						value: 'profile',
						description: "Read what Segment knows about a person or account (Profile API, needs Segment Unify)",
					},
					{
						name: 'Reverse ETL',
						value: 'reverseEtl',
						description: 'Models of the warehouse, and syncs a workflow starts and waits for (Public API, alpha)',
					},
					{
						name: 'Source',
						value: 'source',
						description: 'List, read, turn on or off and rename the sources of the workspace (Public API)',
					},
					{
						name: 'Suppression',
						value: 'suppression',
						description: 'The users whose data Segment no longer takes (Public API)',
					},
					{
						name: 'Tracking',
						value: 'tracking',
						description: 'Send track, identify, page, screen, group, alias and batch calls',
					},
					{
						name: 'Tracking Plan',
						value: 'trackingPlan',
						description: 'Read tracking plans and change their rules (Public API)',
					},
					{
						name: 'Usage',
						value: 'usage',
						description: 'Event volume, monthly tracked users (MTU) and API calls (Public API)',
					},
					{
						name: 'Warehouse',
						value: 'warehouse',
						description: 'List and read the warehouses of the workspace (Public API)',
					},
				],
				default: 'tracking',
			},
			...tracking.description,
			...profile.description,
			...source.description,
			...destination.description,
			...trackingPlan.description,
			...warehouse.description,
			...privacyRequest.description,
			...deliveryOverview.description,
			...usage.description,
			...auditEvent.description,
			...audience.description,
			...computedTrait.description,
			...reverseEtl.description,
			...destinationFilter.description,
			...label.description,
			...workspaceFunction.description,
			...suppression.description,
		],
	};

	methods = {
		listSearch: { searchSources, searchDestinations, searchTrackingPlans, searchWarehouses, searchSpaces, searchAudiences, searchComputedTraits, searchReverseEtlModels, searchSourceCatalog, searchDestinationCatalog },
		loadOptions: { getDestinations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
