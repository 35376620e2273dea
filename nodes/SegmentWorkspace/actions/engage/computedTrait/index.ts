import type { INodeProperties } from 'n8n-workflow';

import { computedTraitPicker, spacePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { showFor } from '../../../../shared/actions/displayFor';

export const computedTraitOperations: Record<string, ItemOperation> = { getAll, get };

const show = showFor('computedTrait');

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: show() },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a computed trait with its definition and status', description: 'A computed trait with its definition and status' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many computed traits of a space', description: 'The computed traits of the space, one item each' },
		],
		default: 'getAll',
	},
	{
		displayName: "Needs Engage with computed traits (alpha in Segment's Public API)",
		name: 'computedTraitNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: show() },
	},
	{ ...spacePicker, displayOptions: { show: show() } },
	{ ...computedTraitPicker, displayOptions: { show: show(['get']) } },
	...returnAllFields(show(['getAll'])),
];
