import type { IDataObject } from 'n8n-workflow';

import { REVERSE_ETL_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readModelId } from './syncParameters';

export const getModel: ItemOperation = {
	async execute(itemIndex) {
		const data = await publicApiRequest(this, { method: 'GET', path: `/reverse-etl-models/${readModelId(this, itemIndex)}`, version: 'alpha', hints: REVERSE_ETL_HINTS });
		return [data.reverseEtlModel as IDataObject];
	},
};
