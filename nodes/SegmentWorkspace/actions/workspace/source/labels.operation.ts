import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readLabels } from '../../../publicApi/workspaceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

const LABEL_HINTS = { 422: 'Segment takes only labels that exist in the workspace: make them first with Label → Create (Settings → Labels in Segment).' };

/** Add (POST) or replace (PUT) the labels of a source; the answer is every label it has now. */
function labelOperation(method: 'POST' | 'PUT'): ItemOperation {
	return {
		async execute(itemIndex) {
			const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
			const labels = readLabels(this.getNodeParameter('labels', itemIndex, ''));
			const data = await publicApiRequest(this, { method, path: `/sources/${id}/labels`, body: { labels } as unknown as IDataObject, hints: LABEL_HINTS });
			return [{ sourceId: decodeURIComponent(id), labels: (data.labels ?? []) as IDataObject[] }];
		},
	};
}

export const addLabels = labelOperation('POST');
export const replaceLabels = labelOperation('PUT');
