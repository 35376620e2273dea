import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOperation } from './ItemOperation';
import { errorItem, itemInputError } from './itemErrors';

/** A node's resources and their operations, as its router dispatches them. */
export type OperationTable = Record<string, Record<string, ItemOperation>>;

/** Look-ups, changes and requests: one request (or one series of pages) per item, each failing alone. */
export async function runPerItem(this: IExecuteFunctions, operation: ItemOperation): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const entries = await operation.execute.call(this, itemIndex);
			// An answer that held null (or text) where a resource belongs: no item of null.
			if (entries.some((json) => json === null || typeof json !== 'object' || Array.isArray(json))) {
				throw new NodeOperationError(this.getNode(), "Segment's answer did not hold what was asked for (it sent nothing, or not an object)", { itemIndex, description: 'Nothing of it is returned. Run it again; if it stays so, look at it in Segment.' });
			}
			for (const json of entries) results.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const itemError = itemInputError(this, error, itemIndex);
			if (!this.continueOnFail()) throw itemError;
			results.push(errorItem(itemError, itemIndex));
		}
	}
	return results;
}

/** The router of a node whose operations answer each item on its own. */
export async function routePerItem(this: IExecuteFunctions, operations: OperationTable): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const itemOperation = operations[resource]?.[operation];
	if (!itemOperation) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	return [await runPerItem.call(this, itemOperation)];
}
