import { stepEpisodes } from '../nodes/SegmentWorkspaceTrigger/alarmEpisodes';
import { failureVerdict, mtuCheck, silenceVerdict, volumeVerdict } from '../nodes/SegmentWorkspaceTrigger/watchRules';
import { dottedQuery } from '../nodes/shared/publicApi/dottedQuery';
import { baselineBefore, comparableWindows, METRICS_LAG_MS, settledWindow } from '../nodes/SegmentWorkspaceTrigger/alarmWindows';
import { DELIVERY_OVERVIEW_LIMITS, windowProblem } from '../nodes/shared/publicApi/metricWindows';
import { usagePeriod } from '../nodes/shared/publicApi/usageMetrics';

const [T1, T2, T3, T4] = ['2026-12-01T10:00:00.000Z', '2026-12-01T10:01:00.000Z', '2026-12-01T10:02:00.000Z', '2026-12-01T10:03:00.000Z'];

describe('alarm episodes, pure', () => {
	test('start once, last quietly, recover once, start anew', () => {
		let step = stepEpisodes(undefined, [{ key: 'a', crossing: true }, { key: 'b', crossing: false }], T1);
		expect(step).toEqual({ episodes: { a: { since: T1, seen: T1 } }, started: ['a'], recovered: [] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: true }, { key: 'b', crossing: true }], T2);
		expect(step).toEqual({ episodes: { a: { since: T1, seen: T2 }, b: { since: T2, seen: T2 } }, started: ['b'], recovered: [] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: false }, { key: 'b', crossing: true }], T3);
		expect(step).toEqual({ episodes: { b: { since: T2, seen: T3 } }, started: [], recovered: [{ key: 'a', since: T1 }] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: true }, { key: 'b', crossing: true }], T4);
		expect(step.started).toEqual(['a']);
		expect(step.episodes.a).toEqual({ since: T4, seen: T4 });
	});

	test('a subject not measured in a poll (refused, missing from the list) keeps its episode: no second alarm; after a day unmeasured it is forgotten', () => {
		let step = stepEpisodes(undefined, [{ key: 'a', crossing: true }], T1);
		step = stepEpisodes(step.episodes, [], T2);
		expect(step).toEqual({ episodes: { a: { since: T1, seen: T1 } }, started: [], recovered: [] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: true }], T3);
		expect(step.started).toEqual([]);
		expect(stepEpisodes(step.episodes, [], new Date(Date.parse(T3) + 25 * 3_600_000).toISOString()).episodes).toEqual({});
	});

	test('state from another version or corrupt is read as no episode, never a crash', () => {
		for (const stored of [null, 'x', 42, [], { a: null }, { a: { since: 'not a date' } }, { a: 'yes' }, { ['__proto__']: { since: T1 } }]) {
			expect(() => stepEpisodes(stored, [{ key: 'a', crossing: true }], T2)).not.toThrow();
		}
		expect(stepEpisodes({ a: { since: T1 } }, [{ key: 'a', crossing: true }], T2).started).toEqual([]);
		expect(stepEpisodes({ a: { since: 'soon' } }, [{ key: 'a', crossing: true }], T2).started).toEqual(['a']);
	});

	test('failures: a count exceeded, or a share of attempts', () => {
		expect(failureVerdict(10, 90, 'count', 10)).toEqual({ crossing: false, attempts: 100, failureRate: 10 });
		expect(failureVerdict(11, 89, 'count', 10).crossing).toBe(true);
		expect(failureVerdict(1, 3, 'percent', 20)).toEqual({ crossing: true, attempts: 4, failureRate: 25 });
		expect(failureVerdict(0, 0, 'percent', 0).crossing).toBe(false);
	});

	test('silence needs traffic before, and lasts until traffic comes back', () => {
		expect(silenceVerdict(0, 5, 1, false)).toBe(true);
		expect(silenceVerdict(0, 0, 1, false)).toBe(false);
		expect(silenceVerdict(0, 0, 1, true)).toBe(true);
		expect(silenceVerdict(1, 0, 1, true)).toBe(false);
	});

	test('volume changes, both ways, and from nothing', () => {
		expect(volumeVerdict(2, 10, 50, 'either')).toEqual({ crossing: true, changePercent: -80, direction: 'fell' });
		expect(volumeVerdict(2, 10, 50, 'rise').crossing).toBe(false);
		expect(volumeVerdict(12, 10, 50, 'either')).toEqual({ crossing: false, changePercent: 20, direction: 'rose' });
		expect(volumeVerdict(3, 0, 50, 'either')).toEqual({ crossing: true, changePercent: null, direction: 'rose' });
		expect(volumeVerdict(0, 0, 50, 'either')).toEqual({ crossing: false, changePercent: null, direction: 'unchanged' });
	});

	test('MTU thresholds once each', () => {
		expect(mtuCheck(850, 1000, [80, 100], [])).toEqual({ crossed: [80], percentOfBudget: 85 });
		expect(mtuCheck(1200, 1000, [80, 100], [80])).toEqual({ crossed: [100], percentOfBudget: 120 });
		expect(mtuCheck(1200, 1000, [80, 100], [80, 100]).crossed).toEqual([]);
	});
});

