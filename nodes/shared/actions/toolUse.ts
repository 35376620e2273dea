import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../InvalidInputError';

/**
 * How the package's action nodes behave as AI tools. n8n makes a tool of a node marked
 * `usableAsTool` under its own type, the node's type with `Tool` appended
 * (`n8n-nodes-segment.segmentWorkspaceTool`): that is how a run knows a model is calling.
 */

export const ALLOW_TOOL_CHANGES = 'allowToolChanges';

export function runsAsTool(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * Reads: everything that only looks (get, get many, metrics, look-ups, previews). Every
 * other operation, named or added later, changes something and is refused to a model
 * unless the workflow builder allowed it: the safe default is the one that needs no list
 * kept up to date.
 */
export function isReadOperation(operation: string): boolean {
	return /^get([A-Z]|$)/.test(operation) || operation === 'preview' || operation === 'validateMessages';
}

/**
 * n8n strips the `=` of an expression saved in a `noDataExpression` field and keeps the
 * rest as text, except a lone `$fromAI()`, which 2.x keeps and evaluates: both are refused.
 */
const isExpression = (value: unknown) => typeof value === 'string' && (value.startsWith('=') || /\{\{[\s\S]*\}\}/.test(value));

/**
 * Resource and operation are chosen in the editor (`noDataExpression`); a saved workflow
 * that holds an expression there was not made in the editor, and would let the data, or a
 * model's `$fromAI()`, choose what the node does. Read from the node's parameters, before
 * any expression is evaluated.
 */
export function refuseChosenAtRunTime(ctx: Pick<IExecuteFunctions, 'getNode'>, names: readonly string[] = ['resource', 'operation']): void {
	const parameters = ctx.getNode().parameters;
	for (const name of names) {
		if (!isExpression(parameters[name])) continue;
		const label = name === ALLOW_TOOL_CHANGES ? 'Allow Changes When Used as a Tool' : name[0].toUpperCase() + name.slice(1);
		throw new InvalidInputError(
			`${label} is an expression; it must be chosen in the editor. Nothing was sent`,
			`Open the node and pick the ${label.toLowerCase()} from the list: an expression would let the input data, or an AI model, decide what the node does to Segment.`,
		);
	}
}

/** Whether the workflow builder let a model make changes with this node: a plain switch, never an expression. */
export function toolChangesAllowed(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return ctx.getNode().parameters[ALLOW_TOOL_CHANGES] === true;
}

/** The words a model gets when it asked for a change it may not make. */
export function changeRefusedText(nodeName: string, action: string): string {
	return `Refused: "${action}" changes the Segment workspace, and this tool may only read. Nothing was sent. Do not try again with other values; tell the user that the workflow's builder must turn on "Allow Changes When Used as a Tool" on the node "${nodeName}" for this`;
}
