import { ENGAGE_HINTS } from '../../../../shared/publicApi/engageHints';
import { publicApiDelete } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';

export const deleteAudience: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const audienceId = readResourceId(this, 'audienceId', itemIndex, 'Audience');
		const outcome = await publicApiDelete(this, { path: `/spaces/${spaceId}/audiences/${audienceId}`, hints: ENGAGE_HINTS });
		return [deleteOutput(decodeURIComponent(audienceId), outcome, 'audience')];
	},
};
