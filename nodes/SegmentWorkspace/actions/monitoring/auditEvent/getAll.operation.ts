import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { inputText } from '../../../../shared/inputText';
import { auditEvents } from '../../../../shared/publicApi/auditTrail';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readDate } from '../../common/timeWindow';

export const getAll: ItemOperation = {
	async execute(itemIndex) {
		const start = readDate(this.getNodeParameter('startTime', itemIndex, ''), 'Start Time');
		const end = readDate(this.getNodeParameter('endTime', itemIndex, ''), 'End Time');
		// As Delivery Overview and Usage do: a window that holds nothing is refused, not sent.
		if (start && end && end.getTime() <= start.getTime()) {
			throw new InvalidInputError(`End Time (${end.toISOString()}) must be after Start Time (${start.toISOString()})`, 'Segment would answer an empty list, or refuse it; nothing was sent.');
		}
		return await auditEvents(this, {
			startTime: start?.toISOString(),
			endTime: end?.toISOString(),
			resourceType: inputText(this.getNodeParameter('resourceType', itemIndex, ''), 'Resource Type') || undefined,
			resourceId: inputText(this.getNodeParameter('resourceId', itemIndex, ''), 'Resource ID') || undefined,
			max: readMax(this, itemIndex),
		});
	},
};
