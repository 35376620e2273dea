import { inputText } from '../../../../shared/inputText';
import { auditEvents } from '../../../../shared/publicApi/auditTrail';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readDate } from '../../common/timeWindow';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const start = readDate(this.getNodeParameter('startTime', itemIndex, ''), 'Start Time');
		const end = readDate(this.getNodeParameter('endTime', itemIndex, ''), 'End Time');
		return await auditEvents(this, {
			startTime: start?.toISOString(),
			endTime: end?.toISOString(),
			resourceType: inputText(this.getNodeParameter('resourceType', itemIndex, ''), 'Resource Type') || undefined,
			resourceId: inputText(this.getNodeParameter('resourceId', itemIndex, ''), 'Resource ID') || undefined,
			max: readMax(this, itemIndex),
		});
	},
};
