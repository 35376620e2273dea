import type { IDataObject } from 'n8n-workflow';

import type { DeliveryMetrics } from '../../../shared/publicApi/deliveryMetrics';
import type { VolumeResult } from '../../../shared/publicApi/usageMetrics';

/**
 * Segment's metric answers as n8n items: one per time bucket and group, the group's keys
 * beside its count, or one summary for the whole window. Pure.
 */

function withoutSeries<T extends { series: unknown }>(entry: T): Omit<T, 'series'> {
	const copy: Partial<T> = { ...entry };
	delete copy.series;
	return copy as Omit<T, 'series'>;
}

export function metricRows(metrics: DeliveryMetrics, context: IDataObject): IDataObject[] {
	return metrics.groups.flatMap(({ series, total, ...dimensions }) =>
		series.map((point) => ({ ...context, ...dimensions, ...point, groupTotal: total, total: metrics.total })),
	);
}

export function metricSummary(metrics: DeliveryMetrics, context: IDataObject): IDataObject {
	return { ...context, total: metrics.total, groups: metrics.groups.map((group) => withoutSeries(group)) };
}

/** An event-volume entry's `source` object, flattened to keys an IF node reads. */
function volumeDimensions(result: Omit<VolumeResult, 'series' | 'total'>): IDataObject {
	const { source, ...rest } = result;
	if (!source || typeof source !== 'object') return rest;
	const { id, name, slug } = source as IDataObject;
	return { ...rest, sourceId: id, ...(name !== undefined ? { sourceName: name } : {}), ...(slug !== undefined ? { sourceSlug: slug } : {}) };
}

export function volumeRows(results: readonly VolumeResult[], context: IDataObject): IDataObject[] {
	const overall = results.reduce((sum, result) => sum + result.total, 0);
	return results.flatMap(({ series, total, ...rest }) => series.map((point) => ({ ...context, ...volumeDimensions(rest), ...point, groupTotal: total, total: overall })));
}

export function volumeSummary(results: readonly VolumeResult[], context: IDataObject): IDataObject {
	return { ...context, total: results.reduce((sum, result) => sum + result.total, 0), groups: results.map((result) => ({ ...volumeDimensions(withoutSeries(result)), total: result.total })) };
}
