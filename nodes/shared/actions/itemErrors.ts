import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidInputError } from '../InvalidInputError';
import { OperationFailure } from './OperationFailure';
import { isStackOverflow } from './parameterValue';
import { runsAsTool } from './toolUse';

/**
 * A model that calls the node as a tool may get only an error's message (n8n's AI Agent
 * passes on no description): in a tool's run the message carries what to send instead.
 */
function readableByModel<T extends Error>(ctx: IExecuteFunctions, error: T): T {
	const hint = (error as { description?: unknown }).description;
	if (!runsAsTool(ctx) || typeof hint !== 'string' || hint.trim() === '' || error.message.includes(hint)) return error;
	error.message = `${error.message.replace(/[\s.:;]+$/, '')}. ${hint}`;
	return error;
}

/** An error met while reading or checking item `itemIndex`, as n8n shows it. */
export function itemInputError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.context.itemIndex ??= itemIndex;
		return readableByModel(ctx, error);
	}
	if (error instanceof InvalidInputError) {
		return readableByModel(ctx, new NodeOperationError(ctx.getNode(), error.message, { itemIndex, description: error.hint }));
	}
	// n8n's own handling of parameters recurses, and overflows on a value nested thousands deep.
	if (isStackOverflow(error) || isStackOverflow((error as { cause?: unknown })?.cause)) {
		return new NodeOperationError(ctx.getNode(), 'A value of this item is nested too deeply to be read (thousands of levels); no Segment message needs that many', { itemIndex });
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** An error that concerns the whole run, not one item, as n8n shows it. */
export function runLevelError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return readableByModel(ctx, error);
	if (error instanceof InvalidInputError) return readableByModel(ctx, new NodeOperationError(ctx.getNode(), error.message, { description: error.hint }));
	return new NodeOperationError(ctx.getNode(), error as Error);
}

/** Scalar details as lines of text, for an error output that takes text alone. */
function detailLines(details: IDataObject): string[] {
	return Object.entries(details)
		.filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
		.map(([key, value]) => `${key}: ${String(value)}`);
}

/**
 * The output item of a failed item under Continue On Fail: the reason, the hint, and what
 * Segment said. With On Error → Continue (using error output), n8n sends an item to the
 * error output only when its JSON holds nothing but `error` and `message` (n8n 1.x; 2.x
 * also takes `details`): there the hint and details go into `message` as text, and n8n
 * adds the input item's fields.
 */
export function errorItem(ctx: IExecuteFunctions, error: Error, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	const hint = (error as { description?: unknown }).description;
	const failure = error instanceof OperationFailure ? error.details : {};
	const hinted: IDataObject = typeof hint === 'string' && hint !== '' ? { hint } : {};
	if (ctx.getNode().onError === 'continueErrorOutput') {
		const message = [...(typeof hint === 'string' && hint !== '' ? [hint] : []), ...detailLines({ ...failure, ...extra })].join('\n');
		return { json: { error: error.message, ...(message !== '' ? { message } : {}) }, pairedItem: { item: itemIndex } };
	}
	return { json: { ...failure, error: error.message, ...hinted, ...extra }, pairedItem: { item: itemIndex } };
}
