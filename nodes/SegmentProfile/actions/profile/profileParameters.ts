import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ProfileCollection, ProfileRef } from '../../../shared/profiles/profilePath';
import { inputText } from '../../../shared/inputText';
import { externalId } from '../../../shared/profiles/profilePath';
import { ProfileNotFound, profileNotFoundError } from '../../../shared/transport/profileTransport';

export function readProfileRef(ctx: IExecuteFunctions, itemIndex: number): ProfileRef {
	const collection = ctx.getNodeParameter('collection', itemIndex, 'users') as ProfileCollection;
	const identifier = inputText(ctx.getNodeParameter('identifier', itemIndex, ''), 'Identifier');
	if (identifier === '') {
		throw new NodeOperationError(ctx.getNode(), 'Identifier is empty: give the ID of the profile to look up', { itemIndex });
	}
	if (collection === 'accounts') return { collection, identifierType: 'group_id', identifier };
	let identifierType = ctx.getNodeParameter('identifierType', itemIndex, 'user_id') as string;
	if (identifierType === 'custom') {
		identifierType = inputText(ctx.getNodeParameter('customIdentifierType', itemIndex, ''), 'Custom Identifier Type');
		if (identifierType === '') {
			throw new NodeOperationError(ctx.getNode(), 'Custom Identifier Type is empty: give the type, e.g. phone', { itemIndex });
		}
	}
	return { collection, identifierType, identifier };
}

export function readFilters(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
}

/**
 * What a look-up returns: its entries, or for a profile Segment does not know, an error
 * naming it, or nothing when the user asked for that (Options → Return Nothing for an
 * Unknown Profile).
 */
export async function entriesOrNotFound<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	profile: ProfileRef,
	result: T[] | ProfileNotFound,
): Promise<T[]> {
	if (!(result instanceof ProfileNotFound)) return result;
	const options = ctx.getNodeParameter('profileOptions', itemIndex, {}) as IDataObject;
	if (options.emptyIfNotFound === true) return [];
	throw await profileNotFoundError(
		ctx,
		result,
		externalId(profile),
		itemIndex,
		' To get no items instead of an error, turn on Options → Return Nothing for an Unknown Profile.',
	);
}
