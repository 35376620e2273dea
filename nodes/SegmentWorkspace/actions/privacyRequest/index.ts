import type { INodeProperties } from 'n8n-workflow';

import { resourcePicker, sourcePicker } from '../../../shared/publicApi/resourcePickers';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../shared/actions/listFields';
import { create } from './create.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { displayFor } from '../../../shared/actions/displayFor';

export const privacyRequestOperations: Record<string, ItemOperation> = { create, get, getAll };

const show = displayFor('privacyRequest');

const regulationTypeOptions = [
	{
		name: 'Suppress and Delete',
		value: 'SUPPRESS_WITH_DELETE',
		description:
			"Stop collecting the person's data and delete what Segment and the destinations that support deletion hold: the usual answer to a GDPR or CCPA erasure request",
	},
	{
		name: 'Delete Only',
		value: 'DELETE_ONLY',
		description: 'Delete what Segment and the destinations that support deletion hold, and keep collecting new data',
	},
	{ name: 'Suppress Only', value: 'SUPPRESS_ONLY', description: "Stop collecting the person's data; delete nothing" },
	{ name: 'Unsuppress', value: 'UNSUPPRESS', description: "Collect the person's data again after a suppression" },
	{
		name: 'Suppress and Delete Within Segment',
		value: 'SUPPRESS_WITH_DELETE_INTERNAL',
		description: 'Stop collecting and delete from Segment only, not from destinations',
	},
	{ name: 'Delete Within Segment', value: 'DELETE_INTERNAL', description: 'Delete from Segment only, not from destinations' },
	{
		name: 'Delete From Archive Only',
		value: 'DELETE_ARCHIVE_ONLY',
		description: "Source scope only, where Segment has turned it on for the workspace: delete from Segment's archive",
	},
];

/** Get Many's filters; only the source scope has Delete From Archive Only requests to list. */
function filtersFor(scope: 'workspace' | 'source', types: typeof regulationTypeOptions): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(['getAll'], { scope: [scope] }),
		options: [
			{
				displayName: 'Regulation Types',
				name: 'regulationTypes',
				type: 'multiOptions',
				options: types.map(({ name, value }) => ({ name, value })),
				default: [],
				description: 'Only requests of these types',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Failed', value: 'FAILED' },
					{ name: 'Finished', value: 'FINISHED' },
					{ name: 'Initialized', value: 'INITIALIZED' },
					{ name: 'Invalid', value: 'INVALID' },
					{ name: 'Not Supported', value: 'NOT_SUPPORTED' },
					{ name: 'Partial Success', value: 'PARTIAL_SUCCESS' },
					{ name: 'Running', value: 'RUNNING' },
				],
				default: 'RUNNING',
				description: 'Only requests with this status',
			},
		],
	};
}

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['privacyRequest'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a privacy request that deletes or suppresses the data of a person for good under GDPR or CCPA',
				description:
					"Ask Segment to delete or suppress a person's data (GDPR, CCPA); returns the request's ID to check its status later",
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get the status of a privacy request overall and per destination',
				description: 'The status of a privacy request, overall and per destination, and whether it is done',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many privacy requests of the last 90 days',
				description: 'The privacy requests of the last 90 days, one item each',
			},
		],
		default: 'create',
	},
	{
		displayName:
			'Segment takes up to 30 days to carry out a deletion. Keep the regulateId this returns and check it later with Get (e.g. after a Wait node).',
		name: 'privacyRequestNotice',
		type: 'notice',
		default: '',
		displayOptions: show(['create']),
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Workspace', value: 'workspace', description: 'Every source of the workspace' },
			{ name: 'Source', value: 'source', description: 'One source only' },
			{ name: 'Cloud Source', value: 'cloudSource', description: 'Objects of one cloud app source (e.g. Salesforce), by object ID' },
		],
		default: 'workspace',
		displayOptions: show(['create']),
		description: 'Where the request applies',
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{ name: 'Workspace', value: 'workspace', description: 'Requests made for the whole workspace' },
			{ name: 'Source', value: 'source', description: 'Requests made for one source' },
		],
		default: 'workspace',
		displayOptions: show(['getAll']),
		description: 'Whose requests to list',
	},
	{ ...sourcePicker, displayOptions: show(['create', 'getAll'], { scope: ['source', 'cloudSource'] }) },
	{
		displayName: 'Regulation Type',
		name: 'regulationType',
		type: 'options',
		options: regulationTypeOptions,
		default: 'SUPPRESS_WITH_DELETE',
		displayOptions: show(['create']),
		description: 'What Segment is to do with the data',
	},
	{
		displayName: 'Subject Type',
		name: 'subjectType',
		type: 'options',
		options: [
			{ name: 'User ID', value: 'USER_ID', description: 'The userId your events carry' },
			{ name: 'Object ID', value: 'OBJECT_ID', description: 'The ID of an object in a cloud source' },
			{ name: 'Anonymous ID', value: 'ANONYMOUS_ID', description: 'Source scope with Delete From Archive Only' },
		],
		default: 'USER_ID',
		displayOptions: show(['create']),
		description: 'What kind of ID the subject IDs are',
	},
	{
		displayName: 'Subject IDs',
		name: 'subjectIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'user-1001',
		displayOptions: show(['create']),
		description:
			'The person (or object) the request is about: one ID, or up to 5,000 separated by commas. An expression may give a list.',
	},
	{
		displayName: 'Collection',
		name: 'collection',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'users',
		displayOptions: show(['create'], { scope: ['cloudSource'] }),
		description: 'The collection of the cloud source the objects are in',
	},
	{
		...resourcePicker({
			displayName: 'Privacy Request',
			name: 'regulateId',
			searchListMethod: 'searchPrivacyRequests',
			idPlaceholder: '1qJkfE1tpwvQcklImGksLN629wn',
			description: 'The request, picked from those of the last 90 days or given by the regulateId that Create returned (map it from its output)',
		}),
		displayOptions: show(['get']),
	},
	filtersFor('workspace', regulationTypeOptions.filter(({ value }) => value !== 'DELETE_ARCHIVE_ONLY')),
	filtersFor('source', regulationTypeOptions),
	...returnAllFields({ resource: ['privacyRequest'], operation: ['getAll'] }),
];
