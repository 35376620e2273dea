import type { INodeProperties } from 'n8n-workflow';

import { audiencePicker, spacePicker } from '../../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { waitFields } from '../../common/waitFields';
import { create } from './create.operation';
import { deleteAudience } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getPreview } from './getPreview.operation';
import { PREVIEW_WAIT, preview } from './preview.operation';
import { run } from './run.operation';
import { update } from './update.operation';
import { showFor } from '../../../../shared/actions/displayFor';

export const audienceOperations: Record<string, ItemOperation> = { getAll, get, create, update, delete: deleteAudience, run, preview, getPreview };

const show = showFor('audience');

const definitionField = (operation: string[], required: boolean): INodeProperties => ({
	displayName: 'Definition',
	name: 'definition',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required,
	placeholder: "event('Order Completed').count() >= 3",
	displayOptions: { show: show(operation) },
	description: "Who is in the audience, in Segment's audience query language (the audience builder shows an audience's query under Definition)",
});

const audienceTypeField = (operation: string[]): INodeProperties => ({
	displayName: 'Audience Type',
	name: 'audienceType',
	type: 'options',
	options: [
		{ name: 'Users', value: 'USERS' },
		{ name: 'Accounts', value: 'ACCOUNTS' },
		{ name: 'Linked', value: 'LINKED', description: 'Built on the data graph of a warehouse (Linked Audiences)' },
	],
	default: 'USERS',
	displayOptions: { show: show(operation) },
});

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: show() },
		options: [
			{ name: 'Create', value: 'create', action: 'Create an audience from a query which starts computing it', description: 'A new audience in the space, from a query' },
			{ name: 'Delete', value: 'delete', action: 'Delete an audience for good so that its destinations stop getting its changes', description: 'Remove an audience; one already gone is reported, not an error' },
			{ name: 'Get', value: 'get', action: 'Get an audience with its definition and status and size and schedules', description: 'An audience with its definition, status, size and schedules' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many audiences of a space optionally found by name', description: 'The audiences of the space, one item each, optionally found by name' },
			{ name: 'Get Preview', value: 'getPreview', action: 'Get an audience preview made before with its status and size and sample', description: 'A preview made before, by its ID: its status, size and sample' },
			{ name: 'Preview', value: 'preview', action: 'Preview an audience to see how many people a query selects without creating it', description: 'How many people a query would select, and a sample of them, without creating the audience' },
			{ name: 'Run', value: 'run', action: 'Run an audience now instead of at its next scheduled run', description: 'Compute a Linked audience now instead of at its next scheduled run' },
			{ name: 'Update', value: 'update', action: 'Update an audience by renaming it or turning it on or off or changing its query', description: 'Rename, describe, turn on or off, or change the query of an audience' },
		],
		default: 'getAll',
	},
	{
		displayName:
			'Needs Engage, and a token with access to the space',
		name: 'audienceNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: show() },
	},
	{ ...spacePicker, displayOptions: { show: show() } },
	{ ...audiencePicker, displayOptions: { show: show(['get', 'update', 'delete', 'run']) } },
	{
		displayName: 'Search by Name',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'vip',
		displayOptions: { show: show(['getAll']) },
		description: 'Only audiences whose name matches this (at most 255 characters); all when empty',
	},
	...returnAllFields(show(['getAll'])),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'VIP Customers',
		displayOptions: { show: show(['create']) },
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		placeholder: 'vip_customers',
		displayOptions: { show: show(['create']) },
		description:
			"The audience key you expect (the trait profiles get, e.g. vip_customers). Segment makes the key from the name and it never changes; given, the item fails if Segment made another one (the audience is then created: delete it or use its key).",
	},
	definitionField(['create', 'preview'], true),
	audienceTypeField(['create', 'preview']),
	{
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		displayOptions: { show: show(['create']) },
		description: 'Whether Segment starts computing the audience at once',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['create']) },
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Include Historical Data',
				name: 'includeHistoricalData',
				type: 'boolean',
				default: true,
				description: 'Whether the audience is computed from past events too, not only those from now on',
			},
		],
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: show(['update']) },
		options: [
			{ displayName: 'Definition', name: 'definition', type: 'string', typeOptions: { rows: 3 }, default: '', description: "The new query, in Segment's audience query language" },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether Segment computes the audience' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name; the key stays as it is' },
		],
	},
	...waitFields({
		...PREVIEW_WAIT,
		show: show(['preview']),
		displayName: 'Wait for Result',
		description: 'Whether to wait until Segment has computed the preview and return its size and sample; off, the item returns the Preview ID at once',
	}),
	{
		displayName: 'Preview ID',
		name: 'previewId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: show(['getPreview']) },
		description: 'The previewId that Preview returned',
	},
];
