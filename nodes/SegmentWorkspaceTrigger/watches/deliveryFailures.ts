import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../shared/InvalidInputError';
import { deliveryMetrics } from '../../shared/publicApi/deliveryMetrics';
import { splitList } from '../../shared/splitList';
import { publicApiList } from '../../shared/transport/publicApiTransport';
import { stepEpisodes } from '../alarmEpisodes';
import { logUnmeasured, measureEach } from '../measureEach';
import type { Watch, WatchRun } from '../watchContext';
import { readWholeNumber, recentWindow, windowFields } from '../watchContext';
import type { ThresholdType } from '../watchRules';
import { failureVerdict } from '../watchRules';

interface WatchedDestination {
	id: string;
	name: string;
	sourceId: string;
}

/** All destinations of a source, or the ones chosen, with the source each sends for. */
async function watchedDestinations({ ctx }: WatchRun): Promise<WatchedDestination[]> {
	const all = (await publicApiList(ctx, { path: '/destinations', key: 'destinations' })).map((destination) => ({
		id: String(destination.id),
		name: String(destination.name ?? (destination.metadata as IDataObject | undefined)?.name ?? destination.id),
		sourceId: String(destination.sourceId),
	}));
	if (ctx.getNodeParameter('destinationScope', 'source') === 'source') {
		const sourceId = String(ctx.getNodeParameter('sourceId', '', { extractValue: true }) ?? '').trim();
		if (sourceId === '') throw new InvalidInputError('Source is empty: pick the source whose destinations to watch');
		return all.filter((destination) => destination.sourceId === sourceId);
	}
	const chosen = splitList(ctx.getNodeParameter('destinationIds', []), 'Destinations');
	if (chosen.length === 0) throw new InvalidInputError('Destinations is empty: choose the destinations to watch');
	const missing = chosen.filter((id) => !all.some((destination) => destination.id === id));
	if (missing.length > 0) throw new InvalidInputError(`Destinations ${missing.join(', ')} are not in the workspace (any more)`);
	return all.filter((destination) => chosen.includes(destination.id));
}

const MAX_REASONS = 5;

/** Destinations whose failed deliveries in the window cross the threshold: one item when an episode starts, and (optionally) one when it ends. */
export const deliveryFailures: Watch = async (run) => {
	const { ctx, state, nowMs, manual } = run;
	const window = recentWindow(ctx, nowMs);
	const thresholdType = ctx.getNodeParameter('thresholdType', 'count') as ThresholdType;
	const threshold = readWholeNumber(ctx, 'threshold', 'Threshold', 10, 0, thresholdType === 'percent' ? 100 : 1_000_000_000);
	const { results: measured, unmeasured } = await measureEach(await watchedDestinations(run), async (destination) => {
		const base = { sourceId: destination.sourceId, destinationId: destination.id, window };
		const failed = await deliveryMetrics(ctx, { ...base, stage: 'failedDelivery', groupBy: ['discardReason'] });
		const delivered = await deliveryMetrics(ctx, { ...base, stage: 'successfulDelivery' });
		const verdict = failureVerdict(failed.total, delivered.total, thresholdType, threshold);
		const discardReasons = failed.groups
			.map((group) => ({ reason: String(group.discardReason ?? 'unknown'), count: group.total }))
			.sort((a, b) => b.count - a.count);
		return {
			destination,
			crossing: verdict.crossing,
			item: {
				watch: 'deliveryFailures',
				destinationId: destination.id,
				destinationName: destination.name,
				sourceId: destination.sourceId,
				...windowFields(window),
				failed: failed.total,
				delivered: delivered.total,
				attempts: verdict.attempts,
				failureRate: verdict.failureRate,
				threshold: { type: thresholdType, value: threshold },
				discardReasons: discardReasons.slice(0, MAX_REASONS),
			} as IDataObject,
		};
	});
	const now = new Date(nowMs).toISOString();
	const notMeasured = unmeasured.map(({ id, name, reason }) => ({ destinationId: id, destinationName: name, reason }));
	if (manual) return [...measured.map(({ item, crossing }) => ({ ...item, status: crossing ? 'failing' : 'ok' })), ...notMeasured.map((entry) => ({ watch: 'deliveryFailures', ...entry, status: 'unmeasured' }))];
	const changes = stepEpisodes(state.deliveryFailures, measured.map(({ destination, crossing }) => ({ key: destination.id, crossing })), now);
	state.deliveryFailures = changes.episodes;
	state.unmeasured = { ...state.unmeasured, deliveryFailures: logUnmeasured(ctx, 'destinations', unmeasured, state.unmeasured?.deliveryFailures) };
	const notifyRecovery = (ctx.getNodeParameter('options', {}) as IDataObject).notifyRecovery === true;
	const withUnmeasured = (item: IDataObject) => (notMeasured.length > 0 ? { ...item, notMeasured } : item);
	return [
		...measured.filter(({ destination }) => changes.started.includes(destination.id)).map(({ item }) => withUnmeasured({ ...item, status: 'failing', since: now })),
		...(notifyRecovery
			? changes.recovered.map(({ key, since }) => withUnmeasured({ ...measured.find(({ destination }) => destination.id === key)!.item, status: 'recovered', since, recoveredAt: now }))
			: []),
	];
};
