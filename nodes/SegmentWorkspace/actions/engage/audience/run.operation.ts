import type { IDataObject } from 'n8n-workflow';

import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const run: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const audienceId = readResourceId(this, 'audienceId', itemIndex, 'Audience');
		const data = await publicApiRequest(this, {
			method: 'POST',
			path: `/spaces/${spaceId}/audiences/${audienceId}/runs`,
			hints: { ...ENGAGE_HINTS, 422: 'Segment runs on demand only Linked audiences (audience type LINKED); other audiences compute on their own.' },
		});
		const run = (data.run ?? {}) as IDataObject;
		return [{ audienceId: decodeURIComponent(audienceId), runId: run.id ?? null }];
	},
};
