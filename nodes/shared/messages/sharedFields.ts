import { InvalidMessageError } from './InvalidMessageError';
import { describeValue, isPlainObject } from './prepareMessage';

export interface SharedFields {
	context?: Record<string, unknown>;
	integrations?: Record<string, unknown>;
}

function merged(field: string, shared: Record<string, unknown> | undefined, own: unknown): unknown {
	if (shared === undefined || own === undefined || own === null) return own ?? shared;
	if (!isPlainObject(own)) throw new InvalidMessageError(`"${field}" must be a JSON object, not ${describeValue(own)}`);
	return { ...shared, ...own };
}

/**
 * Context and integrations given once for a whole batch go into every message, the way
 * Segment merges a batch envelope's; what a message sets itself wins.
 */
export function applySharedFields(message: Record<string, unknown>, shared: SharedFields): Record<string, unknown> {
	if (shared.context === undefined && shared.integrations === undefined) return message;
	const result = { ...message };
	const context = merged('context', shared.context, message.context);
	const integrations = merged('integrations', shared.integrations, message.integrations);
	if (context !== undefined) result.context = context;
	if (integrations !== undefined) result.integrations = integrations;
	return result;
}
