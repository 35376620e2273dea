import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { KeyMatch } from '../../../shared/engage/audienceMembership';
import { isInAudiences, membershipOf } from '../../../shared/engage/audienceMembership';
import { readProfilePages, traitPages } from '../../../shared/profiles/profileClient';
import { splitList } from '../../../shared/splitList';
import { ProfileNotFound } from '../../../shared/transport/profileTransport';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { showForProfile } from './fields';
import { entriesOrNotFound, readProfileRef } from './profileParameters';

export const description: INodeProperties[] = [
	{
		displayName: 'Audience Keys',
		name: 'audienceKeys',
		type: 'string',
		default: '',
		placeholder: 'vip_customers, churn_risk',
		displayOptions: showForProfile(['getAudiences']),
		description: 'The audiences to check, by key, separated by commas: In Audience tells whether the person is in them. Empty: in any audience.',
	},
	{
		displayName: 'In Audience When',
		name: 'keyMatch',
		type: 'options',
		options: [
			{ name: 'In All of Them', value: 'all' },
			{ name: 'In Any of Them', value: 'any' },
		],
		default: 'all',
		displayOptions: showForProfile(['getAudiences']),
	},
];

export const getAudiences: ItemOperation = {
	async execute(itemIndex) {
		const profile = readProfileRef(this, itemIndex);
		const keys = splitList(this.getNodeParameter('audienceKeys', itemIndex, ''), 'Audience Keys');
		const match = this.getNodeParameter('keyMatch', itemIndex, 'all') as KeyMatch;
		const result = await readProfilePages(this, profile, 'traits', { class: 'audience' }, traitPages());
		if (result instanceof ProfileNotFound) return await entriesOrNotFound(this, itemIndex, profile, result);
		const audiences = membershipOf(Object.fromEntries(result));
		return [
			{
				identifierType: profile.identifierType,
				identifier: profile.identifier,
				audiences: audiences as IDataObject,
				inAudience: isInAudiences(audiences, keys, match),
			},
		];
	},
};
