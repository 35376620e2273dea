import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
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
import { getDestinations } from '../shared/publicApi/workspaceOptions';
import {
	searchDestinationFilters,
	searchDestinationSubscriptions,
	searchFunctions,
	searchPrivacyRequests,
	searchReverseEtlMappings,
	searchReverseEtlSyncs,
	searchWriteKeys,
} from './methods/pickerSearch';
import * as audience from './actions/engage/audience';
import * as computedTrait from './actions/engage/computedTrait';
import * as reverseEtl from './actions/engage/reverseEtl';
import * as auditEvent from './actions/monitoring/auditEvent';
import * as deliveryOverview from './actions/monitoring/deliveryOverview';
import * as usage from './actions/monitoring/usage';
import * as privacyRequest from './actions/privacyRequest';
import { router } from './actions/router';
import { toolChangeFields } from './actions/toolFields';
import * as destination from './actions/workspace/destination';
import * as destinationFilter from './actions/workspace/destinationFilter';
import * as workspaceFunction from './actions/workspace/function';
import * as label from './actions/workspace/label';
import * as source from './actions/workspace/source';
import * as suppression from './actions/workspace/suppression';
import * as trackingPlan from './actions/workspace/trackingPlan';
import * as warehouse from './actions/workspace/warehouse';

const resourceProperties: INodeProperties[] = [
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
];

/** Segment's Public API with a workspace token: the workspace, its monitoring, Engage and Reverse ETL. */
export class SegmentWorkspace implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment Workspace',
		name: 'segmentWorkspace',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Run a Segment workspace: sources, destinations, filters, tracking plans, delivery overview, usage, the audit trail, Engage audiences, Reverse ETL syncs, and deletion or suppression of a person's data (Public API)",
		defaults: { name: 'Segment Workspace' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmentPublicApi', required: true }],
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
						description: 'Engage audiences of a space: list, read, create, change, delete, run and preview (partly alpha)',
					},
					{
						name: 'Audit Event',
						value: 'auditEvent',
						description: 'Who changed what in the workspace, and when (Business plan)',
					},
					{
						name: 'Computed Trait',
						value: 'computedTrait',
						description: 'Engage computed traits of a space (alpha)',
					},
					{
						name: 'Delivery Overview',
						value: 'deliveryOverview',
						description: 'What each source received and each destination really got, failed or filtered (beta)',
					},
					{
						name: 'Destination',
						value: 'destination',
						description: 'The destinations of the workspace: list, read, create, turn on or off, rename, delete, and their mappings',
					},
					{
						name: 'Destination Filter',
						value: 'destinationFilter',
						description: "Filters that drop, sample or trim a destination's events; copy one to many destinations (Business plan)",
					},
					{
						name: 'Function',
						value: 'function',
						description: 'List, read and deploy Segment Functions',
					},
					{
						name: 'Label',
						value: 'label',
						description: 'The labels that group sources for access and governance',
					},
					{
						name: 'Privacy Request',
						value: 'privacyRequest',
						description: "Delete or suppress a person's data (GDPR, CCPA) and follow the request",
					},
					{
						name: 'Reverse ETL',
						value: 'reverseEtl',
						description: 'Models of the warehouse, and syncs a workflow starts and waits for (alpha)',
					},
					{
						name: 'Source',
						value: 'source',
						description: 'The sources of the workspace: list, read, create, turn on or off, rename, delete, labels and write keys',
					},
					{
						name: 'Suppression',
						value: 'suppression',
						description: 'The users whose data Segment no longer takes',
					},
					{
						name: 'Tracking Plan',
						value: 'trackingPlan',
						description: 'Tracking plans, their rules and their sources (Protocols)',
					},
					{
						name: 'Usage',
						value: 'usage',
						description: 'Event volume, monthly tracked users (MTU) and API calls',
					},
					{
						name: 'Warehouse',
						value: 'warehouse',
						description: 'List and read the warehouses of the workspace',
					},
				],
				default: 'source',
			},
			...toolChangeFields(resourceProperties),
			...resourceProperties,
		],
	};

	methods = {
		listSearch: {
			searchSources,
			searchDestinations,
			searchTrackingPlans,
			searchWarehouses,
			searchSpaces,
			searchAudiences,
			searchComputedTraits,
			searchReverseEtlModels,
			searchSourceCatalog,
			searchDestinationCatalog,
			searchFunctions,
			searchDestinationFilters,
			searchDestinationSubscriptions,
			searchPrivacyRequests,
			searchWriteKeys,
			searchReverseEtlMappings,
			searchReverseEtlSyncs,
		},
		loadOptions: { getDestinations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
