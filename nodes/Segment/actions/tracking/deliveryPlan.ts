import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeliveryPlan } from '../../../shared/transport/deliverMessages';
import { SEGMENT_LIMITS } from '../../../shared/transport/limits';

export type DryRun = 'never' | 'inEditor' | 'always';
const DRY_RUNS: readonly DryRun[] = ['never', 'inEditor', 'always'];

export interface TrackingOptions extends DeliveryPlan {
	messageIdFromContent: boolean;
	/** Whether this run builds and checks its messages but sends none. */
	dryRun: boolean;
}

/** Runs started from n8n's editor are `manual`; `inEditor` keeps them from reaching Segment. */
function readDryRun(ctx: IExecuteFunctions, given: unknown): boolean {
	const dryRun = given === undefined || given === null || given === '' ? 'never' : (given as DryRun);
	if (!DRY_RUNS.includes(dryRun)) {
		throw new NodeOperationError(ctx.getNode(), `Options → Dry Run must be one of ${DRY_RUNS.join(', ')}; got "${String(given).slice(0, 40)}"`, { description: 'Nothing was sent.' });
	}
	return dryRun === 'always' || (dryRun === 'inEditor' && ctx.getMode() === 'manual');
}

interface NumericOption {
	label: string;
	fallback: number;
	min: number;
	max: number;
	unit?: string;
}

/** The ranges the delivery options take: outside them a request could never be sent, or the platform timer overflows. */
export const TRACKING_OPTION_RANGES = {
	maxAttempts: { label: 'Max Attempts', fallback: 5, min: 1, max: 20 },
	timeout: { label: 'Request Timeout', fallback: 10_000, min: 100, max: 600_000, unit: 'milliseconds' },
	concurrency: { label: 'Parallel Requests', fallback: 4, min: 1, max: 16 },
	maxBatchSize: { label: 'Messages per Request', fallback: SEGMENT_LIMITS.maxBatchMessages, min: 1, max: SEGMENT_LIMITS.maxBatchMessages },
	retryDelay: { label: 'Retry Delay', fallback: 500, min: 0, max: 60_000, unit: 'milliseconds' },
} satisfies Record<string, NumericOption>;

/** The node's delivery options, which hold for the whole run; one out of its range stops the run before anything is sent. */
export function readTrackingOptions(ctx: IExecuteFunctions): TrackingOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	const read = (name: keyof typeof TRACKING_OPTION_RANGES): number => {
		const range: NumericOption = TRACKING_OPTION_RANGES[name];
		const given = options[name];
		if (given === undefined || given === null || given === '') return range.fallback;
		const value = typeof given === 'number' ? given : typeof given === 'string' && given.trim() !== '' ? Number(given) : NaN;
		if (!Number.isInteger(value) || value < range.min || value > range.max) {
			const shown = typeof given === 'string' ? `"${given.slice(0, 40)}"` : typeof given === 'number' ? String(given) : `a ${typeof given}`;
			throw new NodeOperationError(
				ctx.getNode(),
				`Options → ${range.label} must be a whole number from ${range.min.toLocaleString('en-US')} to ${range.max.toLocaleString('en-US')}${range.unit ? ` ${range.unit}` : ''}; got ${shown}`,
				{ description: 'Nothing was sent.' },
			);
		}
		return value;
	};
	return {
		maxAttempts: read('maxAttempts'),
		timeoutMs: read('timeout'),
		concurrency: read('concurrency'),
		maxBatchMessages: read('maxBatchSize'),
		retryBaseDelayMs: read('retryDelay'),
		messageIdFromContent: options.messageIdFromContent === true,
		compress: options.compressRequests === true,
		dryRun: readDryRun(ctx, options.dryRun),
	};
}
