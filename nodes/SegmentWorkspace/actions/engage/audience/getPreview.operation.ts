import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { inputText } from '../../../../shared/inputText';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { previewOutput, readPreview } from './preview.operation';

export const getPreview: ItemOperation = {
	async execute(itemIndex) {
		const spaceId = readResourceId(this, 'spaceId', itemIndex, 'Space');
		const given = inputText(this.getNodeParameter('previewId', itemIndex, ''), 'Preview ID');
		if (given === '') throw new InvalidInputError('Preview ID is empty: give the previewId that Preview returned');
		const preview = await readPreview(this, `/spaces/${spaceId}/audiences/previews/${pathSegment(given, 'Preview ID')}`);
		return [previewOutput({ id: given, ...preview })];
	},
};
