import type { INodeProperties } from 'n8n-workflow';

import { sourcePicker } from '../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../common/ItemOperation';
import { returnAllFields } from '../common/listFields';
import { enabledAndNameFields } from '../common/updateFields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getSchemaSettings } from './getSchemaSettings.operation';
import { update } from './update.operation';

export const sourceOperations: Record<string, ItemOperation> = { get, getAll, getSchemaSettings, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['source'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a source',
				description: 'A source of the workspace: its name, whether it is on, its write keys and its tracking plan',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many sources',
				description: 'The sources of the workspace, one item each',
			},
			{
				name: 'Get Schema Settings',
				value: 'getSchemaSettings',
				action: 'Get the schema settings of a source',
				description: 'What the source does with events, properties and traits its tracking plan does not allow',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a source',
				description: 'Turn a source on or off, or rename it',
			},
		],
		default: 'getAll',
	},
	{ ...sourcePicker, displayOptions: { show: { resource: ['source'], operation: ['get', 'getSchemaSettings', 'update'] } } },
	...returnAllFields({ resource: ['source'], operation: ['getAll'] }),
	enabledAndNameFields('source', 'source', 'Segment stops taking its events and sending them on'),
];
