import type { INodeProperties } from 'n8n-workflow';

import { warehousePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const warehouseOperations: Record<string, ItemOperation> = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['warehouse'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a warehouse with its kind and settings and whether it is on',
				description: 'A warehouse of the workspace: its kind, whether it is on and its settings',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many warehouses of the workspace with their kind and status',
				description: 'The warehouses of the workspace, one item each',
			},
		],
		default: 'getAll',
	},
	{ ...warehousePicker, displayOptions: { show: { resource: ['warehouse'], operation: ['get'] } } },
	...returnAllFields({ resource: ['warehouse'], operation: ['getAll'] }),
];
