import type { INodeProperties } from 'n8n-workflow';

import { ALLOW_TOOL_CHANGES, isReadOperation } from '../../shared/actions/toolUse';

/** Every operation value that changes something, from the node's own operation lists. */
export function changeOperationsOf(properties: readonly INodeProperties[]): string[] {
	const values = properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => (property.options ?? []).map((option) => String((option as { value: unknown }).value)));
	return [...new Set(values)].filter((operation) => !isReadOperation(operation)).sort();
}

/**
 * The switch that lets a model change the workspace, shown only on the node made a tool and
 * only for the operations it opens. `noDataExpression`: a model's `$fromAI()` cannot turn it on.
 */
export function toolChangeFields(properties: readonly INodeProperties[]): INodeProperties[] {
	return [
		{
			displayName: 'Allow Changes When Used as a Tool',
			name: ALLOW_TOOL_CHANGES,
			type: 'boolean',
			noDataExpression: true,
			default: false,
			displayOptions: { show: { '@tool': [true], operation: changeOperationsOf(properties) } },
			description:
				'Whether an AI model may run this operation. Off: the tool only reads, and the model is told the change was refused. On: every call of the model runs it, with no confirmation; give the model only the fields it must fill.',
		},
	];
}
