/** What each watch calls a crossing, from plain measurements. Pure. */

export type ThresholdType = 'count' | 'percent';

export interface FailureVerdict {
	crossing: boolean;
	attempts: number;
	/** Failed deliveries as a percentage of attempts, to one decimal; 0 without attempts. */
	failureRate: number;
}

/** Failed deliveries exceed the threshold: more than `threshold` of them, or more than `threshold` % of attempts. */
export function failureVerdict(failed: number, delivered: number, type: ThresholdType, threshold: number): FailureVerdict {
	const attempts = failed + delivered;
	const failureRate = attempts === 0 ? 0 : Math.round((failed / attempts) * 1_000) / 10;
	const crossing = type === 'count' ? failed > threshold : attempts > 0 && (failed / attempts) * 100 > threshold;
	return { crossing, attempts, failureRate };
}

/**
 * A source is silent when fewer than `minimum` events came in the window, and it had
 * traffic before (at least `minimum` in the baseline before the window). Once silent, it
 * stays so until traffic comes back, however long: the baseline then is silence too.
 */
export function silenceVerdict(received: number, baseline: number, minimum: number, alreadySilent: boolean): boolean {
	if (received >= minimum) return false;
	return alreadySilent || baseline >= minimum;
}

export type Direction = 'either' | 'fall' | 'rise';

export interface VolumeVerdict {
	crossing: boolean;
	/** The change against the earlier window in percent (one decimal); null when that window had nothing. */
	changePercent: number | null;
	direction: 'fell' | 'rose' | 'unchanged';
}

export function volumeVerdict(current: number, previous: number, percent: number, direction: Direction): VolumeVerdict {
	const moved = current === previous ? 'unchanged' : current < previous ? 'fell' : 'rose';
	if (previous === 0) {
		const crossing = current > 0 && direction !== 'fall';
		return { crossing, changePercent: null, direction: moved };
	}
	const change = ((current - previous) / previous) * 100;
	const crossing = direction === 'fall' ? change < -percent : direction === 'rise' ? change > percent : Math.abs(change) > percent;
	return { crossing, changePercent: Math.round(change * 10) / 10, direction: moved };
}

export interface MtuCheck {
	/** The thresholds (percent of budget) crossed now for the first time this month. */
	crossed: number[];
	percentOfBudget: number;
}

export function mtuCheck(mtu: number, budget: number, thresholds: readonly number[], alreadyNotified: readonly number[]): MtuCheck {
	const percentOfBudget = budget > 0 ? Math.round((mtu / budget) * 1_000) / 10 : 0;
	const crossed = [...new Set(thresholds)].filter((threshold) => percentOfBudget >= threshold && !alreadyNotified.includes(threshold)).sort((a, b) => a - b);
	return { crossed, percentOfBudget };
}
