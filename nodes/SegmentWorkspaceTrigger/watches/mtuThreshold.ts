import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../shared/InvalidInputError';
import { inputText } from '../../shared/inputText';
import { usagePeriod, usageRows } from '../../shared/publicApi/usageMetrics';
import { splitList } from '../../shared/splitList';
import type { Watch } from '../watchContext';
import { readWholeNumber } from '../watchContext';
import { mtuCheck } from '../watchRules';

/** The month's MTU (the workspace's, or one source's) against a budget: one item per threshold crossed, once a month. */
export const mtuThreshold: Watch = async ({ ctx, state, nowMs, manual }) => {
	const scope = ctx.getNodeParameter('mtuScope', 'workspace') === 'source' ? 'source' : 'workspace';
	const sourceId = scope === 'source' ? inputText(ctx.getNodeParameter('sourceId', '', { extractValue: true }), 'Source') : '';
	if (scope === 'source' && sourceId === '') throw new InvalidInputError('Source is empty: pick the source whose MTU to watch');
	const budget = readWholeNumber(ctx, 'monthlyBudget', 'Monthly Budget', 10_000, 1, Number.MAX_SAFE_INTEGER);
	const thresholds = splitList(ctx.getNodeParameter('percents', '80, 100'), 'Percent of Budget').map(Number);
	if (thresholds.length === 0 || thresholds.some((value) => !Number.isFinite(value) || value <= 0)) {
		throw new InvalidInputError('Percent of Budget must be numbers above 0, separated by commas, e.g. 80, 100');
	}
	const startDay = Number((ctx.getNodeParameter('options', {}) as { usageMonthStartDay?: unknown }).usageMonthStartDay ?? 1);
	if (!Number.isInteger(startDay) || startDay < 1 || startDay > 28) throw new InvalidInputError('Options → Usage Month Starts on Day must be a whole number from 1 to 28');
	const period = usagePeriod('', nowMs, startDay)!;
	const rows = (await usageRows(ctx, 'mtu', scope === 'source' ? 'perSource' : 'workspace', period)).filter((row) => scope === 'workspace' || row.sourceId === sourceId);
	const latest = rows.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp))).at(-1);
	const mtu = Number(latest?.mtu ?? 0);
	// The thresholds notified belong to one usage month, as Segment's own rows mark it when they do.
	const month = typeof latest?.periodStart === 'number' ? new Date(latest.periodStart * 1000).toISOString().slice(0, 10) : period;
	const kept = state.mtu !== null && typeof state.mtu === 'object' && Array.isArray(state.mtu.notified) ? state.mtu : undefined;
	const notified = kept?.period === month ? kept.notified.filter((value): value is number => typeof value === 'number') : [];
	const check = mtuCheck(mtu, budget, thresholds, manual ? [] : notified);
	const item: IDataObject = {
		watch: 'mtuThreshold',
		scope,
		...(sourceId ? { sourceId } : {}),
		period,
		mtu,
		monthlyBudget: budget,
		percentOfBudget: check.percentOfBudget,
		breakdown: { identified: latest?.identified ?? 0, neverIdentified: latest?.neverIdentified ?? 0, anonymous: latest?.anonymous ?? 0, anonymousIdentified: latest?.anonymousIdentified ?? 0 },
		asOf: latest?.timestamp ?? null,
	};
	if (manual) return [{ ...item, status: check.crossed.length > 0 ? 'crossed' : 'ok', thresholds }];
	state.mtu = { period: month, notified: [...notified, ...check.crossed].sort((a, b) => a - b) };
	return check.crossed.map((threshold) => ({ ...item, status: 'crossed', threshold }));
};
