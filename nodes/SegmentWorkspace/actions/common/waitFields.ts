import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { InvalidInputError } from '../../../shared/InvalidInputError';
import type { WaitPlan, WaitTools } from '../../../shared/waitUntil';

/** How an operation that waits for Segment is told how long to wait: a switch and its limits. */
export interface WaitFieldsSpec {
	show: NonNullable<IDisplayOptions['show']>;
	/** The switch's name and label, e.g. waitForCompletion, "Wait for Completion". */
	name: string;
	displayName: string;
	description: string;
	defaultTimeoutSeconds: number;
	defaultMaxIntervalSeconds: number;
}

export function waitFields(spec: WaitFieldsSpec): INodeProperties[] {
	const { defaultTimeoutSeconds, defaultMaxIntervalSeconds } = spec;
	return [
		{
			displayName: spec.displayName,
			name: spec.name,
			type: 'boolean',
			default: true,
			displayOptions: { show: spec.show },
			description: spec.description,
		},
		{
			displayName: 'Wait Options',
			name: 'waitOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show: { ...spec.show, [spec.name]: [true] } },
			options: [
				{
					displayName: 'Timeout (Seconds)',
					name: 'timeoutSeconds',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 86_400 },
					default: defaultTimeoutSeconds,
					description: "How long to wait at most; then the item fails with the ID to look it up later. Keep it under the workflow's own timeout.",
				},
				{
					displayName: 'Longest Pause Between Checks (Seconds)',
					name: 'maxIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 600 },
					default: defaultMaxIntervalSeconds,
					description: "Checks start one second apart and double up to this; mind Segment's rate limit for the endpoint",
				},
			],
		},
	];
}

function seconds(value: unknown, label: string, fallback: number, max: number): number {
	if (value === undefined || value === '') return fallback;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 1 || number > max) {
		throw new InvalidInputError(`${label} must be a number of seconds from 1 to ${max.toLocaleString('en-US')}`);
	}
	return number;
}

/** The wait the item asks for, or undefined when its switch is off. */
export function readWaitPlan(ctx: IExecuteFunctions, itemIndex: number, spec: Pick<WaitFieldsSpec, 'name' | 'defaultTimeoutSeconds' | 'defaultMaxIntervalSeconds'>): WaitPlan | undefined {
	if (ctx.getNodeParameter(spec.name, itemIndex, true) !== true) return undefined;
	const options = ctx.getNodeParameter('waitOptions', itemIndex, {}) as IDataObject;
	return {
		timeoutMs: seconds(options.timeoutSeconds, 'Timeout (Seconds)', spec.defaultTimeoutSeconds, 86_400) * 1_000,
		maxIntervalMs: seconds(options.maxIntervalSeconds, 'Longest Pause Between Checks (Seconds)', spec.defaultMaxIntervalSeconds, 600) * 1_000,
	};
}

/** n8n's own sleep and the clock, for waitUntil. */
export const NODE_WAIT_TOOLS: WaitTools = { sleep: async (ms) => await sleep(ms), now: () => Date.now() };
