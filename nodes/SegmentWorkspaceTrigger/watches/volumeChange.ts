import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../shared/InvalidInputError';
import { inputText } from '../../shared/inputText';
import { eventVolume } from '../../shared/publicApi/usageMetrics';
import { stepEpisodes } from '../alarmEpisodes';
import type { Watch } from '../watchContext';
import { comparableWindows } from '../alarmWindows';
import { readWholeNumber, windowFields, windowMinutes } from '../watchContext';
import type { Direction } from '../watchRules';
import { volumeVerdict } from '../watchRules';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The event volume of a source or an event name, against the same window a day or a week before. */
export const volumeChange: Watch = async ({ ctx, state, nowMs, manual }) => {
	const comparedWith = ctx.getNodeParameter('comparedWith', 'day') === 'week' ? 'week' : 'day';
	const windows = comparableWindows(windowMinutes(ctx) * MINUTE_MS, comparedWith === 'week' ? 7 * DAY_MS : DAY_MS, nowMs);
	if ('problem' in windows) throw new InvalidInputError(windows.problem);
	const { current: window, earlier } = windows;
	const percent = readWholeNumber(ctx, 'percent', 'Percent', 50, 1, 100_000);
	const direction = ctx.getNodeParameter('direction', 'either') as Direction;
	const volumeOf = ctx.getNodeParameter('volumeOf', 'source') === 'event' ? 'event' : 'source';
	const sourceId = inputText(ctx.getNodeParameter('sourceId', '', { extractValue: true }), 'Source');
	const eventName = volumeOf === 'event' ? inputText(ctx.getNodeParameter('eventName', ''), 'Event Name') : '';
	if (volumeOf === 'source' && sourceId === '') throw new InvalidInputError('Source is empty: pick the source whose volume to watch');
	if (volumeOf === 'event' && eventName === '') throw new InvalidInputError('Event Name is empty: give the track event whose volume to watch');
	const filter = { sourceIds: sourceId ? [sourceId] : [], eventNames: eventName ? [eventName] : [] };
	const total = async (at: typeof window) => (await eventVolume(ctx, { window: at, ...filter })).reduce((sum, result) => sum + result.total, 0);
	const current = await total(window);
	const previous = await total(earlier);
	const verdict = volumeVerdict(current, previous, percent, direction);
	const key = volumeOf === 'event' ? `event:${eventName}:${sourceId}` : `source:${sourceId}`;
	const item: IDataObject = {
		watch: 'volumeChange',
		...(sourceId ? { sourceId } : {}),
		...(eventName ? { eventName } : {}),
		...windowFields(window),
		current,
		previous,
		comparedWith,
		changePercent: verdict.changePercent,
		direction: verdict.direction,
		percent,
	};
	const now = new Date(nowMs).toISOString();
	if (manual) return [{ ...item, status: verdict.crossing ? 'changed' : 'ok' }];
	const changes = stepEpisodes(state.volumeChange, [{ key, crossing: verdict.crossing }], now);
	state.volumeChange = changes.episodes;
	if (changes.started.includes(key)) return [{ ...item, status: 'changed', since: now }];
	const recovered = changes.recovered.find((entry) => entry.key === key);
	if (recovered && (ctx.getNodeParameter('options', {}) as IDataObject).notifyRecovery === true) return [{ ...item, status: 'recovered', since: recovered.since, recoveredAt: now }];
	return [];
};
