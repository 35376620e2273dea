import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidMessageError } from '../../../shared/messages/InvalidMessageError';
import { describeValue, isPlainObject } from '../../../shared/messages/prepareMessage';
import { JSON_OBJECT_HINT, parseJsonParameter } from '../../../shared/actions/jsonParameter';
import { parameterValue } from '../../../shared/actions/parameterValue';

export function readJsonObject(value: unknown, label: string): Record<string, unknown> | undefined {
	const parsed = parseJsonParameter(value, label);
	if (parsed === undefined || parsed === null) return undefined;
	if (!isPlainObject(parsed)) throw new InvalidMessageError(`${label} must be a JSON object, not ${describeValue(parsed)}`, JSON_OBJECT_HINT);
	return parsed;
}

export interface AdditionalFields {
	timestamp?: unknown;
	messageId?: unknown;
	context?: Record<string, unknown>;
	integrations?: Record<string, unknown>;
	category?: unknown;
}

export function readAdditionalFields(ctx: IExecuteFunctions, itemIndex: number): AdditionalFields {
	const raw = (readParameter(ctx, 'additionalFields', itemIndex) ?? {}) as Record<string, unknown>;
	const fields: AdditionalFields = {};
	if (raw.timestamp !== undefined && raw.timestamp !== '') fields.timestamp = raw.timestamp;
	if (raw.messageId !== undefined && raw.messageId !== '') fields.messageId = raw.messageId;
	if (raw.category !== undefined && raw.category !== '') fields.category = raw.category;
	const context = readJsonObject(raw.context, 'Context');
	if (context) fields.context = context;
	const integrations = readJsonObject(raw.integrations, 'Integrations');
	if (integrations) fields.integrations = integrations;
	return fields;
}

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(containsExpression);
	return false;
}

/** How the workflow builder sees the parameters, for errors that name one. */
const PARAMETER_LABELS: Record<string, string> = {
	userId: 'User ID',
	anonymousId: 'Anonymous ID',
	event: 'Event',
	name: 'Name',
	groupId: 'Group ID',
	previousId: 'Previous ID',
	properties: 'Properties',
	traits: 'Traits',
	propertiesMode: 'Properties Mode',
	batch: 'Messages',
	additionalFields: 'Additional Fields',
};

// Per node run: the values of parameters that hold no expression, which are the same for
// every item. Resolving a parameter costs n8n far more than building a message does, so
// this is what keeps the node's own work small beside the engine's. The node's raw
// parameters are read once too: n8n copies the whole node at each getNode().
interface RunParameters {
	raw: Record<string, unknown>;
	constants: Map<string, unknown>;
}

const runParameters = new WeakMap<IExecuteFunctions, RunParameters>();

export function readParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	let run = runParameters.get(ctx);
	if (!run) {
		run = { raw: ctx.getNode().parameters as Record<string, unknown>, constants: new Map() };
		runParameters.set(ctx, run);
	}
	if (run.constants.has(name)) return run.constants.get(name);
	const value = parameterValue(ctx, name, itemIndex, PARAMETER_LABELS[name] ?? name, fallback);
	if (!containsExpression(run.raw[name])) run.constants.set(name, value);
	return value;
}
