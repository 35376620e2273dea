import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * An item whose request Segment carried out, with an outcome that is a failure (a sync
 * that failed, a preview Segment could not compute). With Continue On Fail its error item
 * keeps what Segment said, so the workflow can still report it.
 */
export class OperationFailure extends NodeOperationError {
	constructor(
		node: INode,
		message: string,
		readonly details: IDataObject,
		options: { itemIndex: number; description?: string },
	) {
		super(node, message, options);
	}
}
