import type { INodeProperties } from 'n8n-workflow';

import { resourcePicker, sourceCatalogPicker, sourcePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { enabledAndNameFields } from '../../common/updateFields';
import { create } from './create.operation';
import { deleteSource } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getConnectedDestinations } from './getConnectedDestinations.operation';
import { getConnectedWarehouses } from './getConnectedWarehouses.operation';
import { getSchemaSettings } from './getSchemaSettings.operation';
import { addLabels, replaceLabels } from './labels.operation';
import { update } from './update.operation';
import { updateSchemaSettings } from './updateSchemaSettings.operation';
import { createWriteKey, removeWriteKey } from './writeKeys.operation';
import { displayFor } from '../../../../shared/actions/displayFor';
import { INCLUDE_WRITE_KEYS } from '../../writeKeysInOutput';

export const sourceOperations: Record<string, ItemOperation> = {
	get,
	getAll,
	getSchemaSettings,
	update,
	create,
	delete: deleteSource,
	getConnectedDestinations,
	getConnectedWarehouses,
	addLabels,
	replaceLabels,
	createWriteKey,
	removeWriteKey,
	updateSchemaSettings,
};

const show = displayFor('source');

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['source'] } },
		options: [
			{ name: 'Add Labels', value: 'addLabels', action: 'Add labels to a source besides those it has', description: 'Put labels of the workspace on a source, besides those it has' },
			{ name: 'Create', value: 'create', action: 'Create a source from the catalog with a write key to send events to it', description: "A new source from Segment's catalog, with a write key to send to it" },
			{ name: 'Create Write Key', value: 'createWriteKey', action: 'Create a write key for a source so that apps can send with a new key', description: 'One more write key for a source, e.g. to rotate keys (alpha)' },
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a source for good so that every event sent to it is dropped and its connections are removed',
				description: 'Remove a source for good: Segment drops every event sent to it from then on, and its connections to destinations go with it',
			},
			{ name: 'Get', value: 'get', action: 'Get a source with its name and status and tracking plan', description: 'A source of the workspace: its name, whether it is on, its write keys and its tracking plan' },
			{ name: 'Get Connected Destinations', value: 'getConnectedDestinations', action: 'Get the destinations of a source one item per destination', description: 'The destinations a source sends to, one item each' },
			{ name: 'Get Connected Warehouses', value: 'getConnectedWarehouses', action: 'Get the warehouses of a source one item per warehouse', description: 'The warehouses a source loads into, one item each' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many sources of the workspace with their names and status', description: 'The sources of the workspace, one item each' },
			{ name: 'Get Schema Settings', value: 'getSchemaSettings', action: 'Get the schema settings of a source which say what happens to events its tracking plan does not allow', description: 'What the source does with events, properties and traits its tracking plan does not allow' },
			{
				name: 'Remove Write Key',
				value: 'removeWriteKey',
				action: 'Remove a write key from a source for good so that every event sent with it is silently dropped',
				description: 'Take a write key away for good: Segment silently drops every event sent with it from then on (alpha)',
			},
			{ name: 'Replace Labels', value: 'replaceLabels', action: 'Replace the labels of a source so that only the given labels remain', description: 'Make the given labels the only ones on the source; others are taken off' },
			{ name: 'Update', value: 'update', action: 'Update a source by turning it on or off or renaming it', description: 'Turn a source on or off, or rename it' },
			{ name: 'Update Schema Settings', value: 'updateSchemaSettings', action: 'Update the schema settings of a source which block or let through events its tracking plan does not allow', description: 'Change what the source does with events its tracking plan does not allow' },
		],
		default: 'getAll',
	},
	{
		...sourcePicker,
		displayOptions: show(['get', 'getSchemaSettings', 'update', 'delete', 'getConnectedDestinations', 'getConnectedWarehouses', 'addLabels', 'replaceLabels', 'createWriteKey', 'removeWriteKey', 'updateSchemaSettings']),
	},
	{ ...sourceCatalogPicker, displayOptions: show(['create']) },
	{
		displayName: 'Slug',
		name: 'slug',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'checkout-staging',
		displayOptions: show(['create']),
		description: "The source's identifier in Segment's app and URLs",
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'Checkout (Staging)', displayOptions: show(['create']), description: 'The name Segment shows; empty: the slug' },
	{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, displayOptions: show(['create']), description: 'Whether the source takes events at once' },
	{
		displayName: 'Settings',
		name: 'settings',
		type: 'json',
		default: '{}',
		displayOptions: show(['create']),
		description: "The source's settings as a JSON object, as its catalog entry lists them; most sources need none",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['create']),
		options: [
			{ displayName: 'Disconnect All Warehouses', name: 'disconnectAllWarehouses', type: 'boolean', default: false, description: 'Whether the new source loads into none of the workspace warehouses' },
		],
	},
	{
		displayName: 'Labels',
		name: 'labels',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'env:staging, team:growth',
		displayOptions: show(['addLabels', 'replaceLabels']),
		description: 'Labels as key:value, separated by commas; each must exist in the workspace (Label → Create)',
	},
	{
		displayName: 'Events sent with this key are dropped by Segment from then on, answered 200 as if taken. Change every app and server that uses it first.',
		name: 'removeWriteKeyNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['removeWriteKey']),
	},
	{
		displayName: 'Deleting a source cannot be undone: its events are dropped from then on, its write keys stop working, and it leaves its destinations and warehouses',
		name: 'deleteSourceNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['delete']),
	},
	{
		...resourcePicker({
			displayName: 'Write Key',
			name: 'writeKey',
			searchListMethod: 'searchWriteKeys',
			idPlaceholder: 'the key to take away',
			description: "The write key to take away, picked from the source's keys (shown by their last characters) or given in full",
		}),
		displayOptions: show(['removeWriteKey']),
	},
	{
		displayName: 'Schema Settings',
		name: 'schemaSettings',
		type: 'json',
		default: '{\n  "track": { "allowUnplannedEvents": false }\n}',
		required: true,
		displayOptions: show(['updateSchemaSettings']),
		description: 'The parts to change, as Get Schema Settings returns them: track, identify, group, forwardingViolationsTo, forwardingBlockedEventsTo',
	},
	...returnAllFields({ resource: ['source'], operation: ['getAll', 'getConnectedDestinations', 'getConnectedWarehouses'] }),
	{
		displayName: 'Include Write Keys',
		name: INCLUDE_WRITE_KEYS,
		type: 'boolean',
		noDataExpression: true,
		default: false,
		displayOptions: { show: { resource: ['source'], operation: ['get', 'getAll', 'create', 'update'], '@tool': [false] } },
		description:
			"Whether the output shows the source's write keys in full. Off: their last four characters (writeKeyEndings). Anyone who can open this workflow's executions can read what the output shows; a model used as a tool never gets them.",
	},
	enabledAndNameFields('source', 'source', 'Segment stops taking its events and sending them on'),
];
