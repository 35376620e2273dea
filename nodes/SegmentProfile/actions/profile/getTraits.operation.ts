import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readProfilePages, traitPages } from '../../../shared/profiles/profileClient';
import { splitList } from '../../../shared/splitList';
import { ProfileNotFound } from '../../../shared/transport/profileTransport';
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
		displayOptions: showForProfile(['getTraits']),
		options: [
			{
				displayName: 'Class',
				name: 'class',
				type: 'options',
				options: [
					{ name: 'All Traits', value: '' },
					{ name: 'Audiences', value: 'audience' },
					{ name: 'Computed Traits', value: 'computed_trait' },
				],
				default: '',
				description: 'Only traits of this kind',
			},
			{
				displayName: 'Include',
				name: 'include',
				type: 'string',
				default: '',
				placeholder: 'email, plan',
				description: 'Only these traits, separated by commas',
			},
			{
				displayName: 'Verbose',
				name: 'verbose',
				type: 'boolean',
				default: false,
				description: 'Whether each trait comes as {value, source_id, updated_at} instead of its value',
			},
		],
	},
];

export const getTraits: ItemOperation = {
	async execute(itemIndex) {
		const profile = readProfileRef(this, itemIndex);
		const filters = readFilters(this, itemIndex);
		const query: IDataObject = {};
		const include = splitList(filters.include, 'Include');
		if (include.length) query.include = include.join(',');
		if (filters.class) query.class = filters.class;
		if (filters.verbose === true) query.verbose = true;
		const result = await readProfilePages(this, profile, 'traits', query, traitPages(readMax(this, itemIndex)));
		if (result instanceof ProfileNotFound) return await entriesOrNotFound(this, itemIndex, profile, result);
		return [{ identifierType: profile.identifierType, identifier: profile.identifier, traits: Object.fromEntries(result) as IDataObject }];
	},
};
