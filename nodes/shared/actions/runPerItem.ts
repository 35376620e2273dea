import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOperation } from './ItemOperation';
import { errorItem, itemInputError, runLevelError } from './itemErrors';
import { changeRefusedText, isReadOperation, refuseChosenAtRunTime, runsAsTool, toolChangesAllowed } from './toolUse';

/** A node's resources and their operations, as its router dispatches them. */
export type OperationTable = Record<string, Record<string, ItemOperation>>;

/** What an output entry becomes before n8n shows or keeps it. */
export type OutputShape = (json: IDataObject) => IDataObject;

/** Look-ups, changes and requests: one request (or one series of pages) per item, each failing alone. */
export async function runPerItem(this: IExecuteFunctions, operation: ItemOperation, shape: OutputShape = (json) => json): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const entries = await operation.execute.call(this, itemIndex);
			// An answer that held null (or text) where a resource belongs: no item of null.
			if (entries.some((json) => json === null || typeof json !== 'object' || Array.isArray(json))) {
				throw new NodeOperationError(this.getNode(), "Segment's answer did not hold what was asked for (it sent nothing, or not an object)", { itemIndex, description: 'Nothing of it is returned. Run it again; if it stays so, look at it in Segment.' });
			}
			for (const json of entries) results.push({ json: shape(json), pairedItem: { item: itemIndex } });
		} catch (error) {
			const itemError = itemInputError(this, error, itemIndex);
			if (!this.continueOnFail()) throw itemError;
			results.push(errorItem(this, itemError, itemIndex));
		}
	}
	return results;
}

export interface PerItemRouting {
	/** Changes a model may make only when the workflow builder allowed them on the node. */
	gateToolChanges?: boolean;
	/** What each output entry becomes, knowing the operation and whether a model called. */
	shapeOutput?: (ctx: IExecuteFunctions, resource: string, operation: string) => OutputShape;
}

const words = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

async function routeEachItem(this: IExecuteFunctions, operations: OperationTable, routing: PerItemRouting): Promise<INodeExecutionData[][]> {
	refuseChosenAtRunTime(this);
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const itemOperation = operations[resource]?.[operation];
	if (!itemOperation) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	if (routing.gateToolChanges && runsAsTool(this) && !isReadOperation(operation)) {
		refuseChosenAtRunTime(this, ['allowToolChanges']);
		if (!toolChangesAllowed(this)) throw new NodeOperationError(this.getNode(), changeRefusedText(this.getNode().name, `${words(operation)} (${words(resource)})`));
	}
	return [await runPerItem.call(this, itemOperation, routing.shapeOutput?.(this, resource, operation))];
}

/** The router of a node whose operations answer each item on its own. */
export async function routePerItem(this: IExecuteFunctions, operations: OperationTable, routing: PerItemRouting = {}): Promise<INodeExecutionData[][]> {
	return await failEveryItemOnRunError.call(this, async () => await routeEachItem.call(this, operations, routing));
}

/**
 * Each item's own failure is already in the output: what is thrown with Continue On Fail
 * concerns the whole run (an option out of range, the credential, a change refused to a
 * model). Every item says so, rather than n8n passing the input on as if it had been done.
 */
export async function failEveryItemOnRunError(this: IExecuteFunctions, route: () => Promise<INodeExecutionData[][]>): Promise<INodeExecutionData[][]> {
	const routed = await route().then(
		(output) => ({ output }),
		(error: unknown) => ({ error }),
	);
	if ('output' in routed) return routed.output;
	const runError = runLevelError(this, routed.error);
	if (!this.continueOnFail()) throw runError;
	return [this.getInputData().map((_, itemIndex) => errorItem(this, runError, itemIndex))];
}
