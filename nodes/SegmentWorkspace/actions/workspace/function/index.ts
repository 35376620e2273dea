import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { resourcePicker } from '../../../../shared/publicApi/resourcePickers';
import { publicApiList, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { FUNCTION_RESOURCE_TYPES } from '../../../publicApi/workspaceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax, returnAllFields } from '../../../../shared/actions/listFields';
import { displayFor } from '../../../../shared/actions/displayFor';

/** Segment Functions: custom sources, destinations and insert functions in JavaScript, run by Segment. */

const show = displayFor('function');

const FUNCTION_HINTS = { 403: 'Functions are a feature Segment turns on per workspace: check the plan, or ask Segment.' };

const readFunctionId = (value: unknown) => pathSegment(value, 'Function ID');

const getAll: ItemOperation = {
	async execute(itemIndex) {
		const resourceType = String(this.getNodeParameter('resourceType', itemIndex, 'SOURCE'));
		const max = readMax(this, itemIndex);
		return await publicApiList(this, { path: '/functions', key: 'functions', qs: { resourceType }, max, hints: FUNCTION_HINTS });
	},
};

const get: ItemOperation = {
	async execute(itemIndex) {
		const data = await publicApiRequest(this, { method: 'GET', path: `/functions/${readFunctionId(this.getNodeParameter('functionId', itemIndex, '', { extractValue: true }))}`, hints: FUNCTION_HINTS });
		return [(data.function ?? {}) as IDataObject];
	},
};

const deploy: ItemOperation = {
	async execute(itemIndex) {
		const id = readFunctionId(this.getNodeParameter('functionId', itemIndex, '', { extractValue: true }));
		const data = await publicApiRequest(this, {
			method: 'POST',
			path: `/functions/${id}/deploy`,
			hints: { ...FUNCTION_HINTS, 422: 'Segment deploys only source functions this way.' },
		});
		return [{ functionId: decodeURIComponent(id), status: ((data.functionDeployment ?? {}) as IDataObject).status ?? null }];
	},
};

export const functionOperations: Record<string, ItemOperation> = { getAll, get, deploy };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(),
		options: [
			{ name: 'Deploy', value: 'deploy', action: 'Deploy a function so that its latest code runs live on every event', description: 'Put the latest code of a source function live' },
			{ name: 'Get', value: 'get', action: 'Get a function with its code and settings and when it was deployed', description: 'A function with its code, settings and when it was deployed' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many functions of one kind such as source or destination functions', description: 'The functions of one kind, one item each' },
		],
		default: 'getAll',
	},
	{
		displayName: 'Resource Type',
		name: 'resourceType',
		type: 'options',
		options: FUNCTION_RESOURCE_TYPES.map((type) => ({ name: type.toLowerCase().replace(/_/g, ' ').replace(/^\w/, (first) => first.toUpperCase()), value: type })),
		default: 'SOURCE',
		displayOptions: show(['getAll']),
		description: 'Which kind of functions to list',
	},
	{
		...resourcePicker({
			displayName: 'Function',
			name: 'functionId',
			searchListMethod: 'searchFunctions',
			idPlaceholder: 'sfnc_wXzUQNFbNrStF5kUU5GqKy',
			description: 'The function, picked from the workspace (every kind) or given by its ID',
		}),
		displayOptions: show(['get', 'deploy']),
	},
	...returnAllFields(show(['getAll']).show),
];
