import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/InvalidInputError';
import { publicApiRequest } from '../../../shared/transport/publicApiTransport';
import { isFinalStatus } from '../../publicApi/regulation';
import type { ItemOperation } from '../common/ItemOperation';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const id = String(this.getNodeParameter('regulateId', itemIndex, '') ?? '').trim();
		if (id === '') throw new InvalidInputError('Privacy Request ID is empty: give the regulateId that Create returned');
		const data = await publicApiRequest(this, { method: 'GET', path: `/regulations/${encodeURIComponent(id)}` });
		const regulation = (data.regulation ?? {}) as IDataObject;
		return [{ ...regulation, regulateId: regulation.id ?? id, done: isFinalStatus(regulation.overallStatus) }];
	},
};
