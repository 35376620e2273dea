import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pollWithClearErrors } from '../shared/pollErrors';
import { searchSources } from '../shared/publicApi/listSearch';
import { sourcePicker } from '../shared/publicApi/resourcePickers';
import { getDestinations, getSources } from '../shared/publicApi/workspaceOptions';
import { pollWorkspace } from './pollWorkspace';

const show = (watch: string[], extra: Record<string, unknown[]> = {}) => ({ show: { watch, ...extra } });


export class SegmentWorkspaceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment Workspace Trigger',
		name: 'segmentWorkspaceTrigger',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {deliveryFailures: "Delivery failures", sourceSilent: "A source goes silent", volumeChange: "Event volume changes", auditEvents: "Audit trail", mtuThreshold: "MTU budget"}[$parameter["watch"]] }}',
		// n8n's nodes panel merges this trigger with the Segment Workspace node into one entry,
		// which shows this text: it speaks for both.
		description:
			'Raise the alarm when data stops flowing (a destination failing, a source gone silent, volume changing, audit events, the MTU budget); run the workspace, Engage and Reverse ETL (Public API)',
		defaults: { name: 'Segment Workspace Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmentPublicApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Audit Trail Events',
						value: 'auditEvents',
						description: 'Every new audit trail event, oldest first, each once (Business plan)',
					},
					{
						name: 'Delivery Failures',
						value: 'deliveryFailures',
						description: 'A destination whose failed deliveries in the window exceed the threshold; once per episode',
					},
					{
						name: 'Event Volume Change',
						value: 'volumeChange',
						description: 'The event volume of a source or an event falls or rises by more than a percentage against a day or a week before',
					},
					{
						name: 'MTU Budget',
						value: 'mtuThreshold',
						description: "The month's monthly tracked users cross a percentage of a budget; once a month per threshold",
					},
					{
						name: 'Source Goes Silent',
						value: 'sourceSilent',
						description: 'A source that received events before takes fewer than a minimum in the window; once per episode',
					},
				],
				default: 'deliveryFailures',
			},
			{
				displayName:
					'One alarm when a problem starts, not one per poll while it lasts',
				name: 'planNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Destinations',
				name: 'destinationScope',
				type: 'options',
				options: [
					{ name: 'All of a Source', value: 'source', description: 'Every destination connected to the source, as it is at each poll' },
					{ name: 'Chosen Ones', value: 'chosen', description: 'The destinations picked below' },
				],
				default: 'source',
				displayOptions: show(['deliveryFailures']),
			},
			{ ...sourcePicker, description: 'The source whose destinations to watch', displayOptions: show(['deliveryFailures'], { destinationScope: ['source'] }) },
			{ ...sourcePicker, description: 'The source whose events to count', displayOptions: show(['volumeChange'], { volumeOf: ['source'] }) },
			{
				...sourcePicker,
				required: false,
				description: 'Only the events of this source; every source when empty',
				displayOptions: show(['volumeChange'], { volumeOf: ['event'] }),
			},
			{ ...sourcePicker, description: 'The source whose MTU to watch', displayOptions: show(['mtuThreshold'], { mtuScope: ['source'] }) },
			{
				displayName: 'Destination Names or IDs',
				name: 'destinationIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getDestinations' },
				default: [],
				displayOptions: show(['deliveryFailures'], { destinationScope: ['chosen'] }),
				description: 'The destinations to watch. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Threshold Type',
				name: 'thresholdType',
				type: 'options',
				options: [
					{ name: 'Failed Deliveries', value: 'count', description: 'More than Threshold failed deliveries in the window' },
					{ name: 'Percent of Attempts', value: 'percent', description: 'More than Threshold percent of the attempts in the window failed' },
				],
				default: 'count',
				displayOptions: show(['deliveryFailures']),
			},
			{
				displayName: 'Threshold',
				name: 'threshold',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				displayOptions: show(['deliveryFailures']),
				description: 'The alarm is raised above this: a count of failed deliveries, or a percentage',
			},
			{
				displayName: 'Source Names or IDs',
				name: 'sourceIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSources' },
				default: [],
				displayOptions: show(['sourceSilent']),
				description: 'The sources to watch; all of the workspace when none is chosen. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Minimum Events',
				name: 'minimumEvents',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				displayOptions: show(['sourceSilent']),
				description: 'Fewer than this many events in the window, after traffic before, is silence',
			},
			{
				displayName: 'Volume Of',
				name: 'volumeOf',
				type: 'options',
				options: [
					{ name: 'A Source', value: 'source', description: 'All events of the source' },
					{ name: 'An Event Name', value: 'event', description: 'One track event, of every source or of the one picked' },
				],
				default: 'source',
				displayOptions: show(['volumeChange']),
			},
			{
				displayName: 'Event Name',
				name: 'eventName',
				type: 'string',
				default: '',
				placeholder: 'Order Completed',
				displayOptions: show(['volumeChange'], { volumeOf: ['event'] }),
			},
			{
				displayName: 'Percent',
				name: 'percent',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				displayOptions: show(['volumeChange']),
				description: 'The alarm is raised when the volume changes by more than this percentage',
			},
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Falls or Rises', value: 'either' },
					{ name: 'Falls', value: 'fall' },
					{ name: 'Rises', value: 'rise' },
				],
				default: 'either',
				displayOptions: show(['volumeChange']),
			},
			{
				displayName: 'Compared With',
				name: 'comparedWith',
				type: 'options',
				options: [
					{ name: 'The Same Window a Day Before', value: 'day' },
					{ name: 'The Same Window a Week Before', value: 'week' },
				],
				default: 'day',
				displayOptions: show(['volumeChange']),
			},
			{
				displayName: 'Window (Minutes)',
				name: 'windowMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 15,
				displayOptions: show(['deliveryFailures', 'sourceSilent', 'volumeChange']),
				description: 'How far back each poll looks. Up to 240 minutes Segment counts by the minute, longer by the hour.',
			},
			{
				displayName: 'Event Types',
				name: 'auditTypes',
				type: 'string',
				default: '',
				placeholder: 'Source Deleted, Integration Modified',
				displayOptions: show(['auditEvents']),
				description: 'Only audit events of these types, separated by commas; all when empty',
			},
			{
				displayName: 'Resource Type',
				name: 'resourceType',
				type: 'string',
				default: '',
				placeholder: 'source',
				displayOptions: show(['auditEvents']),
				description: 'Only events about this kind of resource',
			},
			{
				displayName: 'Resource ID',
				name: 'resourceId',
				type: 'string',
				default: '',
				displayOptions: show(['auditEvents']),
				description: 'Only events about this resource',
			},
			{
				displayName: 'Scope',
				name: 'mtuScope',
				type: 'options',
				options: [
					{ name: 'Workspace', value: 'workspace' },
					{ name: 'One Source', value: 'source' },
				],
				default: 'workspace',
				displayOptions: show(['mtuThreshold']),
			},
			{
				displayName: 'Monthly Budget',
				name: 'monthlyBudget',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				displayOptions: show(['mtuThreshold']),
				description: 'The monthly tracked users your plan includes, or that you budget for',
			},
			{
				displayName: 'Percent of Budget',
				name: 'percents',
				type: 'string',
				default: '80, 100',
				displayOptions: show(['mtuThreshold']),
				description: 'The thresholds, separated by commas; each raises one alarm a month when crossed',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: show(['deliveryFailures', 'sourceSilent', 'volumeChange', 'auditEvents', 'mtuThreshold']),
				options: [
					{
						displayName: 'Late Arrival Window (Minutes)',
						name: 'lateWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						displayOptions: { show: { '/watch': ['auditEvents'] } },
						description: 'How far before the newest event seen each poll reads again, so that events sharing a time or listed late are not missed',
					},
					{
						displayName: 'Notify on Recovery',
						name: 'notifyRecovery',
						type: 'boolean',
						default: false,
						displayOptions: { show: { '/watch': ['deliveryFailures', 'sourceSilent', 'volumeChange'] } },
						description: 'Whether to start the workflow once more when an alarm ends, with status "recovered"',
					},
					{
						displayName: 'Usage Month Starts on Day',
						name: 'usageMonthStartDay',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 28 },
						default: 1,
						displayOptions: { show: { '/watch': ['mtuThreshold'] } },
						description: "The day of the month your Segment usage month (billing period) starts, as Segment's usage page shows it; thresholds alarm again once a new usage month begins",
					},
					{
						displayName: 'Traffic Before (Hours)',
						name: 'baselineHours',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 312 },
						default: 24,
						displayOptions: { show: { '/watch': ['sourceSilent'] } },
						description: 'How long before the window a source must have had events for its silence to count',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchSources },
		loadOptions: { getDestinations, getSources },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollWithClearErrors(this, pollWorkspace);
	}
}
