import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readProfilePages } from '../../../shared/profiles/profileClient';
import { splitList } from '../../../shared/splitList';
import { showForProfile } from './fields';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { readMax } from '../../../shared/actions/listFields';
import { entriesOrNotFound, readFilters, readProfileRef } from './profileParameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForProfile(['getExternalIds']),
		options: [
			{
				displayName: 'Include',
				name: 'include',
				type: 'string',
				default: '',
				placeholder: 'email, anonymous_id',
				description: 'Only IDs of these types, separated by commas',
			},
		],
	},
];

export const getExternalIds: ItemOperation = {
	async execute(itemIndex) {
		const profile = readProfileRef(this, itemIndex);
		const include = splitList(readFilters(this, itemIndex).include, 'Include');
		const result = await readProfilePages(this, profile, 'external_ids', include.length ? { include: include.join(',') } : {}, {
			max: readMax(this, itemIndex),
			pageSize: 100,
			entriesOf: (body) => (body.data ?? []) as IDataObject[],
		});
		return await entriesOrNotFound(this, itemIndex, profile, result);
	},
};
