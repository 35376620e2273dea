import type { IDataObject } from 'n8n-workflow';

import { publicApiRequest } from '../../../shared/transport/publicApiTransport';
import type { RegulationScope } from '../../publicApi/regulation';
import { regulationRequest } from '../../publicApi/regulation';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { readResourceId } from '../common/publicApiParameters';

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
