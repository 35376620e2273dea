import type { IDataObject } from 'n8n-workflow';

import { eventVolume } from '../../../../shared/publicApi/usageMetrics';
import { splitList } from '../../../../shared/splitList';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readTimeWindow } from '../../common/timeWindow';
import { volumeRows, volumeSummary } from '../metricRows';

export const getEventVolume: ItemOperation = {
	async execute(itemIndex) {
		const window = readTimeWindow(this, itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const results = await eventVolume(this, {
			window,
			groupBy: splitList(this.getNodeParameter('groupBy', itemIndex, []), 'Group By'),
			sourceIds: splitList(filters.sourceId, 'Filters → Source IDs'),
			eventNames: splitList(filters.eventName, 'Filters → Event Names'),
			eventTypes: splitList(filters.eventType, 'Filters → Event Types'),
			appVersions: splitList(filters.appVersion, 'Filters → App Versions'),
		});
		const context = { startTime: window.start.toISOString(), endTime: window.end.toISOString(), granularity: window.granularity };
		return this.getNodeParameter('output', itemIndex, 'rows') === 'summary' ? [volumeSummary(results, context)] : volumeRows(results, context);
	},
};
