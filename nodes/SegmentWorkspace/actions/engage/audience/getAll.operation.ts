import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiList } from '../../../../shared/transport/publicApiTransport';
import { readSearch } from '../../../publicApi/audienceInput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readResourceId } from '../../common/publicApiParameters';

/** Segment pages the audience list by 200 at most. */
export const AUDIENCE_PAGE_SIZE = 200;

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const search = readSearch(this.getNodeParameter('search', itemIndex, ''));
		return await publicApiList(this, {
			path: `/spaces/${spaceId}/audiences`,
			key: 'audiences',
			// Search and paging of this list are alpha parameters.
			version: 'alpha',
			qs: search ? { 'search.type': 'NAME', 'search.query': search } : {},
			pageSize: AUDIENCE_PAGE_SIZE,
			max: readMax(this, itemIndex),
			hints: ENGAGE_HINTS,
		});
	},
};
