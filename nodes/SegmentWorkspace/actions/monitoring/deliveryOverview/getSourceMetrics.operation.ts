import type { SourceStage } from '../../../../shared/publicApi/deliveryMetrics';
import { deliveryMetrics } from '../../../../shared/publicApi/deliveryMetrics';
import { DELIVERY_OVERVIEW_LIMITS } from '../../../../shared/publicApi/metricWindows';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { readTimeWindow } from '../../common/timeWindow';
import { metricRows, metricSummary } from '../metricRows';
import { readGrouping } from './fields';

export const getSourceMetrics: ItemOperation = {
	async execute(itemIndex) {
		const stage = this.getNodeParameter('stage', itemIndex, 'successfullyReceived') as SourceStage;
		const sourceId = decodeURIComponent(readResourceId(this, 'sourceId', itemIndex, 'Source'));
		const window = readTimeWindow(this, itemIndex, DELIVERY_OVERVIEW_LIMITS);
		const metrics = await deliveryMetrics(this, { stage, sourceId, window, ...readGrouping(this, itemIndex, stage) });
		const context = { stage, sourceId, startTime: window.start.toISOString(), endTime: window.end.toISOString(), granularity: window.granularity };
		return this.getNodeParameter('output', itemIndex, 'rows') === 'summary' ? [metricSummary(metrics, context)] : metricRows(metrics, context);
	},
};
