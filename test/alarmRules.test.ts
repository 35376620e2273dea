import { stepEpisodes } from '../nodes/SegmentWorkspaceTrigger/alarmEpisodes';
import { failureVerdict, mtuCheck, silenceVerdict, volumeVerdict } from '../nodes/SegmentWorkspaceTrigger/watchRules';
import { dottedQuery } from '../nodes/shared/publicApi/dottedQuery';
import { DELIVERY_OVERVIEW_LIMITS, finestGranularity, windowProblem } from '../nodes/shared/publicApi/metricWindows';
import { usagePeriod } from '../nodes/shared/publicApi/usageMetrics';

describe('alarm episodes, pure', () => {
	test('start once, last quietly, recover once, start anew; subjects no longer watched are forgotten', () => {
		let step = stepEpisodes(undefined, [{ key: 'a', crossing: true }, { key: 'b', crossing: false }], 't1');
		expect(step).toEqual({ episodes: { a: { since: 't1' } }, started: ['a'], recovered: [] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: true }, { key: 'b', crossing: true }], 't2');
		expect(step).toEqual({ episodes: { a: { since: 't1' }, b: { since: 't2' } }, started: ['b'], recovered: [] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: false }, { key: 'b', crossing: true }], 't3');
		expect(step).toEqual({ episodes: { b: { since: 't2' } }, started: [], recovered: [{ key: 'a', since: 't1' }] });
		step = stepEpisodes(step.episodes, [{ key: 'a', crossing: true }], 't4');
		expect(step).toEqual({ episodes: { a: { since: 't4' } }, started: ['a'], recovered: [] });
	});
});

describe('watch rules, pure', () => {
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
		expect(finestGranularity(hours(1), DELIVERY_OVERVIEW_LIMITS)).toBe('MINUTE');
		expect(finestGranularity(hours(5), DELIVERY_OVERVIEW_LIMITS)).toBe('HOUR');
		expect(finestGranularity(hours(24 * 20), DELIVERY_OVERVIEW_LIMITS)).toBe('DAY');
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
});
