import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { previewOutcome, readCondition } from '../../../publicApi/destinationFilter';
import { readJsonObject } from '../../../publicApi/workspaceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { FILTER_HINTS, readActions } from './fields';

const PAYLOAD_HINT = 'Give a sample event as a JSON object, e.g. {"type": "track", "event": "Order Completed", "properties": {"email": "ada@example.com"}}; an expression may give the incoming item.';

export const preview: ItemOperation = {
	async execute(itemIndex) {
		const filter = { if: readCondition(this.getNodeParameter('if', itemIndex, '')), actions: readActions(this, itemIndex) };
		const payload = readJsonObject(this.getNodeParameter('payload', itemIndex, '{}'), 'Sample Event', PAYLOAD_HINT);
		const data = await publicApiRequest(this, { method: 'POST', path: '/destination/filters/preview', body: { filter, payload } as unknown as IDataObject, hints: FILTER_HINTS });
		return [{ ...previewOutcome(data.inputPayload ?? payload, data.result), filter } as IDataObject];
	},
};
