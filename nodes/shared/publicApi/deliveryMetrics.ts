import type { IDataObject } from 'n8n-workflow';

import type { PublicApiContext } from '../transport/publicApiTransport';
import { eachPublicApiPage, objectEntries, publicApiRequest, reportMalformed } from '../transport/publicApiTransport';
import { dottedQuery } from './dottedQuery';
import type { TimeWindow } from './metricWindows';
import { pathSegment } from './pathSegment';

/**
 * Segment's Delivery Overview (beta): what a source received and dropped, and what each
 * destination got, failed or filtered, counted per time bucket and per group.
 */

export type SourceStage = 'successfullyReceived' | 'failedOnIngest' | 'filteredAtSource';
export type DestinationStage = 'successfulDelivery' | 'failedDelivery' | 'filteredAtDestination';
export type DeliveryStage = SourceStage | DestinationStage;

export const STAGE_PATHS: Record<DeliveryStage, string> = {
	successfullyReceived: '/delivery-overview/successfully-received',
	failedOnIngest: '/delivery-overview/failed-on-ingest',
	filteredAtSource: '/delivery-overview/filtered-at-source',
	successfulDelivery: '/delivery-overview/successful-delivery',
	failedDelivery: '/delivery-overview/failed-delivery',
	filteredAtDestination: '/delivery-overview/filtered-at-destination',
};

const DESTINATION_KEYS = ['eventName', 'eventType', 'discardReason', 'appVersion', 'subscriptionId', 'activationId', 'audienceId', 'spaceId'] as const;

/** The dimensions each stage can be grouped and filtered by. */
export const STAGE_DIMENSIONS: Record<DeliveryStage, readonly string[]> = {
	successfullyReceived: ['eventName', 'eventType', 'appVersion'],
	failedOnIngest: ['eventName', 'eventType', 'discardReason', 'appVersion'],
	filteredAtSource: ['eventName', 'eventType', 'discardReason', 'appVersion'],
	successfulDelivery: DESTINATION_KEYS,
	failedDelivery: DESTINATION_KEYS,
	filteredAtDestination: DESTINATION_KEYS,
};

export const isDestinationStage = (stage: DeliveryStage): stage is DestinationStage =>
	stage === 'successfulDelivery' || stage === 'failedDelivery' || stage === 'filteredAtDestination';

export interface DeliveryMetricsQuery {
	stage: DeliveryStage;
	sourceId: string;
	destinationId?: string;
	window: TimeWindow;
	groupBy?: readonly string[];
	filter?: Record<string, readonly string[]>;
}

/** Segment sends counts as numbers, or as text on some endpoints: numbers either way. */
export function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

export interface MetricGroup extends IDataObject {
	total: number;
	series: Array<{ time: string; count: number; retryCount?: number }>;
}

export interface DeliveryMetrics {
	total: number;
	groups: MetricGroup[];
}

function readGroup(entry: IDataObject): MetricGroup {
	const { series, total, ...dimensions } = entry;
	return {
		...dimensions,
		total: asNumber(total) ?? 0,
		series: objectEntries(series).entries.map((point) => ({
			time: String(point.time),
			count: asNumber(point.count) ?? 0,
			...(point.retryCount !== undefined ? { retryCount: asNumber(point.retryCount) ?? 0 } : {}),
		})),
	};
}

/** One stage's metrics for a window, every page of them. */
export async function deliveryMetrics(ctx: PublicApiContext, query: DeliveryMetricsQuery): Promise<DeliveryMetrics> {
	const qs = dottedQuery({
		sourceId: query.sourceId,
		...(isDestinationStage(query.stage) ? { destinationConfigId: query.destinationId } : {}),
		startTime: query.window.start.toISOString(),
		endTime: query.window.end.toISOString(),
		granularity: query.window.granularity,
		groupBy: query.groupBy,
		filter: query.filter,
	});
	const groups: MetricGroup[] = [];
	let total: number | undefined;
	let malformed = 0;
	await eachPublicApiPage(ctx, { method: 'GET', path: STAGE_PATHS[query.stage], version: 'beta', qs, hints: DELIVERY_OVERVIEW_HINTS }, (data) => {
		total ??= asNumber(data.total);
		const dataset = objectEntries(data.dataset);
		malformed += dataset.malformed;
		groups.push(...dataset.entries.map(readGroup));
	});
	reportMalformed(ctx, STAGE_PATHS[query.stage], malformed);
	return { total: total ?? groups.reduce((sum, group) => sum + group.total, 0), groups };
}

export const DELIVERY_OVERVIEW_HINTS: Partial<Record<number, string>> = {
	401: "Segment did not accept the token, or it lacks a permission Delivery Overview needs (Segment answers 401 for both); Delivery Overview's API is in beta, on the Team and Business plans.",
	403: 'The token may not read Delivery Overview, or the workspace does not have it (Team and Business plans).',
	404: 'Segment has no such source or destination in the workspace, or the destination is not connected to that source.',
	422: "Segment refused the window or a filter; its message names what to change. Windows: Minute at most 4 hours and 48 hours back, Hour at most 14 days and 30 days back, Day at most 30 days.",
};

/** A destination's delivery-metrics summary (beta): Segment's own tally of what happened to its events. */
export async function deliverySummary(ctx: PublicApiContext, destinationId: string, sourceId: string, window: TimeWindow): Promise<IDataObject> {
	const data = await publicApiRequest(ctx, {
		method: 'GET',
		path: `/destinations/${pathSegment(destinationId, 'Destination')}/delivery-metrics`,
		version: 'beta',
		qs: { sourceId, startTime: window.start.toISOString(), endTime: window.end.toISOString(), granularity: window.granularity },
		hints: DELIVERY_OVERVIEW_HINTS,
	});
	const summary = data.deliveryMetricsSummary;
	return summary !== null && typeof summary === 'object' && !Array.isArray(summary) ? (summary as IDataObject) : {};
}
