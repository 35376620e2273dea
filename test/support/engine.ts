import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes an encryption key into its user folder on first use. Jest's global
// set-up makes one for the whole run; a script (the demo, the benchmark) makes its own,
// removed when it ends.
if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-segment-run-'));
	process.env.N8N_USER_FOLDER = folder;
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}

import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { SegmentAccessTokenApi } from '../../credentials/SegmentAccessTokenApi.credentials';
import { SegmentPublicApi } from '../../credentials/SegmentPublicApi.credentials';
import { SegmentWebhookSecretApi } from '../../credentials/SegmentWebhookSecretApi.credentials';
import { SegmentWriteKeyApi } from '../../credentials/SegmentWriteKeyApi.credentials';
import { Segment } from '../../nodes/Segment/Segment.node';
import { SegmentProfile } from '../../nodes/SegmentProfile/SegmentProfile.node';
import { SegmentProfileTrigger } from '../../nodes/SegmentProfileTrigger/SegmentProfileTrigger.node';
import { SegmentWebhookTrigger } from '../../nodes/SegmentWebhookTrigger/SegmentWebhookTrigger.node';
import { SegmentWorkspace } from '../../nodes/SegmentWorkspace/SegmentWorkspace.node';
import { SegmentWorkspaceTrigger } from '../../nodes/SegmentWorkspaceTrigger/SegmentWorkspaceTrigger.node';
import type { ToolCall, ToolSeen } from './aiTools';
import { asAiTool, ToolCallerNode } from './aiTools';

/** Stands in for n8n's manual trigger: hands the test's items to the next node. */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Starts the test workflow',
		defaults: { name: 'Start' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

export const credentialTypes: Record<string, ICredentialType> = {
	segmentWriteKeyApi: new SegmentWriteKeyApi(),
	segmentAccessTokenApi: new SegmentAccessTokenApi(),
	segmentPublicApi: new SegmentPublicApi(),
	segmentWebhookSecretApi: new SegmentWebhookSecretApi(),
};

export function registerCredentialType(type: ICredentialType): void {
	credentialTypes[type.name] = type;
}

const segment = new Segment();
const segmentProfile = new SegmentProfile();
const segmentWorkspace = new SegmentWorkspace();

export const nodeTypes: Record<string, INodeType> = {
	start: new StartNode(),
	segment,
	segmentProfile,
	segmentWorkspace,
	// The tools n8n makes of the action nodes, and a caller in the place of a model.
	segmentTool: asAiTool(segment),
	segmentProfileTool: asAiTool(segmentProfile),
	segmentWorkspaceTool: asAiTool(segmentWorkspace),
	toolCaller: new ToolCallerNode(),
	segmentProfileTrigger: new SegmentProfileTrigger(),
	segmentWebhookTrigger: new SegmentWebhookTrigger(),
	segmentWorkspaceTrigger: new SegmentWorkspaceTrigger(),
};

export function registerNodeType(name: string, type: INodeType): void {
	nodeTypes[name] = type;
}

export const nodeTypesRegistry: INodeTypes = {
	getByName: (type) => nodeTypes[type],
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes[type], version),
	getKnownTypes: () => ({}),
};

/**
 * Hands out the test's credentials and applies each credential type's own `authenticate`
 * definition, as the n8n server does (n8n-core leaves that to its host).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolve = (value: string) =>
			workflow && node
				? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')
				: value;
		const result: IHttpRequestOptions = { ...requestOptions };
		const { auth, headers, qs, body } = authenticate.properties as Record<string, Record<string, string> | undefined>;
		if (auth) {
			result.auth = { username: String(resolve(auth.username)), password: String(resolve(auth.password)) };
		}
		for (const [key, values] of Object.entries({ headers, qs, body })) {
			if (!values) continue;
			const target = { ...((result as unknown as Record<string, IDataObject>)[key] ?? {}) };
			for (const [name, value] of Object.entries(values)) target[name] = resolve(value) as string;
			(result as unknown as Record<string, IDataObject>)[key] = target;
		}
		return result;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('getCredentials is not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`The test gave no credentials of type ${type} (${nodeCredentials.name})`);
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

export function additionalData(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	workflowData: IWorkflowBase,
	mode: WorkflowExecuteMode = 'manual',
): IWorkflowExecuteAdditionalData {
	return {
		executionId: '1',
		hooks: new ExecutionLifecycleHooks(mode, '1', workflowData),
		credentialsHelper: new TestCredentialsHelper(credentials),
		variables: {},
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	/** The node under test's parameters. */
	parameters: Record<string, unknown>;
	/** The items the start node hands to it. */
	items: Array<Record<string, unknown>>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The node type; unless given, the package's action node that has the parameters' resource. */
	type?: string;
	continueOnFail?: boolean;
	/** On Error → Continue (using error output): failed items go to the node's second output. */
	errorOutput?: boolean;
	/** How the run was started: `manual` (n8n's editor, the default), `trigger`, `webhook`… */
	mode?: WorkflowExecuteMode;
}

