import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/InvalidInputError';
import { PUBLIC_API_PAGE_SIZE } from '../../../shared/transport/cursorPages';
import { publicApiList, publicApiPage } from '../../../shared/transport/publicApiTransport';
import { SCOPE_REGULATION_TYPES } from '../../publicApi/regulation';
import type { ItemOperation } from '../../../shared/actions/ItemOperation';
import { readMax } from '../../../shared/actions/listFields';
import { readResourceId } from '../common/publicApiParameters';
import { PRIVACY_REQUEST_HINTS } from './hints';

function filterQuery(filters: IDataObject, scope: 'workspace' | 'source'): IDataObject {
	const qs: IDataObject = {};
	if (filters.status) qs.status = filters.status;
	const types = Array.isArray(filters.regulationTypes) ? filters.regulationTypes.map(String) : [];
	const unknown = types.filter((type) => !SCOPE_REGULATION_TYPES[scope].includes(type));
	if (unknown.length > 0) {
		throw new InvalidInputError(`Regulation Types: ${unknown.join(', ')} cannot be listed for the ${scope === 'workspace' ? 'Workspace' : 'Source'} scope`, 'Delete From Archive Only requests exist for one source at a time: list them with Scope Source.');
	}
	if (types.length > 0) qs.regulationTypes = types;
	return qs;
}

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const scope = this.getNodeParameter('scope', itemIndex, 'workspace') === 'source' ? 'source' : 'workspace';
		const qs = filterQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, scope);
		const max = readMax(this, itemIndex);
		if (scope === 'workspace') return await publicApiList(this, { path: '/regulations', key: 'regulations', qs, max, hints: PRIVACY_REQUEST_HINTS });
		// Segment's list for one source has no cursor: one page is all it gives.
		const path = `/regulations/sources/${readResourceId(this, 'sourceId', itemIndex, 'Source')}`;
		const count = Math.min(max ?? PUBLIC_API_PAGE_SIZE, PUBLIC_API_PAGE_SIZE);
		const page = await publicApiPage(this, { path, key: 'regulations', qs, hints: PRIVACY_REQUEST_HINTS }, count);
		const cut = page.entries.length >= count && (max === undefined || max > count);
		if (!cut) return page.entries.slice(0, max);
		this.addExecutionHints({
			message: `Segment gave ${count} privacy requests of this source, its most in one answer, and no way to ask for more: there may be others. Narrow the list with the Status or Regulation Types filters.`,
			location: 'outputPane',
		});
		return page.entries.map((entry) => ({ ...entry, mayBeIncomplete: true }));
	},
};
