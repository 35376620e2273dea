import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { timeWindowFields } from '../../common/timeWindow';
import { metricOutputField } from '../deliveryOverview/fields';
import { getApiCalls } from './getApiCalls.operation';
import { getEventVolume } from './getEventVolume.operation';
import { getMtu } from './getMtu.operation';
import { showFor } from '../../../../shared/actions/displayFor';

export const usageOperations: Record<string, ItemOperation> = { getEventVolume, getMtu, getApiCalls };

const show = showFor('usage');

const usageFields = (operations: string[]): INodeProperties[] => [
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Workspace', value: 'workspace', description: 'One row per day for the whole workspace' },
			{ name: 'Per Source', value: 'perSource', description: 'One row per day and source' },
		],
		default: 'workspace',
		displayOptions: { show: show(operations) },
	},
	{
		displayName: 'Period',
		name: 'period',
		type: 'string',
		default: '',
		placeholder: '2026-11',
		displayOptions: { show: show(operations) },
		description: 'The month, e.g. 2026-11 (or any date in it); empty: the current month. Counts are cumulative day by day.',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['usage'] } },
		options: [
			{
				name: 'Get API Calls',
				value: 'getApiCalls',
				action: 'Get the API calls of a month per day for the workspace or each source',
				description: 'Daily API calls of the workspace, or of each source, for a month',
			},
			{
				name: 'Get Event Volume',
				value: 'getEventVolume',
				action: 'Get the event volume per time bucket by event name or type or source',
				description: 'How many events the workspace took, per time bucket, by event name, type or source',
			},
			{
				name: 'Get MTU',
				value: 'getMtu',
				action: 'Get the monthly tracked users of a month per day for the workspace or each source',
				description: 'Daily monthly tracked users (MTU) of the workspace, or of each source, for a month',
			},
		],
		default: 'getEventVolume',
	},
	...timeWindowFields(show(['getEventVolume'])),
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'multiOptions',
		options: [
			{ name: 'Event Name', value: 'eventName' },
			{ name: 'Event Type', value: 'eventType' },
			{ name: 'Source', value: 'source' },
		],
		default: [],
		displayOptions: { show: show(['getEventVolume']) },
		description: 'Count separately for each value of these; one total when none is chosen',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: show(['getEventVolume']) },
		options: [
			{ displayName: 'App Versions', name: 'appVersion', type: 'string', default: '', description: 'Only these app versions, separated by commas' },
			{ displayName: 'Event Names', name: 'eventName', type: 'string', default: '', placeholder: 'Order Completed', description: 'Only these events, separated by commas' },
			{
				displayName: 'Event Types',
				name: 'eventType',
				type: 'multiOptions',
				options: ['alias', 'group', 'identify', 'page', 'screen', 'track'].map((type) => ({ name: type, value: type })),
				default: [],
				description: 'Only events of these types',
			},
			{ displayName: 'Source IDs', name: 'sourceId', type: 'string', default: '', placeholder: 'qQEHquLrjRDN9j1ByrChyn', description: 'Only these sources, by ID, separated by commas' },
		],
	},
	metricOutputField(show(['getEventVolume'])),
	...usageFields(['getMtu', 'getApiCalls']),
];
