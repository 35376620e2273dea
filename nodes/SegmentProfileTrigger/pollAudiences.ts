import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Membership, MembershipChange } from '../shared/engage/audienceMembership';
import { membershipChanges, membershipOf } from '../shared/engage/audienceMembership';
import { readProfilePages, traitPages } from '../shared/profiles/profileClient';
import type { ProfileRef } from '../shared/profiles/profilePath';
import { externalId } from '../shared/profiles/profilePath';
import { splitList } from '../shared/splitList';
import { ProfileNotFound, profileNotFoundError } from '../shared/transport/profileTransport';

/**
 * Audience Changes: each poll reads the watched profiles' audience traits and compares
 * them with the last poll's; the first poll only takes note, so activating the workflow
 * does not report everyone's current audiences as new.
 */

export interface AudienceState {
	audiences?: Record<string, Membership>;
}

function changeItem(profile: ProfileRef, change: MembershipChange, membership: Membership, at: string): INodeExecutionData {
	const idOf = (type: string) => (profile.identifierType === type ? profile.identifier : null);
	return {
		json: {
			...change,
			identifierType: profile.identifierType,
			identifier: profile.identifier,
			userId: idOf('user_id'),
			anonymousId: idOf('anonymous_id'),
			email: idOf('email'),
			audiences: membership,
			timestamp: at,
		} as IDataObject,
	};
}

export async function pollAudiences(ctx: IPollFunctions, profiles: ProfileRef[], state: AudienceState, manual: boolean): Promise<INodeExecutionData[][] | null> {
	const keys = splitList(ctx.getNodeParameter('audienceKeys', ''), 'Audience Keys');
	const now = new Date().toISOString();
	const readings: Record<string, Membership> = {};
	const items: INodeExecutionData[] = [];
	for (const profile of profiles) {
		const key = externalId(profile);
		const read = await readProfilePages(ctx, profile, 'traits', { class: 'audience' }, traitPages());
		if (read instanceof ProfileNotFound && manual) throw await profileNotFoundError(ctx, read, key);
		const membership = read instanceof ProfileNotFound ? {} : membershipOf(Object.fromEntries(read));
		readings[key] = membership;
		// "Fetch test event" shows what the profile is in now, as entries.
		const before = manual ? {} : state.audiences?.[key];
		if (before === undefined) continue;
		for (const change of membershipChanges(before, membership, keys)) items.push(changeItem(profile, change, membership, now));
	}
	if (manual) {
		if (items.length === 0) {
			throw new NodeOperationError(ctx.getNode(), `${profiles.map(externalId).join(', ')} ${profiles.length === 1 ? 'is' : 'are'} in none of the audiences watched`, {
				description: 'Fetch Test Event shows the audiences a watched profile is in now. Check the Audience Keys, or watch a profile that is in one.',
			});
		}
		return [items];
	}
	state.audiences = readings;
	return items.length > 0 ? [items] : null;
}
