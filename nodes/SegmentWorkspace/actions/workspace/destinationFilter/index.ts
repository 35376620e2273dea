import type { INodeProperties } from 'n8n-workflow';

import { destinationPicker, resourcePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { create } from './create.operation';
import { deleteFilter } from './delete.operation';
import { actionsSourceFields, conditionField, show } from './fields';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { preview } from './preview.operation';
import { update } from './update.operation';

export const destinationFilterOperations: Record<string, ItemOperation> = { getAll, get, create, update, delete: deleteFilter, preview };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(),
		options: [
			{ name: 'Create', value: 'create', action: 'Create a destination filter that drops or samples or trims the events of a destination', description: 'A filter on a destination, and with Copy to Destinations the same filter on others' },
			{ name: 'Delete', value: 'delete', action: 'Delete a destination filter for good so that the destination gets again the events it held back', description: 'Remove a filter for good: the destination gets again the events it held back' },
			{ name: 'Get', value: 'get', action: 'Get a destination filter with its condition and actions', description: 'One filter of a destination' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many destination filters of a destination', description: 'The filters of a destination, one item each' },
			{ name: 'Preview', value: 'preview', action: 'Preview a destination filter on a sample event without saving anything', description: 'What a filter would do to a sample event: keep it, change it or drop it, without saving anything' },
			{ name: 'Update', value: 'update', action: 'Update a destination filter by changing its condition or actions or turning it on or off', description: 'Change the title, condition, actions of a filter, or turn it on or off' },
		],
		default: 'getAll',
	},
	{ ...destinationPicker, displayOptions: show(['getAll', 'get', 'create', 'update', 'delete']) },
	{
		...resourcePicker({
			displayName: 'Filter',
			name: 'filterId',
			searchListMethod: 'searchDestinationFilters',
			idPlaceholder: 'abc123',
			description: "The filter, picked from the destination's filters or given by its ID",
		}),
		displayOptions: show(['get', 'update', 'delete']),
	},
	{ displayName: 'Title', name: 'title', type: 'string', default: '', required: true, placeholder: 'Drop test events', displayOptions: show(['create']) },
	conditionField(['create', 'preview']),
	...actionsSourceFields(['create', 'preview']),
	{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, displayOptions: show(['create']), description: 'Whether the filter acts at once' },
	{
		displayName: 'Copy to Destinations',
		name: 'copyToDestinations',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getDestinations' },
		default: [],
		displayOptions: show(['create']),
		description:
			'Make the same filter on these destinations too, each with its own source (what Segment\'s app cannot do in one step). Each destination is checked before any filter is made. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [{ displayName: 'Description', name: 'description', type: 'string', default: '' }],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['update']),
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether the filter acts' },
			{ displayName: 'If', name: 'if', type: 'string', default: '', description: 'The new condition, in FQL' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Replace Actions',
		name: 'replaceActions',
		type: 'boolean',
		default: false,
		displayOptions: show(['update']),
		description: 'Whether to replace the actions of the filter with the ones below',
	},
	...actionsSourceFields(['update'], { replaceActions: [true] }),
	{
		displayName: 'Sample Event',
		name: 'payload',
		type: 'json',
		default: '{\n  "type": "track",\n  "event": "Order Completed",\n  "properties": { "email": "ada@example.com", "total": 42 }\n}',
		displayOptions: show(['preview']),
		description: 'The event to try the filter on; an expression may give the incoming item',
	},
	...returnAllFields(show(['getAll']).show),
];
