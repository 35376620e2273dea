import type { PublicApiAnswer } from './publicApi';

/**
 * What the fake Segment measured of its own traffic, served as Segment's Delivery
 * Overview, event volume and usage endpoints: every count comes from messages its Tracking
 * API really took (or dropped), and from what its destinations did with them.
 */

export interface IngestRecord {
	at: number;
	sourceId: string;
	eventName?: string;
	eventType: string;
	appVersion?: string;
	userId?: string;
	anonymousId?: string;
}

export interface DropRecord extends IngestRecord {
	discardReason: string;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'filtered';

export interface DeliveryRecord extends IngestRecord {
	destinationId: string;
	outcome: DeliveryOutcome;
	discardReason?: string;
}

/** A destination made to fail, as a scripted fault: every event, or every `everyNth`. */
export interface ScriptedFailure {
	discardReason: string;
	everyNth?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BUCKETS: Record<string, number> = { MINUTE, HOUR, DAY };
const WINDOW_LIMITS: Record<string, { range: number; age: number }> = {
	MINUTE: { range: 4 * HOUR, age: 48 * HOUR },
	HOUR: { range: 14 * DAY, age: 30 * DAY },
	DAY: { range: 30 * DAY, age: 30 * DAY },
};

function error(status: number, message: string, field?: string): PublicApiAnswer {
	return { status, body: { errors: [{ type: status === 422 ? 'validation' : 'bad-request', message, ...(field ? { field } : {}), status }] } };
}

const ok = (data: unknown): PublicApiAnswer => ({ status: 200, body: { data } });

/** `groupBy.0=a&groupBy.1=b` → ['a', 'b']; `filter.eventType.0=track` → {eventType: ['track']}. */
export function indexedList(query: URLSearchParams, key: string): string[] {
	const entries = [...query.entries()].filter(([name]) => new RegExp(`^${key}\\.\\d+$`).test(name));
	return entries.sort(([a], [b]) => Number(a.split('.').pop()) - Number(b.split('.').pop())).map(([, value]) => value);
}

function dottedFilter(query: URLSearchParams): Record<string, string[]> {
	const filter: Record<string, string[]> = {};
	for (const [name, value] of query.entries()) {
		const match = /^filter\.([A-Za-z]+)\.\d+$/.exec(name);
		if (match) (filter[match[1]] ??= []).push(value);
	}
	return filter;
}

interface Window {
	start: number;
	end: number;
	granularity: string;
}

function readWindow(query: URLSearchParams, now: number, enforceLimits: boolean): Window | PublicApiAnswer {
	const granularity = query.get('granularity') ?? '';
	if (!BUCKETS[granularity]) return error(422, 'granularity must be one of DAY, HOUR, MINUTE', 'granularity');
	const start = Date.parse(query.get('startTime') ?? '');
	const end = Date.parse(query.get('endTime') ?? '');
	if (Number.isNaN(start)) return error(422, 'startTime must be an ISO-8601 timestamp', 'startTime');
	if (Number.isNaN(end)) return error(422, 'endTime must be an ISO-8601 timestamp', 'endTime');
	if (end <= start) return error(422, 'endTime must be after startTime', 'endTime');
	if (enforceLimits) {
		const limit = WINDOW_LIMITS[granularity];
		if (end - start > limit.range) return error(422, `The time range is too long for granularity ${granularity}`, 'startTime');
		if (now - start > limit.age) return error(422, `startTime is too far in the past for granularity ${granularity}`, 'startTime');
	}
	return { start, end, granularity };
}

const isAnswer = (value: unknown): value is PublicApiAnswer => typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

/** Records in a window, grouped by `groupBy`, as Segment's `dataset` (or `result`) entries with sparse series. */
function aggregate<T extends IngestRecord>(records: readonly T[], window: Window, groupBy: readonly string[], keyOf: (record: T, dimension: string) => unknown) {
	const bucketMs = BUCKETS[window.granularity];
	const groups = new Map<string, { dimensions: Record<string, unknown>; total: number; buckets: Map<number, number> }>();
	for (const record of records) {
		if (record.at < window.start || record.at >= window.end) continue;
		const dimensions = Object.fromEntries(groupBy.map((dimension) => [dimension, keyOf(record, dimension) ?? null]));
		const key = JSON.stringify(dimensions);
		const group = groups.get(key) ?? { dimensions, total: 0, buckets: new Map() };
		groups.set(key, group);
		group.total++;
		const bucket = Math.floor(record.at / bucketMs) * bucketMs;
		group.buckets.set(bucket, (group.buckets.get(bucket) ?? 0) + 1);
	}
	return [...groups.values()]
		.sort((a, b) => b.total - a.total)
		.map(({ dimensions, total, buckets }) => ({
			...dimensions,
			total,
			series: [...buckets.entries()].sort(([a], [b]) => a - b).map(([time, count]) => ({ time: new Date(time).toISOString(), count })),
		}));
}

function matchesFilter(record: Record<string, unknown>, filter: Record<string, string[]>): boolean {
	return Object.entries(filter).every(([key, values]) => values.includes(String(record[key])));
}

function page<T>(entries: T[], query: URLSearchParams): { entries: T[]; pagination?: Record<string, unknown> } {
	if (!query.has('pagination.count')) return { entries };
	const count = Number(query.get('pagination.count'));
	const cursor = query.get('pagination.cursor');
	const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
	const next = offset + count < entries.length ? Buffer.from(String(offset + count)).toString('base64url') : null;
	return { entries: entries.slice(offset, offset + count), pagination: { current: Buffer.from(String(offset)).toString('base64url'), next, totalEntries: entries.length } };
}

const STAGE_DIMENSIONS: Record<string, string[]> = {
	'successfully-received': ['eventName', 'eventType', 'appVersion'],
	'failed-on-ingest': ['eventName', 'eventType', 'discardReason', 'appVersion'],
	'filtered-at-source': ['eventName', 'eventType', 'discardReason', 'appVersion'],
	'successful-delivery': ['eventName', 'eventType', 'discardReason', 'appVersion', 'subscriptionId', 'activationId', 'audienceId', 'spaceId'],
	'failed-delivery': ['eventName', 'eventType', 'discardReason', 'appVersion', 'subscriptionId', 'activationId', 'audienceId', 'spaceId'],
	'filtered-at-destination': ['eventName', 'eventType', 'discardReason', 'appVersion', 'subscriptionId', 'activationId', 'audienceId', 'spaceId'],
};

/** Usage months: `period` is the day a usage month starts, the 1st for most workspaces. */
function monthOf(period: string | null): { start: number; end: number } | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period ?? '');
	if (!match || Number(match[3]) < 1 || Number(match[3]) > 28) return undefined;
	const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	return { start, end: Date.UTC(Number(match[1]), Number(match[2]), Number(match[3])) };
}

