import type { IDataObject } from 'n8n-workflow';

import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const get: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const audienceId = readResourceId(this, 'audienceId', itemIndex, 'Audience');
		// `include` is an alpha parameter: with the stable media type Segment would leave the schedules out.
		const data = await publicApiRequest(this, { method: 'GET', path: `/spaces/${spaceId}/audiences/${audienceId}`, qs: { include: 'schedules' }, version: 'alpha', hints: ENGAGE_HINTS });
		return [data.audience as IDataObject];
	},
};
