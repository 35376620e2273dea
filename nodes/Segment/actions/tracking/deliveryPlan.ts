import type { IExecuteFunctions } from 'n8n-workflow';

import type { DeliveryPlan } from '../../../shared/transport/deliverMessages';

export interface TrackingOptions extends DeliveryPlan {
	messageIdFromContent: boolean;
}

/** The node's delivery options, which hold for the whole run. */
export function readTrackingOptions(ctx: IExecuteFunctions): TrackingOptions {
	const options = ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	const number = (name: string, fallback: number) => {
		const value = Number(options[name] ?? fallback);
		return Number.isFinite(value) ? value : fallback;
	};
	return {
		maxAttempts: Math.max(1, Math.floor(number('maxAttempts', 5))),
		timeoutMs: Math.max(1, number('timeout', 10_000)),
		concurrency: Math.max(1, Math.floor(number('concurrency', 4))),
		maxBatchMessages: Math.max(1, Math.floor(number('maxBatchSize', 2_500))),
		retryBaseDelayMs: Math.max(0, number('retryDelay', 500)),
		messageIdFromContent: options.messageIdFromContent === true,
	};
}
