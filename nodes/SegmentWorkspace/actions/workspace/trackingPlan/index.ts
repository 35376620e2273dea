import type { INodeProperties } from 'n8n-workflow';

import { sourcePicker, trackingPlanPicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getRules } from './getRules.operation';
import { addSource, create, deleteTrackingPlan, removeSource } from './manage.operation';
import { replaceRules } from './replaceRules.operation';
import { removeRules } from './removeRules.operation';
import { updateRules } from './updateRules.operation';
import { validateMessages } from './validateMessages.operation';
import { displayFor } from '../../../../shared/actions/displayFor';

export const trackingPlanOperations: Record<string, ItemOperation> = { get, getAll, getRules, updateRules, replaceRules, removeRules, create, delete: deleteTrackingPlan, addSource, removeSource, validateMessages };

const show = displayFor('trackingPlan');

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['trackingPlan'] } },
		options: [
			{ name: 'Add Source', value: 'addSource', action: 'Connect a source to a tracking plan so that its events are checked and may be blocked', description: "Make a source's events checked against the plan" },
			{ name: 'Create', value: 'create', action: 'Create a tracking plan with no rules yet', description: 'A new, empty tracking plan' },
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a tracking plan and its rules for good so that its sources are no longer checked',
				description: 'Remove a tracking plan and its rules for good; its sources are no longer checked',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a tracking plan with its name and kind and dates',
				description: 'A tracking plan of the workspace: its name, kind and dates',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many tracking plans of the workspace',
				description: 'The tracking plans of the workspace, one item each',
			},
			{
				name: 'Get Rules',
				value: 'getRules',
				action: 'Get the rules of a tracking plan which say what events and properties and traits it allows',
				description: 'The rules of a tracking plan (which events, properties and traits it allows), one item each',
			},
			{
				name: 'Remove Rules',
				value: 'removeRules',
				action: 'Remove rules from a tracking plan so that events are no longer checked against them',
				description: 'Take the given rules out of the plan, by type, key and version: their events are no longer checked against them',
			},
			{
				name: 'Remove Source',
				value: 'removeSource',
				action: 'Disconnect a source from a tracking plan so that events the plan blocked are let through',
				description: "Stop checking a source's events against the plan: events the plan blocked are let through from then on",
			},
			{
				name: 'Replace Rules',
				value: 'replaceRules',
				action: 'Replace the rules of a tracking plan so that the given rules are the only ones and all others are removed',
				description: 'Make the given rules the only rules of the plan; rules not given are removed',
			},
			{
				name: 'Update Rules',
				value: 'updateRules',
				action: 'Add or change rules of a tracking plan while its other rules stay',
				description: 'Add the given rules to the plan, or change the rules with the same type, key and version (a "newKey" renames one); other rules stay',
			},
			{
				name: 'Validate Messages',
				value: 'validateMessages',
				action: 'Check messages against a tracking plan without sending them and say what in each breaks the plan',
				description:
					"Each input item's JSON is one Segment message (type included, as Batch from Input Items reads it); each output item says whether it is valid and lists its violations. Nothing is sent.",
			},
		],
		default: 'getAll',
	},
	{ ...trackingPlanPicker, displayOptions: show(['get', 'getRules', 'updateRules', 'replaceRules', 'removeRules', 'delete', 'addSource', 'removeSource', 'validateMessages']) },
	{ ...sourcePicker, description: 'The source to connect or disconnect', displayOptions: show(['addSource', 'removeSource']) },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'Checkout Events', displayOptions: show(['create']) },
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Engage', value: 'ENGAGE' },
			{ name: 'Live', value: 'LIVE', description: 'A plan that sources are checked against' },
			{ name: 'Property Library', value: 'PROPERTY_LIBRARY' },
			{ name: 'Rule Library', value: 'RULE_LIBRARY' },
			{ name: 'Template', value: 'TEMPLATE' },
		],
		default: 'LIVE',
		displayOptions: show(['create']),
	},
	{ displayName: 'Description', name: 'description', type: 'string', default: '', displayOptions: show(['create']) },
	{
		displayName: 'Deleting a tracking plan cannot be undone: its rules are lost and its sources are no longer checked',
		name: 'deleteTrackingPlanNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['delete']),
	},
	{
		displayName: 'Replace Rules removes every rule of the plan that is not in the list',
		name: 'replaceRulesNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['replaceRules']),
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'json',
		default: '[]',
		required: true,
		displayOptions: show(['updateRules', 'replaceRules']),
		description:
			'A JSON list of rules, each {"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {…}}; type is COMMON, IDENTIFY, GROUP, PAGE, SCREEN or TRACK, and TRACK rules need the event name as key. With Update Rules, "newKey" renames a rule. An expression may give the list.',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'json',
		default: '[]',
		required: true,
		displayOptions: show(['removeRules']),
		description: 'A JSON list of the rules to remove, each {"type": "TRACK", "key": "Order Completed", "version": 1}. The items of Get Rules fit as they are.',
	},
	...returnAllFields({ resource: ['trackingPlan'], operation: ['getAll', 'getRules'] }),
];
