import type { DestinationStage } from '../../../../shared/publicApi/deliveryMetrics';
import { deliveryMetrics } from '../../../../shared/publicApi/deliveryMetrics';
import { DELIVERY_OVERVIEW_LIMITS } from '../../../../shared/publicApi/metricWindows';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { readTimeWindow } from '../../common/timeWindow';
import { metricRows, metricSummary } from '../metricRows';
import { readGrouping } from './fields';

export const getDestinationMetrics: ItemOperation = {
	async execute(itemIndex) {
		const stage = this.getNodeParameter('stage', itemIndex, 'failedDelivery') as DestinationStage;
		const sourceId = decodeURIComponent(readResourceId(this, 'sourceId', itemIndex, 'Source'));
		const destinationId = decodeURIComponent(readResourceId(this, 'destinationId', itemIndex, 'Destination'));
		const window = readTimeWindow(this, itemIndex, DELIVERY_OVERVIEW_LIMITS);
		const metrics = await deliveryMetrics(this, { stage, sourceId, destinationId, window, ...readGrouping(this, itemIndex, stage) });
		const context = { stage, sourceId, destinationId, startTime: window.start.toISOString(), endTime: window.end.toISOString(), granularity: window.granularity };
		return this.getNodeParameter('output', itemIndex, 'rows') === 'summary' ? [metricSummary(metrics, context)] : metricRows(metrics, context);
	},
};
