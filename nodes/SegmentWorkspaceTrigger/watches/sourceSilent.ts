import type { IDataObject } from 'n8n-workflow';

import { deliveryMetrics } from '../../shared/publicApi/deliveryMetrics';
import { splitList } from '../../shared/splitList';
import { publicApiList } from '../../shared/transport/publicApiTransport';
import { InvalidInputError } from '../../shared/InvalidInputError';
import { readEpisodes, stepEpisodes } from '../alarmEpisodes';
import { logUnmeasured, measureEach } from '../measureEach';
import type { Watch } from '../watchContext';
import { baselineBefore } from '../alarmWindows';
import { readWholeNumber, recentWindow, windowFields } from '../watchContext';
import { silenceVerdict } from '../watchRules';

const HOUR_MS = 3_600_000;

/** Sources that took fewer than Minimum Events in the window after traffic before: "tracking broke after a release". */
export const sourceSilent: Watch = async ({ ctx, state, nowMs, manual }) => {
	const window = recentWindow(ctx, nowMs);
	const minimum = readWholeNumber(ctx, 'minimumEvents', 'Minimum Events', 1, 1, 1_000_000_000);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const baselineHours = Number(options.baselineHours ?? 24);
	if (!Number.isFinite(baselineHours) || baselineHours < 1 || baselineHours > 24 * 13) throw new InvalidInputError('Options → Traffic Before (Hours) must be from 1 to 312');
	const baselineWindows = baselineBefore(window, baselineHours * HOUR_MS, nowMs);
	const chosen = splitList(ctx.getNodeParameter('sourceIds', []), 'Sources');
	const sources = (await publicApiList(ctx, { path: '/sources', key: 'sources' })).filter((source) => chosen.length === 0 || chosen.includes(String(source.id)));
	const subjects = sources.map((source) => ({ id: String(source.id), name: String(source.name ?? source.id) }));
	const { results: measured, unmeasured } = await measureEach(subjects, async ({ id: sourceId, name }) => {
		const received = await deliveryMetrics(ctx, { stage: 'successfullyReceived', sourceId, window });
		let receivedBefore = 0;
		for (const part of baselineWindows) receivedBefore += (await deliveryMetrics(ctx, { stage: 'successfullyReceived', sourceId, window: part })).total;
		const crossing = silenceVerdict(received.total, receivedBefore, minimum, readEpisodes(state.sourceSilent)[sourceId] !== undefined);
		const item: IDataObject = { watch: 'sourceSilent', sourceId, sourceName: name, ...windowFields(window), received: received.total, minimumEvents: minimum, receivedBefore, baselineHours };
		return { key: sourceId, crossing, item };
	});
	const now = new Date(nowMs).toISOString();
	const notMeasured = unmeasured.map(({ id, name, reason }) => ({ sourceId: id, sourceName: name, reason }));
	if (manual) return [...measured.map(({ item, crossing }) => ({ ...item, status: crossing ? 'silent' : 'ok' })), ...notMeasured.map((entry) => ({ watch: 'sourceSilent', ...entry, status: 'unmeasured' }))];
	const changes = stepEpisodes(state.sourceSilent, measured, now);
	state.sourceSilent = changes.episodes;
	state.unmeasured = { ...state.unmeasured, sourceSilent: logUnmeasured(ctx, 'sources', unmeasured, state.unmeasured?.sourceSilent) };
	const notifyRecovery = options.notifyRecovery === true;
	const withUnmeasured = (item: IDataObject) => (notMeasured.length > 0 ? { ...item, notMeasured } : item);
	return [
		...measured.filter(({ key }) => changes.started.includes(key)).map(({ item }) => withUnmeasured({ ...item, status: 'silent', since: now })),
		...(notifyRecovery ? changes.recovered.map(({ key, since }) => withUnmeasured({ ...measured.find((entry) => entry.key === key)!.item, status: 'recovered', since, recoveredAt: now })) : []),
	];
};
