import type { INodeProperties } from 'n8n-workflow';

import { trackingPlanPicker } from '../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../common/ItemOperation';
import { returnAllFields } from '../common/listFields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getRules } from './getRules.operation';
import { replaceRules } from './replaceRules.operation';
import { updateRules } from './updateRules.operation';

export const trackingPlanOperations: Record<string, ItemOperation> = { get, getAll, getRules, updateRules, replaceRules };

const show = (operation: string[]) => ({ show: { resource: ['trackingPlan'], operation } });

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['trackingPlan'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a tracking plan',
				description: 'A tracking plan of the workspace: its name, kind and dates',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many tracking plans',
				description: 'The tracking plans of the workspace, one item each',
			},
			{
				name: 'Get Rules',
				value: 'getRules',
				action: 'Get the rules of a tracking plan',
				description: 'The rules of a tracking plan (which events, properties and traits it allows), one item each',
			},
			{
				name: 'Replace Rules',
				value: 'replaceRules',
				action: 'Replace the rules of a tracking plan',
				description: 'Make the given rules the only rules of the plan; rules not given are removed',
			},
			{
				name: 'Update Rules',
				value: 'updateRules',
				action: 'Add or change rules of a tracking plan',
				description: 'Add the given rules to the plan, or change the rules with the same type, key and version; other rules stay',
			},
		],
		default: 'getAll',
	},
	{ ...trackingPlanPicker, displayOptions: show(['get', 'getRules', 'updateRules', 'replaceRules']) },
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
			'A JSON list of rules, each {"type": "TRACK", "key": "Order Completed", "version": 1, "jsonSchema": {…}}; type is COMMON, IDENTIFY, GROUP, PAGE, SCREEN or TRACK, and TRACK rules need the event name as key. An expression may give the list.',
	},
	...returnAllFields({ resource: ['trackingPlan'], operation: ['getAll', 'getRules'] }),
];
