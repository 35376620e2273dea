import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../shared/transport/publicApiTransport';
import type { RegulationScope } from '../../publicApi/regulation';
import { regulationRequest } from '../../publicApi/regulation';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { readResourceId } from '../common/publicApiParameters';
import { InvalidInputError } from '../../../shared/InvalidInputError';
import { runsAsTool } from '../../../shared/actions/toolUse';

export const create: ItemOperation = {
	async execute(itemIndex) {
		const scope = this.getNodeParameter('scope', itemIndex, 'workspace') as RegulationScope;
		const sourceId = scope === 'workspace' ? undefined : readResourceId(this, 'sourceId', itemIndex, 'Source');
		const request = regulationRequest({
			scope,
			sourceId,
			regulationType: this.getNodeParameter('regulationType', itemIndex) as string,
			subjectType: this.getNodeParameter('subjectType', itemIndex, 'USER_ID') as string,
			subjectIds: this.getNodeParameter('subjectIds', itemIndex, ''),
			collection: scope === 'cloudSource' ? this.getNodeParameter('collection', itemIndex, '') : undefined,
		});
		// A model names one person per call: a list it made up, or read from data, is not taken for many.
		if (runsAsTool(this) && request.body.subjectIds.length > 1) {
			throw new InvalidInputError(
				`Subject IDs holds ${request.body.subjectIds.length} subjects; as a tool, a privacy request takes one subject per call. Nothing was sent`,
				'Call the tool once for each person, with that one ID as Subject IDs, e.g. "user-123".',
			);
		}
		const data = await publicApiRequest(this, { method: 'POST', path: request.path, body: request.body as unknown as IDataObject });
		return [
			{
				regulateId: data.regulateId ?? null,
				scope,
				...(sourceId ? { sourceId: decodeURIComponent(sourceId) } : {}),
				...request.body,
			},
		];
	},
};