export class Observability {
	readonly received: IngestRecord[] = [];
	readonly failedOnIngest: DropRecord[] = [];
	readonly deliveries: DeliveryRecord[] = [];
	/** Each Tracking API request, by the source of its write key. */
	readonly apiCalls: Array<{ at: number; sourceId: string }> = [];
	/** Destinations made to fail, by destination ID. */
	readonly failures = new Map<string, ScriptedFailure>();
	/**
	 * How long Segment takes to count an event: its SDK asks callers to stay at least a
	 * minute behind the clock. Metrics leave out what came in since; the usage snapshots are
	 * daily and do not depend on it.
	 */
	lagMs = 60_000;
	private failureCounts = new Map<string, number>();

	clear(): void {
		this.received.length = 0;
		this.failedOnIngest.length = 0;
		this.deliveries.length = 0;
		this.apiCalls.length = 0;
		this.failures.clear();
		this.failureCounts.clear();
		this.lagMs = 60_000;
	}

	/** The records Segment has counted by `now`: none of the last `lagMs`. */
	private counted<T extends IngestRecord>(records: readonly T[], now: number): T[] {
		return records.filter((record) => record.at <= now - this.lagMs);
	}

	/** What the destination does with one event: fails it when scripted to, else delivers it. */
	outcomeFor(destinationId: string): { outcome: DeliveryOutcome; discardReason?: string } {
		const failure = this.failures.get(destinationId);
		if (!failure) return { outcome: 'delivered', discardReason: 'successes.attempt.1' };
		const n = (this.failureCounts.get(destinationId) ?? 0) + 1;
		this.failureCounts.set(destinationId, n);
		if (failure.everyNth && n % failure.everyNth !== 0) return { outcome: 'delivered', discardReason: 'successes.attempt.1' };
		return { outcome: 'failed', discardReason: failure.discardReason };
	}