describe('metric requests, pure', () => {
	test('nested inputs as Segment reads them: indexed lists, dotted filters', () => {
		expect(dottedQuery({ sourceId: 'src', groupBy: ['eventName', 'eventType'], filter: { eventType: ['track'], discardReason: undefined }, empty: [] })).toEqual({
			sourceId: 'src',
			'groupBy.0': 'eventName',
			'groupBy.1': 'eventType',
			'filter.eventType.0': 'track',
		});
	});

	test('windows: the limits of each granularity, and the finest that fits', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		const hours = (n: number) => n * 3_600_000;
		expect(windowProblem({ start: new Date(now - hours(4)), end: new Date(now), granularity: 'MINUTE' }, now, DELIVERY_OVERVIEW_LIMITS)).toBeUndefined();
		expect(windowProblem({ start: new Date(now - hours(49)), end: new Date(now - hours(48)), granularity: 'MINUTE' }, now, DELIVERY_OVERVIEW_LIMITS)).toMatch(/more than 48 hours ago/);
		expect(windowProblem({ start: new Date(now - hours(24 * 15)), end: new Date(now), granularity: 'HOUR' }, now, DELIVERY_OVERVIEW_LIMITS)).toMatch(/15 days is too long for granularity Hour: Segment takes at most 14 days/);
	});


	test('usage periods: a month in any form, the current one by default', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		expect(usagePeriod('', now)).toBe('2026-12-01');
		expect(usagePeriod('2026-11', now)).toBe('2026-11-01');
		expect(usagePeriod('2026-11-17T08:00:00Z', now)).toBe('2026-11-01');
		expect(usagePeriod(new Date('2026-02-03T00:00:00Z'), now)).toBe('2026-02-01');
		expect(usagePeriod('2026-13', now)).toBeUndefined();
		expect(usagePeriod('soon', now)).toBeUndefined();
	});

	test('a usage month that starts on another day: the one that holds the date, the previous month before that day', () => {
		expect(usagePeriod('', Date.parse('2026-12-03T12:00:00Z'), 15)).toBe('2026-11-15');
		expect(usagePeriod('', Date.parse('2026-12-20T12:00:00Z'), 15)).toBe('2026-12-15');
		expect(usagePeriod('', Date.parse('2026-01-10T12:00:00Z'), 15)).toBe('2025-12-15');
		expect(usagePeriod('2026-11', 0, 15)).toBe('2026-11-15');
		expect(usagePeriod('2026-11-02', 0, 15)).toBe('2026-10-15');
	});
});

