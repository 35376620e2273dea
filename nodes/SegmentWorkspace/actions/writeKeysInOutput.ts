import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { OutputShape } from '../../shared/actions/runPerItem';
import { runsAsTool } from '../../shared/actions/toolUse';

/**
 * A write key lets anyone send events as its source. Outputs are kept in every execution
 * and read by whoever can open it, and an AI model passes on what it is given: keys are
 * shown by their last four characters unless the workflow asks for them, and never to a
 * model.
 */

export const INCLUDE_WRITE_KEYS = 'includeWriteKeys';

/** A key shown by its last four characters. */
export const maskedKey = (key: string) => `…${key.slice(-4)}`;

function masked(value: unknown, depth = 0): unknown {
	// Segment's answers are not that deep; what is, is left as it is rather than walked forever.
	if (depth > 64 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((entry) => masked(entry, depth + 1));
	const shown: IDataObject = {};
	for (const [key, entry] of Object.entries(value as IDataObject)) {
		if (key === 'writeKeys' && Array.isArray(entry)) shown.writeKeyEndings = entry.map((writeKey) => (typeof writeKey === 'string' ? maskedKey(writeKey) : null));
		else if (key === 'writeKey' && typeof entry === 'string') shown.writeKeyEnding = maskedKey(entry);
		else shown[key] = masked(entry, depth + 1) as IDataObject;
	}
	return shown;
}

export const withoutWriteKeys: OutputShape = (json) => masked(json) as IDataObject;

/**
 * Keys are shown only when a person runs the node and asked for them: Include Write Keys on a
 * source's output, or the new key of Create Write Key, which is what that operation is for.
 */
export function writeKeysShape(ctx: IExecuteFunctions, resource: string, operation: string): OutputShape {
	if (runsAsTool(ctx)) return withoutWriteKeys;
	if (resource === 'source' && operation === 'createWriteKey') return (json) => json;
	return ctx.getNode().parameters[INCLUDE_WRITE_KEYS] === true ? (json) => json : withoutWriteKeys;
}
