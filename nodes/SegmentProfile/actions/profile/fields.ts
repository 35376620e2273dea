import type { INodeProperties } from 'n8n-workflow';

import { returnAllFields } from '../../../shared/actions/listFields';
import { customIdentifierTypeField, identifierTypeOptions } from '../../../shared/profiles/identifierFields';
import { displayFor } from '../../../shared/actions/displayFor';

const ACCOUNT_OPERATIONS = ['getTraits', 'getLinks'];
const PAGED_OPERATIONS = ['getTraits', 'getEvents', 'getExternalIds', 'getLinks'];

export const showForProfile = displayFor('profile');

export const profileFields: INodeProperties[] = [
	{
		displayName: 'Collection',
		name: 'collection',
		type: 'options',
		options: [
			{ name: 'Users', value: 'users', description: 'People, named by user ID, anonymous ID, email or a custom ID' },
			{ name: 'Accounts', value: 'accounts', description: 'Groups and companies, named by their group ID' },
		],
		default: 'users',
		displayOptions: showForProfile(ACCOUNT_OPERATIONS),
		description: 'Whose profile to read. Segment keeps accounts only for traits and links.',
	},
	{
		displayName: 'Identifier Type',
		name: 'identifierType',
		type: 'options',
		options: identifierTypeOptions,
		default: 'user_id',
		displayOptions: { show: { resource: ['profile'] }, hide: { collection: ['accounts'] } },
		description: 'The kind of ID the profile is looked up by',
	},
	{
		...customIdentifierTypeField,
		displayOptions: { show: { resource: ['profile'], identifierType: ['custom'] }, hide: { collection: ['accounts'] } },
	},
	{
		displayName: 'Identifier',
		name: 'identifier',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ada@example.com',
		displayOptions: showForProfile(),
		description:
			'The ID of the profile (for accounts, the group ID). Matched as Segment stores it, case-sensitively.',
	},
	...returnAllFields({ resource: ['profile'], operation: PAGED_OPERATIONS }),
];

export const profileOptions: INodeProperties = {
	displayName: 'Options',
	name: 'profileOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: showForProfile(),
	options: [
		{
			displayName: 'Return Nothing for an Unknown Profile',
			name: 'emptyIfNotFound',
			type: 'boolean',
			default: false,
			description:
				'Whether a profile Segment does not know returns no items instead of an error',
		},
	],
};