describe('alarm windows: whole buckets, behind the clock, like with like', () => {
	const at = (iso: string) => Date.parse(iso);
	const iso = (window: { start: Date; end: Date; granularity: string }) => [window.start.toISOString(), window.end.toISOString(), window.granularity];

	test("a window ends on a bucket boundary at least Segment's minute of lag behind now: never in a bucket still filling", () => {
		expect(METRICS_LAG_MS).toBe(60_000);
		// 12:07:30: the last complete minute that is a minute behind ends at 12:06.
		expect(iso(settledWindow(15 * 60_000, at('2026-12-03T12:07:30.000Z')))).toEqual(['2026-12-03T11:51:00.000Z', '2026-12-03T12:06:00.000Z', 'MINUTE']);
		// Exactly on a minute: 12:07:00 - 1 minute = 12:06:00, complete.
		expect(iso(settledWindow(15 * 60_000, at('2026-12-03T12:07:00.000Z')))).toEqual(['2026-12-03T11:51:00.000Z', '2026-12-03T12:06:00.000Z', 'MINUTE']);
		// Over Segment's four hours of minutes: by the hour, rounded up to whole hours, ending on the hour.
		expect(iso(settledWindow(5 * 60 * 60_000 + 1, at('2026-12-03T12:30:00.000Z')))).toEqual(['2026-12-03T06:00:00.000Z', '2026-12-03T12:00:00.000Z', 'HOUR']);
		// Just after midnight, the hour before midnight is not complete until a minute has passed.
		expect(iso(settledWindow(6 * 60 * 60_000, at('2026-12-03T00:00:30.000Z')))).toEqual(['2026-12-02T17:00:00.000Z', '2026-12-02T23:00:00.000Z', 'HOUR']);
	});

	test('compared with the day before: both by the minute, same length, exactly a day apart', () => {
		const windows = comparableWindows(15 * 60_000, 86_400_000, at('2026-12-03T12:07:30.000Z'));
		expect('problem' in windows).toBe(false);
		if ('problem' in windows) return;
		expect(iso(windows.current)).toEqual(['2026-12-03T11:51:00.000Z', '2026-12-03T12:06:00.000Z', 'MINUTE']);
		expect(iso(windows.earlier)).toEqual(['2026-12-02T11:51:00.000Z', '2026-12-02T12:06:00.000Z', 'MINUTE']);
	});

	test('compared with a week before: by the hour for both, or, for a window shorter than an hour, said why before anything is measured', () => {
		const hourly = comparableWindows(2 * 60 * 60_000, 7 * 86_400_000, at('2026-12-03T12:07:30.000Z'));
		if ('problem' in hourly) throw new Error(hourly.problem);
		expect(iso(hourly.current)).toEqual(['2026-12-03T10:00:00.000Z', '2026-12-03T12:00:00.000Z', 'HOUR']);
		expect(iso(hourly.earlier)).toEqual(['2026-11-26T10:00:00.000Z', '2026-11-26T12:00:00.000Z', 'HOUR']);
		const short = comparableWindows(15 * 60_000, 7 * 86_400_000, at('2026-12-03T12:07:30.000Z'));
		expect('problem' in short && short.problem).toMatch(/^A window of 15 minutes cannot be compared with the one 7 day\(s\) before at the same granularity: .* Give the Window in whole hours \(60 minutes or a multiple\)/);
	});

	test("a silent source's baseline: whole buckets up to the window's start, coarser further back, finer for the rest: no gap, no overlap", () => {
		const now = at('2026-12-03T12:07:30.000Z');
		const window = settledWindow(60 * 60_000, now);
		expect(baselineBefore(window, 3 * 60 * 60_000, now).map(iso)).toEqual([['2026-12-03T08:06:00.000Z', '2026-12-03T11:06:00.000Z', 'MINUTE']]);
		expect(baselineBefore(window, 24 * 60 * 60_000, now).map(iso)).toEqual([
			['2026-12-02T11:00:00.000Z', '2026-12-03T11:00:00.000Z', 'HOUR'],
			['2026-12-03T11:00:00.000Z', '2026-12-03T11:06:00.000Z', 'MINUTE'],
		]);
		for (const hoursBack of [1, 5, 24, 100, 312]) {
			const parts = baselineBefore(window, hoursBack * 3_600_000, now);
			expect(parts.at(-1)!.end.getTime()).toBe(window.start.getTime());
			parts.slice(1).forEach((part, n) => expect(part.start.getTime()).toBe(parts[n].end.getTime()));
			for (const part of parts) expect(windowProblem(part, now, DELIVERY_OVERVIEW_LIMITS)).toBeUndefined();
		}
	});
});
