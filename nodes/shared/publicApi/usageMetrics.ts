import type { IDataObject } from 'n8n-workflow';

import type { PublicApiContext } from '../transport/publicApiTransport';
import { eachPublicApiPage, objectEntries, reportMalformed } from '../transport/publicApiTransport';
import { asNumber } from './deliveryMetrics';
import { dottedQuery } from './dottedQuery';
import type { TimeWindow } from './metricWindows';

/** Event volume and the usage Segment bills by (MTU, API calls), with the counts it sends as text turned into numbers. */

export interface VolumeQuery {
	window: TimeWindow;
	groupBy?: readonly string[];
	sourceIds?: readonly string[];
	eventNames?: readonly string[];
	eventTypes?: readonly string[];
	appVersions?: readonly string[];
}

export interface VolumeResult extends IDataObject {
	total: number;
	series: Array<{ time: string; count: number }>;
}

/** `/events/volume`: how many events the workspace took, per bucket and group. */
export async function eventVolume(ctx: PublicApiContext, query: VolumeQuery): Promise<VolumeResult[]> {
	const qs = dottedQuery({
		granularity: query.window.granularity,
		startTime: query.window.start.toISOString(),
		endTime: query.window.end.toISOString(),
		groupBy: query.groupBy,
		sourceId: query.sourceIds,
		eventName: query.eventNames,
		eventType: query.eventTypes,
		appVersion: query.appVersions,
	});
	const results: VolumeResult[] = [];
	let malformed = 0;
	await eachPublicApiPage(ctx, { method: 'GET', path: '/events/volume', qs }, (data) => {
		const page = objectEntries(data.result);
		malformed += page.malformed;
		for (const entry of page.entries) {
			const { series, total, ...dimensions } = entry;
			results.push({
				...dimensions,
				total: asNumber(total) ?? 0,
				series: objectEntries(series).entries.map((point) => ({ time: String(point.time), count: asNumber(point.count) ?? 0 })),
			});
		}
	});
	reportMalformed(ctx, '/events/volume', malformed);
	return results;
}

export type UsageScope = 'workspace' | 'perSource';

const USAGE_LISTS = {
	mtu: { workspace: ['/usage/mtu/daily', 'dailyWorkspaceMTUUsage'], perSource: ['/usage/mtu/sources/daily', 'dailyPerSourceMTUUsage'] },
	apiCalls: { workspace: ['/usage/api-calls/daily', 'dailyWorkspaceAPICallsUsage'], perSource: ['/usage/api-calls/sources/daily', 'dailyPerSourceAPICallsUsage'] },
} as const;

const COUNT_FIELDS = ['anonymous', 'anonymousIdentified', 'identified', 'neverIdentified', 'apiCalls', 'periodStart', 'periodEnd'];

/**
 * A month's daily usage rows, every number a number. An MTU row also gets `mtu`: the
 * users Segment counts once each, identified ones and anonymous ones never identified.
 */
export async function usageRows(ctx: PublicApiContext, kind: keyof typeof USAGE_LISTS, scope: UsageScope, period: string): Promise<IDataObject[]> {
	const [path, key] = USAGE_LISTS[kind][scope];
	const rows: IDataObject[] = [];
	let malformed = 0;
	await eachPublicApiPage(ctx, { method: 'GET', path, qs: { period } }, (data) => {
		const page = objectEntries(data[key]);
		malformed += page.malformed;
		for (const row of page.entries) {
			const numbers = Object.fromEntries(COUNT_FIELDS.filter((field) => row[field] !== undefined).map((field) => [field, asNumber(row[field]) ?? row[field]]));
			const read: IDataObject = { ...row, ...numbers };
			if (kind === 'mtu') read.mtu = (asNumber(row.identified) ?? 0) + (asNumber(row.neverIdentified) ?? 0);
			rows.push(read);
		}
	});
	reportMalformed(ctx, path, malformed);
	return rows;
}

/**
 * The start of a usage month as Segment's `period` wants it (`2026-12-01`). Segment's usage
 * month starts on the 1st for most workspaces, on another day for some contracts: given
 * `startDay`, the usage month that holds the date. Empty: the current one. Pure.
 */
export function usagePeriod(value: unknown, nowMs: number, startDay = 1): string | undefined {
	let year: number;
	let month: number;
	let day: number;
	if (value === undefined || value === null || value === '') {
		const now = new Date(nowMs);
		[year, month, day] = [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()];
	} else {
		const text = typeof value === 'string' ? value.trim() : value instanceof Date ? value.toISOString() : typeof (value as { toISO?: unknown }).toISO === 'function' ? String((value as { toISO(): string }).toISO()) : undefined;
		const match = text === undefined ? null : /^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ].*)?)?$/.exec(text);
		if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) return undefined;
		// A month alone is the usage month that starts in it.
		[year, month, day] = [Number(match[1]), Number(match[2]), match[3] === undefined ? startDay : Number(match[3])];
	}
	if (day < startDay) [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
	return `${year}-${String(month).padStart(2, '0')}-${String(startDay).padStart(2, '0')}`;
}
