import type { INodeProperties } from 'n8n-workflow';

import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax, returnAllFields } from '../../../../shared/actions/listFields';

/** The people whose data Segment no longer takes, after a Suppress privacy request. */

const getAll: ItemOperation = {
	async execute(itemIndex) {
		return await publicApiList(this, { path: '/suppressions', key: 'suppressed', max: readMax(this, itemIndex) });
	},
};

export const suppressionOperations: Record<string, ItemOperation> = { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['suppression'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get the suppressed users whose data is no longer taken',
				description: 'The suppressed users of the workspace, grouped by subject type: {subjectType, subjectIds}. Unsuppress them with a Privacy Request of type Unsuppress.',
			},
		],
		default: 'getAll',
	},
	...returnAllFields({ resource: ['suppression'], operation: ['getAll'] }),
];
