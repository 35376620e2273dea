import type { IDataObject } from 'n8n-workflow';

import { readProfileObject } from '../../../shared/profiles/profileClient';
import { ProfileNotFound } from '../../../shared/transport/profileTransport';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { entriesOrNotFound, readProfileRef } from './profileParameters';

export const getMetadata: ItemOperation = {
	async execute(itemIndex) {
		const profile = readProfileRef(this, itemIndex);
		const body = await readProfileObject(this, profile, 'metadata', {});
		if (body instanceof ProfileNotFound) return await entriesOrNotFound(this, itemIndex, profile, body);
		return [{ identifierType: profile.identifierType, identifier: profile.identifier, ...((body.metadata ?? {}) as IDataObject) }];
	},
};
