import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/InvalidInputError';
import { pathSegment } from '../../../shared/publicApi/pathSegment';
import { publicApiRequest } from '../../../shared/transport/publicApiTransport';
import { isFinalStatus } from '../../publicApi/regulation';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { PRIVACY_REQUEST_HINTS } from './hints';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const given = this.getNodeParameter('regulateId', itemIndex, '', { extractValue: true });
		if (typeof given === 'string' && given.trim() === '') throw new InvalidInputError('Privacy Request ID is empty: give the regulateId that Create returned');
		const id = pathSegment(given, 'Privacy Request ID');
		const data = await publicApiRequest(this, { method: 'GET', path: `/regulations/${id}`, hints: PRIVACY_REQUEST_HINTS });
		const regulation = (data.regulation ?? {}) as IDataObject;
		return [{ ...regulation, regulateId: regulation.id ?? decodeURIComponent(id), done: isFinalStatus(regulation.overallStatus) }];
	},
};
