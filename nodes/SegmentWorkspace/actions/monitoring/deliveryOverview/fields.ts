import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../../shared/InvalidInputError';
import type { DeliveryStage } from '../../../../shared/publicApi/deliveryMetrics';
import { STAGE_DIMENSIONS } from '../../../../shared/publicApi/deliveryMetrics';
import { splitList } from '../../../../shared/splitList';

const EVENT_TYPES = ['alias', 'group', 'identify', 'page', 'screen', 'track'];

const listFilter = (name: string, displayName: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	description: 'Only these values, separated by commas',
});

/** Filters on a stage's dimensions; the destination stages have more of them. */
export function metricFilterFields(show: NonNullable<IDisplayOptions['show']>, destination: boolean): INodeProperties[] {
	const options: INodeProperties[] = [
		listFilter('appVersion', 'App Versions', '4.2.0'),
		listFilter('discardReason', 'Discard Reasons', 'integrations.http_5xx'),
		listFilter('eventName', 'Event Names', 'Order Completed, Signed Up'),
		{
			displayName: 'Event Types',
			name: 'eventType',
			type: 'multiOptions',
			options: EVENT_TYPES.map((type) => ({ name: type, value: type })),
			default: [],
			description: 'Only events of these types',
		},
	];
	if (destination) {
		options.push(
			listFilter('activationId', 'Activation IDs', ''),
			listFilter('audienceId', 'Audience IDs', ''),
			listFilter('spaceId', 'Space IDs', ''),
			listFilter('subscriptionId', 'Subscription IDs', ''),
		);
	}
	return [{ displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions: { show }, options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)) }];
}

export function metricOutputField(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'One Item per Time Bucket and Group', value: 'rows', description: '{time, count, …group keys, groupTotal, total}; none when there is nothing to count' },
			{ name: 'One Summary Item', value: 'summary', description: '{total, groups: [{…group keys, total}]}, also when the total is 0' },
		],
		default: 'rows',
		displayOptions: { show },
	};
}

const LABELS: Record<string, string> = {
	eventName: 'Event Names',
	eventType: 'Event Types',
	discardReason: 'Discard Reasons',
	appVersion: 'App Versions',
	subscriptionId: 'Subscription IDs',
	activationId: 'Activation IDs',
	audienceId: 'Audience IDs',
	spaceId: 'Space IDs',
};

/** The item's Group By and Filters, each dimension one the stage takes. */
export function readGrouping(ctx: IExecuteFunctions, itemIndex: number, stage: DeliveryStage): { groupBy: string[]; filter: Record<string, string[]> } {
	const allowed = STAGE_DIMENSIONS[stage];
	const groupBy = splitList(ctx.getNodeParameter('groupBy', itemIndex, []), 'Group By');
	const refused = groupBy.filter((key) => !allowed.includes(key));
	if (refused.length > 0) throw new InvalidInputError(`Group By ${refused.join(', ')} is not available for this stage: it takes ${allowed.join(', ')}`);
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: Record<string, string[]> = {};
	for (const [key, value] of Object.entries(filters)) {
		const values = splitList(value, `Filters → ${LABELS[key] ?? key}`);
		if (values.length === 0) continue;
		if (!allowed.includes(key)) throw new InvalidInputError(`Filters → ${LABELS[key] ?? key} is not available for this stage: it takes ${allowed.map((name) => LABELS[name]).join(', ')}`);
		filter[key] = values;
	}
	return { groupBy, filter };
}