export interface RunResult {
	run: IRun;
	/** The node's first output; empty when the run failed. */
	output: INodeExecutionData[];
	/** Its error output, with On Error → Continue (using error output). */
	errorOutput: INodeExecutionData[];
	/** The error that stopped the run, if any. */
	error?: Error & { context?: IDataObject; description?: string | null; httpCode?: string | null };
}

export const NODE_NAME = 'Segment';

/** The package's action nodes, one per Segment API. */
export const ACTION_NODE_TYPES = ['segment', 'segmentProfile', 'segmentWorkspace'];

/** The resources a node offers, as its Resource field lists them. */
export function resourcesOf(type: string): string[] {
	const field = nodeTypes[type].description.properties.find((property) => property.name === 'resource');
	return ((field?.options ?? []) as Array<{ value: string }>).map((option) => option.value);
}

/** The action node that has `resource`: each resource lives in exactly one. */
export function nodeTypeForResource(resource: string): string {
	const types = ACTION_NODE_TYPES.filter((type) => resourcesOf(type).includes(resource));
	if (types.length !== 1) throw new Error(`The resource "${resource}" is in ${types.length} action nodes: ${types.join(', ')}`);
	return types[0];
}

/** Runs start → node under test through n8n-core's WorkflowExecute. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const type = options.type ?? nodeTypeForResource(String(options.parameters.resource ?? 'tracking'));
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: 'start',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters as INodeParameters,
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((credentialType) => [credentialType, { id: credentialType, name: credentialType }]),
		),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
	};
	const connections = { Start: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] } };
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test',
		active: false,
		isArchived: false,
		nodes: [start, node],
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test',
		nodes: [start, node],
		connections,
		active: false,
		settings: {},
		staticData: {},
		nodeTypes: nodeTypesRegistry,
	});
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: start, data: { main: [options.items.map((json) => ({ json: json as IDataObject }))] }, source: null },
			],
		},
	});
	const execute = new WorkflowExecute(additionalData(options.credentials, workflowData, options.mode), options.mode ?? 'manual', runData);
	const run = await execute.processRunExecutionData(workflow);
	const nodeRuns = run.data.resultData.runData[NODE_NAME];
	const output = nodeRuns?.[0]?.data?.main?.[0] ?? [];
	const errorOutput = nodeRuns?.[0]?.data?.main?.[1] ?? [];
	return { run, output, errorOutput, error: run.data.resultData.error as RunResult['error'] };
}

export interface ToolNode {
	/** The node's name, which n8n turns into the tool's name (spaces become underscores). */
	name: string;
	/** An action node's type; its tool type is used. */
	type: string;
	parameters: Record<string, unknown>;
}

export interface ToolRun {
	/** What a model is offered: each tool's name, description and argument schema. */
	tools: ToolSeen[];
	/** Per call, what the model reads back: the answer, or the error's message. */
	answers: Array<{ tool: string; answer?: unknown; error?: string }>;
	run: IRun;
	error?: Error;
}

/**
 * Connects the nodes as AI tools to a caller that makes `calls` as a model would, and runs
 * it through n8n-core's WorkflowExecute: the tools are built and called by n8n-core itself.
 */
