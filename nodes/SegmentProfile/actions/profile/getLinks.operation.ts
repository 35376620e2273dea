import type { IDataObject } from 'n8n-workflow';

import { readProfilePages } from '../../../shared/profiles/profileClient';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { readMax } from '../../../shared/actions/listFields';
import { entriesOrNotFound, readProfileRef } from './profileParameters';

export const getLinks: ItemOperation = {
	async execute(itemIndex) {
		const profile = readProfileRef(this, itemIndex);
		const result = await readProfilePages(this, profile, 'links', {}, {
			max: readMax(this, itemIndex),
			pageSize: 20,
			entriesOf: (body) => (body.data ?? []) as IDataObject[],
		});
		return await entriesOrNotFound(this, itemIndex, profile, result);
	},
};
