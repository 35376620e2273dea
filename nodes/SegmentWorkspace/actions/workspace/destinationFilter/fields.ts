import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ActionEntry, FilterAction } from '../../../publicApi/destinationFilter';
import { filterActions, segmentActions } from '../../../publicApi/destinationFilter';
import { parseJsonParameter } from '../../../../shared/actions/jsonParameter';
import type { DisplayConditions } from '../../../../shared/actions/displayFor';
import { displayFor } from '../../../../shared/actions/displayFor';

export const show = displayFor('destinationFilter');

const placeField = (name: string, displayName: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
	displayOptions: { show: { type: ['allowProperties', 'dropProperties'] } },
	description: `Field names inside ${name}, separated by commas`,
});

/** What a filter does to the events its condition matches, one row per action. */
export function actionsField(operation: string[], extra: DisplayConditions = {}): INodeProperties {
	return {
		displayName: 'Actions',
		name: 'actions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Action',
		default: {},
		displayOptions: show(operation, extra),
		description: 'What happens to the events the condition matches',
		options: [
			{
				displayName: 'Action',
				name: 'action',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Allow Properties', value: 'allowProperties', description: 'Send only the fields named (inside properties, context or traits)' },
							{ name: 'Drop Event', value: 'drop', description: 'Do not send the event to the destination' },
							{ name: 'Drop Properties', value: 'dropProperties', description: 'Send the event without the fields named' },
							{ name: 'Sample', value: 'sample', description: 'Send only a share of the events' },
						],
						default: 'drop',
					},
					{
						displayName: 'Percent to Keep',
						name: 'percent',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 100 },
						default: 10,
						displayOptions: { show: { type: ['sample'] } },
						description: 'Which share of the matching events is sent, from 0 to 100',
					},
					{
						displayName: 'Sample By',
						name: 'path',
						type: 'string',
						default: '',
						placeholder: 'userId',
						displayOptions: { show: { type: ['sample'] } },
						description: "A field to sample on, so that a person's events are all in or all out; empty: at random",
					},
					placeField('properties', 'Properties', 'email, phone'),
					placeField('context', 'Context', 'ip'),
					placeField('traits', 'Traits', 'address'),
				],
			},
		],
	};
}

export const conditionField = (operation: string[]): INodeProperties => ({
	displayName: 'If',
	name: 'if',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'type = "track" and event = "Order Completed"',
	displayOptions: show(operation),
	description: 'Which events the filter acts on, in FQL (Segment\'s filter query language); all for every event',
});

export function readActionEntries(ctx: IExecuteFunctions, itemIndex: number): ActionEntry[] {
	const value = ctx.getNodeParameter('actions', itemIndex, {}) as { action?: ActionEntry[] };
	return value.action ?? [];
}

/** Actions from the node's rows, or Segment's own JSON (to copy a filter read with Get). */
export function readActions(ctx: IExecuteFunctions, itemIndex: number): FilterAction[] {
	if (ctx.getNodeParameter('actionsFrom', itemIndex, 'fields') === 'json') {
		return segmentActions(parseJsonParameter(ctx.getNodeParameter('actionsJson', itemIndex, '[]'), 'Actions (JSON)', 'Give the list as Get returns the actions of a filter, by an expression.'));
	}
	return filterActions(readActionEntries(ctx, itemIndex));
}

/** How the actions are given: the rows below, or Segment's JSON. */
export function actionsSourceFields(operation: string[], extra: DisplayConditions = {}): INodeProperties[] {
	return [
		{
			displayName: 'Actions From',
			name: 'actionsFrom',
			type: 'options',
			options: [
				{ name: 'Fields Below', value: 'fields' },
				{ name: 'JSON', value: 'json', description: "Segment's own list, e.g. the actions of a filter read with Get, given by an expression" },
			],
			default: 'fields',
			displayOptions: show(operation, extra),
		},
		{ ...actionsField(operation, { ...extra, actionsFrom: ['fields'] }) },
		{
			displayName: 'Actions (JSON)',
			name: 'actionsJson',
			type: 'json',
			default: '[\n  { "type": "DROP" }\n]',
			displayOptions: show(operation, { ...extra, actionsFrom: ['json'] }),
			description: 'Actions as Segment writes them: DROP, SAMPLE (percent from 0 to 1, optional path), ALLOW_PROPERTIES or DROP_PROPERTIES (fields)',
		},
	];
}

export const filterPath = (destinationId: string) => `/destination/${destinationId}/filters`;

/** Destination filters are a Business plan feature. */
export const FILTER_HINTS = {
	403: 'Destination filters are on the Business plan, for cloud-mode and web device-mode destinations (not warehouses): check the plan and the destination.',
	404: 'Segment has no such destination, or no such filter on it.',
	422: 'Segment refused the filter; its message names the field. If is FQL, e.g. type = "track" and event = "Order Completed".',
};