export async function callTools(options: { tools: ToolNode[]; calls: ToolCall[]; credentials: Record<string, ICredentialDataDecryptedObject> }): Promise<ToolRun> {
	const start: INode = { id: 'start', name: 'Start', type: 'start', typeVersion: 1, position: [0, 0], parameters: {} };
	const caller: INode = { id: 'caller', name: 'Tool Caller', type: 'toolCaller', typeVersion: 1, position: [200, 0], parameters: { calls: JSON.stringify(options.calls) } };
	const credentials = Object.fromEntries(Object.keys(options.credentials).map((credentialType) => [credentialType, { id: credentialType, name: credentialType }]));
	const tools: INode[] = options.tools.map((tool, n) => ({
		id: `tool-${n}`,
		name: tool.name,
		type: `${tool.type}Tool`,
		typeVersion: 1,
		position: [200, 200 + n * 100],
		parameters: tool.parameters as INodeParameters,
		credentials,
	}));
	const nodes = [start, caller, ...tools];
	const connections: IWorkflowBase['connections'] = {
		Start: { main: [[{ node: caller.name, type: NodeConnectionTypes.Main, index: 0 }]] },
		...Object.fromEntries(tools.map((tool) => [tool.name, { [NodeConnectionTypes.AiTool]: [[{ node: caller.name, type: NodeConnectionTypes.AiTool, index: 0 }]] }])),
	};
	const workflowData = { id: 'tool-workflow', name: 'Tools', active: false, isArchived: false, nodes, connections, settings: {}, createdAt: new Date(), updatedAt: new Date() } as unknown as IWorkflowBase;
	const workflow = new Workflow({ id: 'tool-workflow', name: 'Tools', nodes, connections, active: false, settings: {}, staticData: {}, nodeTypes: nodeTypesRegistry });
	const runData = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }] } });
	const run = await new WorkflowExecute(additionalData(options.credentials, workflowData), 'manual', runData).processRunExecutionData(workflow);
	const output = run.data.resultData.runData[caller.name]?.[0]?.data?.main?.[0] ?? [];
	const [seen, ...answers] = output.map((item) => item.json);
	return { tools: (seen?.tools ?? []) as unknown as ToolSeen[], answers: answers as ToolRun['answers'], run, error: run.data.resultData.error };
}

export interface PollOptions {
	/** The trigger's node type; the Segment Trigger unless given. */
	type?: string;
	parameters: Record<string, unknown>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The workflow's static data from the previous poll; it is updated in place. */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
}

export interface PollResult {
	items: INodeExecutionData[] | null;
	error?: Error & { description?: string | null; httpCode?: string | null };
}

/** One poll of a polling trigger through n8n-core's PollContext, as an active workflow runs it. */
export async function pollTrigger(options: PollOptions): Promise<PollResult> {
	const type = options.type ?? 'segmentProfileTrigger';
	const node: INode = {
		id: 'trigger-under-test',
		name: 'Segment Trigger',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INodeParameters,
		credentials: Object.fromEntries(Object.keys(options.credentials).map((credentialType) => [credentialType, { id: credentialType, name: credentialType }])),
	};
	const workflowData = { id: 'poll-workflow', name: 'Poll', active: true, nodes: [node], connections: {}, settings: {} } as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: 'poll-workflow',
		name: 'Poll',
		nodes: [node],
		connections: {},
		active: true,
		settings: {},
		staticData: options.staticData,
		nodeTypes: nodeTypesRegistry,
	});
	const mode = options.mode ?? 'trigger';
	const context = new PollContext(workflow, node, additionalData(options.credentials, workflowData, mode), mode, 'activate');
	try {
		const result = await nodeTypes[type].poll!.call(context);
		// The n8n server saves static data after a trigger poll, not after a manual run.
		if (mode === 'trigger') Object.assign(options.staticData, workflow.staticData);
		return { items: result?.[0] ?? null };
	} catch (error) {
		return { items: null, error: error as PollResult['error'] };
	}
}

/**
 * The context n8n's editor runs a node's list-search methods in (a resource picker opened
 * in the UI), through n8n-core's LoadOptionsContext.
 */
export function loadOptionsContext(
	type: string,
	parameters: Record<string, unknown>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): LoadOptionsContext {
	const node: INode = {
		id: 'node-in-editor',
		name: 'Node In Editor',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: Object.fromEntries(Object.keys(credentials).map((credentialType) => [credentialType, { id: credentialType, name: credentialType }])),
	};
	const workflowData = { id: 'editor-workflow', name: 'Editor', nodes: [node], connections: {}, settings: {} } as unknown as IWorkflowBase;
	const workflow = new Workflow({ id: 'editor-workflow', name: 'Editor', nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesRegistry });
	// n8n's editor sends the node's parameters as they are on screen with each request.
	const data = Object.assign(additionalData(credentials, workflowData, 'internal'), { currentNodeParameters: parameters as INodeParameters });
	return new LoadOptionsContext(workflow, node, data, 'parameters');
}