	/** `/delivery-overview/<stage>`. */
	deliveryOverview(stage: string, query: URLSearchParams, sources: ReadonlySet<string>, destinationsOf: (sourceId: string) => string[], now: number): PublicApiAnswer {
		const dimensions = STAGE_DIMENSIONS[stage];
		if (!dimensions) return error(404, 'Resource not found');
		const sourceId = query.get('sourceId');
		if (!sourceId) return error(422, 'sourceId is required', 'sourceId');
		if (!sources.has(sourceId)) return error(404, 'Resource not found');
		const window = readWindow(query, now, true);
		if (isAnswer(window)) return window;
		const groupBy = indexedList(query, 'groupBy');
		const filter = dottedFilter(query);
		for (const key of [...groupBy, ...Object.keys(filter)]) if (!dimensions.includes(key)) return error(422, `${key} is not a valid dimension for this endpoint`, 'groupBy');
		let records: IngestRecord[];
		if (stage === 'successfully-received') records = this.received;
		else if (stage === 'failed-on-ingest') records = this.failedOnIngest;
		else if (stage === 'filtered-at-source') records = [];
		else {
			const destinationId = query.get('destinationConfigId');
			if (!destinationId) return error(422, 'destinationConfigId is required', 'destinationConfigId');
			if (!destinationsOf(sourceId).includes(destinationId)) return error(404, 'Resource not found');
			const outcome: DeliveryOutcome = stage === 'successful-delivery' ? 'delivered' : stage === 'failed-delivery' ? 'failed' : 'filtered';
			records = this.deliveries.filter((record) => record.destinationId === destinationId && record.outcome === outcome);
		}
		const selected = this.counted(records, now).filter((record) => record.sourceId === sourceId && matchesFilter(record as unknown as Record<string, unknown>, filter));
		const dataset = aggregate(selected, window, groupBy, (record, dimension) => (record as unknown as Record<string, unknown>)[dimension]);
		const { entries, pagination } = page(dataset, query);
		return ok({ total: dataset.reduce((sum, group) => sum + group.total, 0), dataset: entries, ...(pagination ? { pagination } : {}) });
	}

	/** `/destinations/{id}/delivery-metrics`. */
	deliverySummary(destinationId: string, query: URLSearchParams, metadataId: string, now: number): PublicApiAnswer {
		const sourceId = query.get('sourceId');
		if (!sourceId) return error(422, 'sourceId is required', 'sourceId');
		const window = readWindow(query, now, false);
		if (isAnswer(window)) return window;
		const inWindow = this.counted(this.deliveries, now).filter((record) => record.destinationId === destinationId && record.sourceId === sourceId && record.at >= window.start && record.at < window.end);
		const count = (outcome: DeliveryOutcome) => inWindow.filter((record) => record.outcome === outcome);
		const failures = count('failed');
		const reasons = [...new Set(failures.map((record) => record.discardReason))];
		return ok({
			deliveryMetricsSummary: {
				sourceId,
				destinationMetadataId: metadataId,
				metrics: [
					{ metricName: 'successes', total: count('delivered').length },
					{ metricName: 'failures', total: failures.length, breakdown: reasons.map((reason) => ({ metricName: String(reason), value: failures.filter((record) => record.discardReason === reason).length })) },
					{ metricName: 'filtered', total: count('filtered').length },
				],
			},
		});
	}

