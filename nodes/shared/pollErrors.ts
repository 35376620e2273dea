import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InvalidInputError } from './InvalidInputError';

/** Runs a poll; a parameter that cannot be used says so in n8n's own error form, and shows in the execution list. */
export async function pollWithClearErrors(ctx: IPollFunctions, poll: (ctx: IPollFunctions) => Promise<INodeExecutionData[][] | null>): Promise<INodeExecutionData[][] | null> {
	let failure: unknown;
	try {
		return await poll(ctx);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof InvalidInputError) throw new NodeOperationError(ctx.getNode(), failure.message, { description: failure.hint });
	throw failure;
}
