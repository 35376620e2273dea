import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { inputText } from '../../../../shared/inputText';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { publicApiDelete, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { displayFor } from '../../../../shared/actions/displayFor';

/** Labels (key:value) group sources for access and governance: every label of the workspace, in one list. */

const show = displayFor('label');

function readPart(value: unknown, label: string): string {
	const text = inputText(value, label);
	if (text === '') throw new InvalidInputError(`${label} is empty: a label is a key and a value, e.g. env and staging`);
	return text;
}

const getAll: ItemOperation = {
	async execute() {
		// Segment's label list has no pages.
		const data = await publicApiRequest(this, { method: 'GET', path: '/labels' });
		return (data.labels ?? []) as IDataObject[];
	},
};

const create: ItemOperation = {
	async execute(itemIndex) {
		const description = inputText(this.getNodeParameter('description', itemIndex, ''), 'Description');
		const label = { key: readPart(this.getNodeParameter('key', itemIndex, ''), 'Key'), value: readPart(this.getNodeParameter('value', itemIndex, ''), 'Value'), ...(description ? { description } : {}) };
		const data = await publicApiRequest(this, { method: 'POST', path: '/labels', body: { label }, hints: { 409: 'The workspace has this label already.', 429: 'Segment allows 60 label changes a minute.' } });
		return [(data.label ?? label) as IDataObject];
	},
};

const deleteLabel: ItemOperation = {
	async execute(itemIndex) {
		const key = readPart(this.getNodeParameter('key', itemIndex, ''), 'Key');
		const value = readPart(this.getNodeParameter('value', itemIndex, ''), 'Value');
		const outcome = await publicApiDelete(this, { path: `/labels/${pathSegment(key, 'Key')}/${pathSegment(value, 'Value')}` });
		return [deleteOutput(`${key}:${value}`, outcome, 'label', { key, value })];
	},
};

export const labelOperations: Record<string, ItemOperation> = { getAll, create, delete: deleteLabel };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(),
		options: [
			{ name: 'Create', value: 'create', action: 'Create a label to put on sources', description: 'A new label of the workspace, to put on sources' },
			{ name: 'Delete', value: 'delete', action: 'Delete a label for good from the workspace and from every source that has it', description: 'Remove a label from the workspace for good, and from every source that has it' },
			{ name: 'Get Many', value: 'getAll', action: 'Get many labels of the workspace that group sources', description: 'Every label of the workspace, one item each' },
		],
		default: 'getAll',
	},
	{ displayName: 'Key', name: 'key', type: 'string', default: '', required: true, placeholder: 'env', displayOptions: show(['create', 'delete']) },
	{ displayName: 'Value', name: 'value', type: 'string', default: '', required: true, placeholder: 'staging', displayOptions: show(['create', 'delete']) },
	{ displayName: 'Description', name: 'description', type: 'string', default: '', displayOptions: show(['create']) },
];
