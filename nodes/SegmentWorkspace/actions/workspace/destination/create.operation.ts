import type { IDataObject } from 'n8n-workflow';

import { inputText } from '../../../../shared/inputText';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readJsonObject } from '../../../publicApi/workspaceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

const SETTINGS_HINT = "Give the destination's settings as a JSON object, e.g. {\"apiKey\": \"…\"}: the required ones its catalog entry lists; an expression may give the object.";

export const create: ItemOperation = {
	async execute(itemIndex) {
		const name = inputText(this.getNodeParameter('name', itemIndex, ''), 'Name');
		const body: IDataObject = {
			sourceId: decodeURIComponent(readResourceId(this, 'sourceId', itemIndex, 'Source')),
			metadataId: decodeURIComponent(readResourceId(this, 'metadataId', itemIndex, 'Catalog Destination')),
			enabled: this.getNodeParameter('enabled', itemIndex, true) === true,
			// Segment's schema requires settings, if only {}.
			settings: readJsonObject(this.getNodeParameter('settings', itemIndex, '{}'), 'Settings', SETTINGS_HINT),
			...(name !== '' ? { name } : {}),
		};
		const data = await publicApiRequest(this, {
			method: 'POST',
			path: '/destinations',
			body,
			hints: { 422: `Segment refused the destination; its message names the field. ${SETTINGS_HINT}` },
		});
		return [data.destination as IDataObject];
	},
};
