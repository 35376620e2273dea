import type { INodeProperties } from 'n8n-workflow';

import { destinationCatalogPicker, destinationPicker, resourcePicker, sourcePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { enabledAndNameFields } from '../../common/updateFields';
import { create } from './create.operation';
import { deleteDestination } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { deleteSubscription, getSubscriptions, updateSubscription } from './subscriptions.operation';
import { update } from './update.operation';
import { displayFor } from '../../../../shared/actions/displayFor';

export const destinationOperations: Record<string, ItemOperation> = { get, getAll, update, create, delete: deleteDestination, getSubscriptions, updateSubscription, deleteSubscription };

const show = displayFor('destination');

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['destination'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a destination that sends the events of a source to a tool from the catalog', description: "Connect a source to a destination from Segment's catalog" },
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a destination for good so that it gets no more events and its settings and mappings and filters are lost',
				description: 'Remove a destination for good: Segment stops sending it events, and its settings, mappings and filters go with it',
			},
			{
				name: 'Delete Subscription',
				value: 'deleteSubscription',
				action: 'Delete a mapping of a destination for good so that the events it sent are no longer sent',
				description: 'Remove one mapping (subscription) of an Actions destination for good: the events it sent are no longer sent (alpha)',
			},
			{ name: 'Get', value: 'get', action: 'Get a destination with its source and settings and whether it is on', description: 'A destination of the workspace: its name, its source, whether it is on and its settings' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many destinations of the workspace with their source and status', description: 'The destinations of the workspace, one item each' },
			{ name: 'Get Subscriptions', value: 'getSubscriptions', action: 'Get the mappings of a destination one item per mapping', description: 'The mappings (subscriptions) of an Actions destination, one item each (alpha)' },
			{ name: 'Update', value: 'update', action: 'Update a destination by turning it on or off which starts or stops its events or by renaming it', description: 'Turn a destination on or off, or rename it' },
			{ name: 'Update Subscription', value: 'updateSubscription', action: 'Update a mapping of a destination by turning it on or off or renaming it or changing its trigger', description: 'Turn a mapping on or off, rename it, or change its trigger (alpha)' },
		],
		default: 'getAll',
	},
	{ ...destinationPicker, displayOptions: show(['get', 'update', 'delete', 'getSubscriptions', 'updateSubscription', 'deleteSubscription']) },
	{ ...sourcePicker, description: 'The source whose events the destination gets', displayOptions: show(['create']) },
	{ ...destinationCatalogPicker, displayOptions: show(['create']) },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'Mixpanel (Staging)', displayOptions: show(['create']), description: "The name Segment shows; empty: the catalog entry's" },
	{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, displayOptions: show(['create']), description: 'Whether Segment sends it events at once' },
	{
		displayName: 'Settings',
		name: 'settings',
		type: 'json',
		default: '{}',
		displayOptions: show(['create']),
		description: 'The settings as a JSON object (an API key, say), as the catalog entry lists them; copy them from Get of a destination of the same kind',
	},
	{
		displayName: 'Deleting a destination cannot be undone: Segment stops sending it events, and its settings, mappings and filters are lost',
		name: 'deleteDestinationNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['delete']),
	},
	{
		...resourcePicker({
			displayName: 'Subscription',
			name: 'subscriptionId',
			searchListMethod: 'searchDestinationSubscriptions',
			idPlaceholder: 'iTB5DbvqcgGZN7Bfw3HnAh',
			description: "The mapping, picked from the destination's mappings or given by its ID",
		}),
		displayOptions: show(['updateSubscription', 'deleteSubscription']),
	},
	{
		displayName: 'Update Fields',
		name: 'subscriptionUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['updateSubscription']),
		options: [
			{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether the mapping sends events' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Trigger', name: 'trigger', type: 'string', default: '', placeholder: 'type = "track" and event = "Order Completed"', description: 'The FQL of the events the mapping takes' },
		],
	},
	...returnAllFields({ resource: ['destination'], operation: ['getAll', 'getSubscriptions'] }),
	enabledAndNameFields('destination', 'destination', 'Segment stops sending it events'),
];
