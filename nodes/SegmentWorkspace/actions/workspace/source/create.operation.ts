import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputText } from '../../../../shared/inputText';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readJsonObject, readSlug } from '../../../publicApi/workspaceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

const SETTINGS_HINT = "Give the settings the catalog entry lists under options, as a JSON object, e.g. {}; an expression may give the object.";

/** The source as Segment made it, with its first write key at hand (empty unless the token may see write keys). */
export function withWriteKey(source: IDataObject): IDataObject {
	const keys = Array.isArray(source.writeKeys) ? (source.writeKeys as string[]) : [];
	return { ...source, writeKey: keys[0] ?? null };
}

export const create: ItemOperation = {
	async execute(itemIndex) {
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {
			slug: readSlug(this.getNodeParameter('slug', itemIndex, '')),
			metadataId: decodeURIComponent(readResourceId(this, 'metadataId', itemIndex, 'Catalog Source')),
			enabled: this.getNodeParameter('enabled', itemIndex, true) === true,
		};
		const settings = readJsonObject(this.getNodeParameter('settings', itemIndex, '{}'), 'Settings', SETTINGS_HINT);
		if (Object.keys(settings).length > 0) body.settings = settings;
		if (extra.disconnectAllWarehouses === true) body.disconnectAllWarehouses = true;
		const name = inputText(this.getNodeParameter('name', itemIndex, ''), 'Name');
		const data = await publicApiRequest(this, { method: 'POST', path: '/sources', body });
		let source = (data.source ?? {}) as IDataObject;
		// Segment's create takes no name: the source is named right after.
		if (name !== '' && source.name !== name) {
			try {
				const renamed = await publicApiRequest(this, { method: 'PATCH', path: `/sources/${pathSegment(source.id, 'The ID Segment gave the source')}`, body: { name } });
				source = { ...source, ...((renamed.source ?? {}) as IDataObject) };
			} catch (error) {
				throw new NodeOperationError(this.getNode(), `The source ${String(source.id)} was created, but naming it "${name}" failed: ${(error as Error).message}`, {
					itemIndex,
					description: 'Rename it with Source → Update; do not create it again.',
				});
			}
		}
		return [withWriteKey(source)];
	},
};
