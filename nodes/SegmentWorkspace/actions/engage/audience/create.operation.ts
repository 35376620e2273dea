import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputText } from '../../../../shared/inputText';
import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { readAudienceName, readAudienceType, readDefinition } from '../../../publicApi/audienceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const create: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const expectedKey = inputText(this.getNodeParameter('key', itemIndex, ''), 'Key');
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body: IDataObject = {
			name: readAudienceName(this.getNodeParameter('name', itemIndex, '')),
			definition: readDefinition(this.getNodeParameter('definition', itemIndex, '')),
			audienceType: readAudienceType(this.getNodeParameter('audienceType', itemIndex, 'USERS')),
			enabled: this.getNodeParameter('enabled', itemIndex, true) === true,
		};
		if (extra.description !== undefined) body.description = inputText(extra.description, 'Description');
		if (extra.includeHistoricalData !== undefined) body.options = { includeHistoricalData: extra.includeHistoricalData === true };
		// Segment's API takes no key: it makes one from the name, and it can never change.
		const data = await publicApiRequest(this, { method: 'POST', path: `/spaces/${spaceId}/audiences`, body, hints: ENGAGE_HINTS });
		const audience = (data.audience ?? {}) as IDataObject;
		if (expectedKey !== '' && audience.key !== expectedKey) {
			throw new NodeOperationError(this.getNode(), `Segment created the audience with the key "${String(audience.key)}", not "${expectedKey}" (audience ${String(audience.id)})`, {
				itemIndex,
				description:
					'Segment makes an audience key from its name and never changes it. Delete this audience and create it again with a name that gives the key, or use the key Segment made.',
			});
		}
		return [audience];
	},
};
