import type { INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { returnAllFields } from '../../../../shared/actions/listFields';
import { getAll } from './getAll.operation';

export const auditEventOperations: Record<string, ItemOperation> = { getAll };

const show = { resource: ['auditEvent'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['auditEvent'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many audit events that say who changed what in the workspace and when',
				description: 'Who changed which source, destination, tracking plan or token, and when; newest first, the last 90 days',
			},
		],
		default: 'getAll',
	},
	{ displayName: 'Start Time', name: 'startTime', type: 'dateTime', default: '', displayOptions: { show }, description: 'Only events after this time' },
	{ displayName: 'End Time', name: 'endTime', type: 'dateTime', default: '', displayOptions: { show }, description: 'Only events before this time; empty: now' },
	{
		displayName: 'Resource Type',
		name: 'resourceType',
		type: 'string',
		default: '',
		placeholder: 'source',
		displayOptions: { show },
		description: 'Only events about this kind of resource, e.g. source, destination (Segment: integration), warehouse, tracking plan',
	},
	{ displayName: 'Resource ID', name: 'resourceId', type: 'string', default: '', displayOptions: { show }, description: 'Only events about this resource, by its ID' },
	...returnAllFields(show),
];
