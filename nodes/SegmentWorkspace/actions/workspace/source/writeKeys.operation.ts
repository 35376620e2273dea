import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputText } from '../../../../shared/inputText';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { publicApiDelete, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

const WRITE_KEY_HINTS = { 401: 'Write keys are shown and changed only with a token that has the Source Admin role for this source (or Workspace Owner).' };

const keysOf = (source: unknown) => ((source as IDataObject | undefined)?.writeKeys as string[] | undefined) ?? [];

export const createWriteKey: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		const before = keysOf((await publicApiRequest(this, { method: 'GET', path: `/sources/${id}` })).source);
		const data = await publicApiRequest(this, { method: 'POST', path: `/sources/${id}/writekey`, version: 'alpha', hints: WRITE_KEY_HINTS });
		const after = keysOf(data.source);
		const made = after.filter((key) => !before.includes(key));
		if (made.length !== 1) {
			throw new NodeOperationError(this.getNode(), `Segment answered without showing the new write key of source ${decodeURIComponent(id)}`, {
				itemIndex,
				description: `${WRITE_KEY_HINTS[401]} Read it in Segment (the source → Settings → API Keys); do not create another one.`,
			});
		}
		return [{ sourceId: decodeURIComponent(id), writeKey: made[0], writeKeys: after }];
	},
};

export const removeWriteKey: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'sourceId', itemIndex, 'Source');
		const writeKey = inputText(this.getNodeParameter('writeKey', itemIndex, '', { extractValue: true }), 'Write Key');
		const path = `/sources/${id}/writekey/${pathSegment(writeKey, 'Write Key')}`;
		const outcome = await publicApiDelete(this, { path, version: 'alpha', hints: WRITE_KEY_HINTS });
		// The key is a secret of its own: the output names the source, not the key.
		return [deleteOutput(decodeURIComponent(id), outcome, 'write key on this source', { writeKeyEnding: writeKey.slice(-4) })];
	},
};
