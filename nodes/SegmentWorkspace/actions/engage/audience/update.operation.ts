import type { IDataObject } from 'n8n-workflow';

import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { audienceUpdate } from '../../../publicApi/audienceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const update: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const audienceId = readResourceId(this, 'audienceId', itemIndex, 'Audience');
		const body = audienceUpdate(this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
		const data = await publicApiRequest(this, {
			method: 'PATCH',
			path: `/spaces/${spaceId}/audiences/${audienceId}`,
			body: body as IDataObject,
			hints: { ...ENGAGE_HINTS, 422: `${ENGAGE_HINTS[422]} After an update, Segment locks the audience until the change is computed: try again in a few minutes.` },
		});
		return [data.audience as IDataObject];
	},
};
