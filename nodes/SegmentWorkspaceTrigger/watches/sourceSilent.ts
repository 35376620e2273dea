import type { IDataObject } from 'n8n-workflow';

import { deliveryMetrics } from '../../shared/publicApi/deliveryMetrics';
import { splitList } from '../../shared/splitList';
import { publicApiList } from '../../shared/transport/publicApiTransport';
import { InvalidInputError } from '../../shared/InvalidInputError';
import { stepEpisodes } from '../alarmEpisodes';
import type { Watch } from '../watchContext';
import { readWholeNumber, recentWindow, windowEndingAt, windowFields } from '../watchContext';
import { silenceVerdict } from '../watchRules';

const HOUR_MS = 3_600_000;

/** Sources that took fewer than Minimum Events in the window after traffic before: "tracking broke after a release". */
export const sourceSilent: Watch = async ({ ctx, state, nowMs, manual }) => {
	const window = recentWindow(ctx, nowMs);
	const minimum = readWholeNumber(ctx, 'minimumEvents', 'Minimum Events', 1, 1, 1_000_000_000);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const baselineHours = Number(options.baselineHours ?? 24);
	if (!Number.isFinite(baselineHours) || baselineHours < 1 || baselineHours > 24 * 13) throw new InvalidInputError('Options → Traffic Before (Hours) must be from 1 to 312');
	const baselineWindow = windowEndingAt(window.start.getTime(), baselineHours * HOUR_MS, nowMs);
	const chosen = splitList(ctx.getNodeParameter('sourceIds', []), 'Sources');
	const sources = (await publicApiList(ctx, { path: '/sources', key: 'sources' })).filter((source) => chosen.length === 0 || chosen.includes(String(source.id)));
	const measured: Array<{ key: string; crossing: boolean; item: IDataObject }> = [];
	for (const source of sources) {
		const sourceId = String(source.id);
		const received = await deliveryMetrics(ctx, { stage: 'successfullyReceived', sourceId, window });
		const baseline = await deliveryMetrics(ctx, { stage: 'successfullyReceived', sourceId, window: baselineWindow });
		const crossing = silenceVerdict(received.total, baseline.total, minimum, state.sourceSilent?.[sourceId] !== undefined);
		measured.push({
			key: sourceId,
			crossing,
			item: { watch: 'sourceSilent', sourceId, sourceName: source.name ?? sourceId, ...windowFields(window), received: received.total, minimumEvents: minimum, receivedBefore: baseline.total, baselineHours },
		});
	}
	const now = new Date(nowMs).toISOString();
	if (manual) return measured.map(({ item, crossing }) => ({ ...item, status: crossing ? 'silent' : 'ok' }));
	const changes = stepEpisodes(state.sourceSilent, measured, now);
	state.sourceSilent = changes.episodes;
	const notifyRecovery = options.notifyRecovery === true;
	return [
		...measured.filter(({ key }) => changes.started.includes(key)).map(({ item }) => ({ ...item, status: 'silent', since: now })),
		...(notifyRecovery ? changes.recovered.map(({ key, since }) => ({ ...measured.find((entry) => entry.key === key)!.item, status: 'recovered', since, recoveredAt: now })) : []),
	];
};
