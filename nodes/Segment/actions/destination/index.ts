import type { INodeProperties } from 'n8n-workflow';

import { destinationPicker } from '../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../common/ItemOperation';
import { returnAllFields } from '../common/listFields';
import { enabledAndNameFields } from '../common/updateFields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const destinationOperations: Record<string, ItemOperation> = { get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['destination'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a destination',
				description: 'A destination of the workspace: its name, its source, whether it is on and its settings',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many destinations',
				description: 'The destinations of the workspace, one item each',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a destination',
				description: 'Turn a destination on or off, or rename it',
			},
		],
		default: 'getAll',
	},
	{ ...destinationPicker, displayOptions: { show: { resource: ['destination'], operation: ['get', 'update'] } } },
	...returnAllFields({ resource: ['destination'], operation: ['getAll'] }),
	enabledAndNameFields('destination', 'destination', 'Segment stops sending it events'),
];
