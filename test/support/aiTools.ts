import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { zodToJsonSchema } from 'zod-to-json-schema';

/**
 * n8n's AI tools, in this process. The n8n server makes a tool of every node marked
 * `usableAsTool` (its `convertNodeToAiTool`, packages/cli/src/tool-generation/ai-tools.ts:
 * the type name with `Tool` appended, no main input, an `ai_tool` output, and the tool
 * description fields); n8n-core does the rest as it does for an AI Agent or the MCP Server
 * Trigger: `getInputConnectionData` builds each connected tool (`createNodeAsTool`: name,
 * description, the JSON schema of its `$fromAI()` fields) and runs the node on a call.
 */

/** The tool type n8n makes of an action node, as its server does it. */
export function asAiTool(nodeType: INodeType): INodeType {
	const description = structuredClone(nodeType.description) as INodeTypeDescription;
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	const toolDescription: INodeProperties = {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: description.description,
		required: true,
		displayOptions: { show: { descriptionType: ['manual'] } },
	};
	const descriptionType: INodeProperties = {
		displayName: 'Tool Description',
		name: 'descriptionType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Set Automatically', value: 'auto' },
			{ name: 'Set Manually', value: 'manual' },
		],
		default: 'auto',
	};
	description.properties = [descriptionType, toolDescription, ...description.properties];
	// The node's own execute and methods, with the tool's description.
	const tool = Object.create(nodeType) as INodeType;
	Object.defineProperty(tool, 'description', { value: description });
	return tool;
}

export interface ToolCall {
	/** The tool's name as n8n gives it to a model (from the node's name). */
	tool: string;
	arguments: IDataObject;
}

export interface ToolSeen {
	name: string;
	description: string;
	/** The JSON schema of the arguments, as a model receives it. */
	schema: IDataObject;
}

/**
 * Stands in for the model's side of an AI Agent or an MCP client: lists the tools
 * connected to it and makes the calls of its `calls` parameter, through n8n-core's own
 * tool invocation. Its output: the tools it saw, then one item per call with what the model
 * would read back (the answer, or the error's message).
 */
export class ToolCallerNode implements INodeType {
	description = {
		displayName: 'Tool Caller',
		name: 'toolCaller',
		group: ['transform'],
		version: 1,
		description: 'Calls connected AI tools as a model would',
		defaults: { name: 'Tool Caller' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true }],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' }],
	} as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as unknown;
		const tools = (Array.isArray(connected) ? connected : [connected]) as Array<{ name: string; description: string; schema: unknown; invoke(args: unknown): Promise<unknown> }>;
		const seen: ToolSeen[] = tools.map((tool) => ({ name: tool.name, description: tool.description, schema: zodToJsonSchema(tool.schema as never) as IDataObject }));
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as ToolCall[];
		const answers: IDataObject[] = [];
		for (const call of calls) {
			const tool = tools.find((candidate) => candidate.name === call.tool);
			if (!tool) throw new Error(`No tool named ${call.tool}; the tools are ${tools.map((candidate) => candidate.name).join(', ')}`);
			try {
				const answer = await tool.invoke(call.arguments);
				answers.push({ tool: call.tool, answer: JSON.parse(String(answer)) as IDataObject });
			} catch (error) {
				answers.push({ tool: call.tool, error: (error as Error).message });
			}
		}
		return [[{ json: { tools: seen as unknown as IDataObject[] } }, ...answers.map((json) => ({ json }))]];
	}
}
