import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/InvalidInputError';
import { kindOf, shortQuote } from '../../../shared/inputText';
import type { Granularity, TimeWindow, WindowLimit } from '../../../shared/publicApi/metricWindows';
import { defaultWindow, GRANULARITIES, limitText, windowProblem } from '../../../shared/publicApi/metricWindows';

/**
 * Start Time, End Time and Granularity, for the metric operations of `show`: empty means
 * the last 24 hours, by hour. Each granularity's option says the limits of these
 * operations' endpoint, when Segment states them.
 */
export function timeWindowFields(show: NonNullable<IDisplayOptions['show']>, limits?: Record<Granularity, WindowLimit>): INodeProperties[] {
	const described = (granularity: Granularity, fallback: string) => (limits ? limitText(limits[granularity]) : fallback);
	return [
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			displayOptions: { show },
			description: 'The start of the window, included; empty: 24 hours before End Time',
		},
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			displayOptions: { show },
			description: 'The end of the window, not included; empty: now',
		},
		{
			displayName: 'Granularity',
			name: 'granularity',
			type: 'options',
			options: [
				{ name: 'Day', value: 'DAY', description: described('DAY', 'Daily buckets') },
				{ name: 'Hour', value: 'HOUR', description: described('HOUR', 'Hourly buckets') },
				{ name: 'Minute', value: 'MINUTE', description: described('MINUTE', 'Buckets of a minute; Segment asks to end at least a minute before now') },
			],
			default: 'HOUR',
			displayOptions: { show },
			description: 'The size of each time bucket',
		},
	];
}

/** A date from the picker (the server's local time when it has no zone), an ISO text, or a date from an expression. */
export function readDate(value: unknown, label: string): Date | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return value;
	if (typeof (value as { toJSDate?: unknown }).toJSDate === 'function') return (value as { toJSDate(): Date }).toJSDate();
	if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidInputError(`${label} must be a date, not ${kindOf(value)}`);
	const date = new Date(value);
	if (Number.isNaN(date.getTime())) throw new InvalidInputError(`${label} ${shortQuote(String(value))} is not a date`, 'Use an ISO-8601 date and time such as 2026-12-01T09:00:00Z, or pick one.');
	return date;
}

/** The item's window, checked against `limits` before anything is sent. */
export function readTimeWindow(ctx: IExecuteFunctions, itemIndex: number, limits?: Record<Granularity, WindowLimit>): TimeWindow {
	const now = Date.now();
	const fallback = defaultWindow(now);
	const granularity = ctx.getNodeParameter('granularity', itemIndex, 'HOUR') as unknown;
	if (typeof granularity !== 'string' || !GRANULARITIES.includes(granularity as Granularity)) {
		throw new InvalidInputError(`Granularity must be DAY, HOUR or MINUTE, not ${typeof granularity === 'string' ? shortQuote(granularity) : kindOf(granularity)}`);
	}
	const end = readDate(ctx.getNodeParameter('endTime', itemIndex, ''), 'End Time') ?? fallback.end;
	const start = readDate(ctx.getNodeParameter('startTime', itemIndex, ''), 'Start Time') ?? new Date(end.getTime() - (fallback.end.getTime() - fallback.start.getTime()));
	const window = { start, end, granularity: granularity as Granularity };
	const problem = windowProblem(window, now, limits);
	if (problem) throw new InvalidInputError(problem, 'Segment refuses such a window; nothing was sent.');
	return window;
}