	/** `/events/volume`. */
	eventVolume(query: URLSearchParams, sourceNames: Map<string, { name: string; slug: string }>, now: number): PublicApiAnswer {
		const window = readWindow(query, now, false);
		if (isAnswer(window)) return window;
		const groupBy = indexedList(query, 'groupBy');
		for (const key of groupBy) if (!['eventName', 'eventType', 'source'].includes(key)) return error(422, `groupBy ${key} is not valid`, 'groupBy');
		const filter = { sourceId: indexedList(query, 'sourceId'), eventName: indexedList(query, 'eventName'), eventType: indexedList(query, 'eventType'), appVersion: indexedList(query, 'appVersion') };
		const selected = this.counted(this.received, now).filter((record) => matchesFilter(record as unknown as Record<string, unknown>, Object.fromEntries(Object.entries(filter).filter(([, values]) => values.length > 0))));
		const result = aggregate(selected, window, groupBy, (record, dimension) => {
			if (dimension !== 'source') return (record as unknown as Record<string, unknown>)[dimension];
			return { id: record.sourceId, ...sourceNames.get(record.sourceId) };
		});
		const { entries, pagination } = page(result, query);
		return ok({
			path: '/observability/event_volume/v2.json',
			query: { workspaceId: 'ws_fake1', granularity: window.granularity, startTime: new Date(window.start).toISOString(), endTime: new Date(window.end).toISOString(), groupBy },
			result: entries,
			...(pagination ? { pagination } : {}),
		});
	}

	/** `/usage/mtu/daily` and `/usage/mtu/sources/daily`: cumulative distinct users of the month, day by day, as text. */
	mtu(query: URLSearchParams, perSource: boolean, now: number): PublicApiAnswer {
		const month = monthOf(query.get('period'));
		if (!month) return error(422, 'period must be the start of a usage month, e.g. 2021-02-01', 'period');
		const sources = perSource ? [...new Set(this.received.map((record) => record.sourceId))].sort() : [undefined];
		const rows: Array<Record<string, unknown>> = [];
		for (let day = month.start; day < Math.min(month.end, now + 1); day += DAY) {
			for (const sourceId of sources) {
				const seen = this.received.filter((record) => record.at >= month.start && record.at < day + DAY && (sourceId === undefined || record.sourceId === sourceId));
				const identified = new Set(seen.filter((record) => record.userId).map((record) => record.userId));
				const anonymous = new Set(seen.filter((record) => record.anonymousId).map((record) => record.anonymousId));
				const linked = new Set(seen.filter((record) => record.userId && record.anonymousId).map((record) => record.anonymousId));
				rows.push({
					...(sourceId ? { sourceId } : {}),
					periodStart: Math.floor(month.start / 1000),
					periodEnd: Math.floor(month.end / 1000),
					anonymous: String(anonymous.size),
					anonymousIdentified: String(linked.size),
					identified: String(identified.size),
					neverIdentified: String([...anonymous].filter((id) => !linked.has(id)).length),
					timestamp: new Date(day).toISOString(),
				});
			}
		}
		const { entries, pagination } = page(rows, query);
		return ok({ [perSource ? 'dailyPerSourceMTUUsage' : 'dailyWorkspaceMTUUsage']: entries, ...(pagination ? { pagination } : {}) });
	}

	/** `/usage/api-calls/daily` and `/usage/api-calls/sources/daily`: cumulative Tracking API requests of the month. */
	apiCallsUsage(query: URLSearchParams, perSource: boolean, now: number): PublicApiAnswer {
		const month = monthOf(query.get('period'));
		if (!month) return error(422, 'period must be the start of a usage month, e.g. 2021-02-01', 'period');
		const sources = perSource ? [...new Set(this.apiCalls.map((call) => call.sourceId))].sort() : [undefined];
		const rows: Array<Record<string, unknown>> = [];
		for (let day = month.start; day < Math.min(month.end, now + 1); day += DAY) {
			for (const sourceId of sources) {
				const calls = this.apiCalls.filter((call) => call.at >= month.start && call.at < day + DAY && (sourceId === undefined || call.sourceId === sourceId)).length;
				rows.push({ ...(sourceId ? { sourceId } : {}), apiCalls: String(calls), timestamp: new Date(day).toISOString() });
			}
		}
		const { entries, pagination } = page(rows, query);
		return ok({ [perSource ? 'dailyPerSourceAPICallsUsage' : 'dailyWorkspaceAPICallsUsage']: entries, ...(pagination ? { pagination } : {}) });
	}
}
