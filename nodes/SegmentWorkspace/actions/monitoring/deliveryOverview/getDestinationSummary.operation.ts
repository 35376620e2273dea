import type { IDataObject } from 'n8n-workflow';

import { asNumber, deliverySummary } from '../../../../shared/publicApi/deliveryMetrics';
import { DELIVERY_SUMMARY_LIMITS } from '../../../../shared/publicApi/metricWindows';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { readTimeWindow } from '../../common/timeWindow';

/** Each metric's total, and its breakdown, as numbers. */
function readMetric(metric: IDataObject): IDataObject {
	const breakdown = Array.isArray(metric.breakdown) ? (metric.breakdown as IDataObject[]) : undefined;
	return {
		...metric,
		total: asNumber(metric.total) ?? metric.total,
		...(breakdown ? { breakdown: breakdown.map((entry) => ({ ...entry, value: asNumber(entry.value) ?? entry.value })) } : {}),
	};
}

export const getDestinationSummary: ItemOperation = {
	async execute(itemIndex) {
		const sourceId = decodeURIComponent(readResourceId(this, 'sourceId', itemIndex, 'Source'));
		const destinationId = decodeURIComponent(readResourceId(this, 'destinationId', itemIndex, 'Destination'));
		const window = readTimeWindow(this, itemIndex, DELIVERY_SUMMARY_LIMITS);
		const summary = await deliverySummary(this, destinationId, sourceId, window);
		const metrics = (Array.isArray(summary.metrics) ? (summary.metrics as IDataObject[]) : []).map(readMetric);
		return [
			{
				...summary,
				destinationId,
				sourceId,
				startTime: window.start.toISOString(),
				endTime: window.end.toISOString(),
				granularity: window.granularity,
				metrics,
				// The metrics by name, for an IF node: {successes: 120, failures: 3, …}.
				totals: Object.fromEntries(metrics.map((metric) => [String(metric.metricName), metric.total])),
			},
		];
	},
};
