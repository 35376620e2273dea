import type { INodeProperties } from 'n8n-workflow';

import { destinationPicker, sourcePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { DELIVERY_OVERVIEW_LIMITS, DELIVERY_SUMMARY_LIMITS } from '../../../../shared/publicApi/metricWindows';
import { timeWindowFields } from '../../common/timeWindow';
import { metricFilterFields, metricOutputField } from './fields';
import { getDestinationMetrics } from './getDestinationMetrics.operation';
import { getDestinationSummary } from './getDestinationSummary.operation';
import { getSourceMetrics } from './getSourceMetrics.operation';
import { showFor } from '../../../../shared/actions/displayFor';

export const deliveryOverviewOperations: Record<string, ItemOperation> = { getSourceMetrics, getDestinationMetrics, getDestinationSummary };

const show = showFor('deliveryOverview');

const dimension = (value: string, name: string, description: string) => ({ name, value, description });
const EVENT_NAME = dimension('eventName', 'Event Name', 'The track event name');
const EVENT_TYPE = dimension('eventType', 'Event Type', 'track, identify, page, screen, group or alias');
const APP_VERSION = dimension('appVersion', 'App Version', 'context.app.version of the events');
const DISCARD_REASON = dimension('discardReason', 'Discard Reason', "Segment's code for why events were dropped");
const DESTINATION_DIMENSIONS = [
	APP_VERSION,
	dimension('activationId', 'Activation ID', 'An Engage activation'),
	dimension('audienceId', 'Audience ID', 'An Engage audience'),
	DISCARD_REASON,
	EVENT_NAME,
	EVENT_TYPE,
	dimension('spaceId', 'Space ID', 'An Engage space'),
	dimension('subscriptionId', 'Subscription ID', "An Actions destination's mapping"),
];

function groupByField(options: INodeProperties['options'], shown: Record<string, unknown>): INodeProperties {
	return {
		displayName: 'Group By',
		name: 'groupBy',
		type: 'multiOptions',
		options,
		default: [],
		displayOptions: { show: shown as NonNullable<INodeProperties['displayOptions']>['show'] },
		description: 'Count separately for each value of these; one total when none is chosen',
	};
}

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deliveryOverview'] } },
		options: [
			{
				name: 'Get Destination Metrics',
				value: 'getDestinationMetrics',
				action: 'Get delivery metrics of a destination with the events delivered or failed or filtered per time bucket',
				description: 'Events delivered to, failed at or filtered out before one destination, per time bucket',
			},
			{
				name: 'Get Destination Summary',
				value: 'getDestinationSummary',
				action: 'Get the delivery summary of a destination with its totals by metric',
				description: "Segment's delivery metrics summary of one destination: its totals by metric",
			},
			{
				name: 'Get Source Metrics',
				value: 'getSourceMetrics',
				action: 'Get delivery metrics of a source with the events received or dropped on the way in per time bucket',
				description: 'Events a source received, or dropped on the way in, per time bucket',
			},
		],
		default: 'getDestinationMetrics',
	},
	{
		displayName:
			"What really reached each destination, beyond Segment's 200 (beta in Segment's Public API)",
		name: 'deliveryOverviewNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['deliveryOverview'] } },
	},
	{
		displayName: 'Stage',
		name: 'stage',
		type: 'options',
		options: [
			{ name: 'Successfully Received', value: 'successfullyReceived', description: 'Events Segment took from the source' },
			{ name: 'Failed on Ingest', value: 'failedOnIngest', description: "Received, then dropped by Segment's validation" },
			{ name: 'Filtered at Source', value: 'filteredAtSource', description: 'Dropped by schema settings or a Protocols tracking plan' },
		],
		default: 'successfullyReceived',
		displayOptions: { show: show(['getSourceMetrics']) },
		description: 'Which events to count',
	},
	{
		displayName: 'Stage',
		name: 'stage',
		type: 'options',
		options: [
			{ name: 'Successful Delivery', value: 'successfulDelivery', description: 'Events the destination took' },
			{ name: 'Failed Delivery', value: 'failedDelivery', description: 'Events discarded after errors, or for requirements the destination did not meet' },
			{
				name: 'Filtered at Destination',
				value: 'filteredAtDestination',
				description: 'Dropped by destination filters, the integrations object, insert functions, consent or a mapping trigger',
			},
		],
		default: 'failedDelivery',
		displayOptions: { show: show(['getDestinationMetrics']) },
		description: 'Which events to count',
	},
	{ ...sourcePicker, displayOptions: { show: show(['getSourceMetrics', 'getDestinationMetrics', 'getDestinationSummary']) } },
	{ ...destinationPicker, description: 'The destination, connected to the source', displayOptions: { show: show(['getDestinationMetrics', 'getDestinationSummary']) } },
	...timeWindowFields(show(['getSourceMetrics', 'getDestinationMetrics']), DELIVERY_OVERVIEW_LIMITS),
	// The destination summary is another endpoint, with limits of its own.
	...timeWindowFields(show(['getDestinationSummary']), DELIVERY_SUMMARY_LIMITS),
	groupByField([APP_VERSION, EVENT_NAME, EVENT_TYPE], show(['getSourceMetrics'], { stage: ['successfullyReceived'] })),
	groupByField([APP_VERSION, DISCARD_REASON, EVENT_NAME, EVENT_TYPE], show(['getSourceMetrics'], { stage: ['failedOnIngest', 'filteredAtSource'] })),
	groupByField(DESTINATION_DIMENSIONS, show(['getDestinationMetrics'])),
	...metricFilterFields(show(['getSourceMetrics']), false),
	...metricFilterFields(show(['getDestinationMetrics']), true),
	metricOutputField(show(['getSourceMetrics', 'getDestinationMetrics'])),
];
