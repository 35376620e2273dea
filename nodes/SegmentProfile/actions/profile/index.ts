import type { INodeProperties } from 'n8n-workflow';

import { profileFields, profileOptions } from './fields';
import * as getAudiences from './getAudiences.operation';
import * as getEvents from './getEvents.operation';
import * as getExternalIds from './getExternalIds.operation';
import { getLinks } from './getLinks.operation';
import { getMetadata } from './getMetadata.operation';
import * as getTraits from './getTraits.operation';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';

export const profileOperations: Record<string, ItemOperation> = {
	getTraits: getTraits.getTraits,
	getEvents: getEvents.getEvents,
	getExternalIds: getExternalIds.getExternalIds,
	getMetadata,
	getLinks,
	getAudiences: getAudiences.getAudiences,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['profile'] } },
		options: [
			{
				name: 'Get Audiences',
				value: 'getAudiences',
				action: 'Get the audiences of a profile and whether the person is in the ones given',
				description: 'Which Engage audiences the person is in, and whether they are in the ones given: ready for an IF node',
			},
			{
				name: 'Get Events',
				value: 'getEvents',
				action: 'Get the events of a profile from the last 14 days one item per event',
				description: "A person's track events of the last 14 days, one item each",
			},
			{
				name: 'Get External IDs',
				value: 'getExternalIds',
				action: 'Get the identifiers of a profile such as user ID and anonymous ID and email',
				description: 'Every ID Segment knows for the person (user ID, anonymous IDs, emails …), one item each',
			},
			{
				name: 'Get Links',
				value: 'getLinks',
				action: 'Get the links of a profile to the accounts of a user or the users of an account',
				description: 'The accounts a user belongs to, or the users of an account, one item each',
			},
			{
				name: 'Get Metadata',
				value: 'getMetadata',
				action: 'Get the metadata of a profile such as when it was created and last updated',
				description: 'When the profile was created and last updated, and its first and last messages',
			},
			{
				name: 'Get Traits',
				value: 'getTraits',
				action: 'Get the traits of a profile with what is known about the person or account',
				description: 'What Segment knows about the person or account, as one item',
			},
		],
		default: 'getTraits',
	},
	...profileFields,
	...getTraits.description,
	...getEvents.description,
	...getExternalIds.description,
	...getAudiences.description,
	profileOptions,
];
