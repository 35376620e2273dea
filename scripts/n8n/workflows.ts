import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { segmentNodeType } from './segmentNodeTypes';

/** The example workflows, and the forms in which n8n's command line can run them. */

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	executeOnce?: boolean;
	[key: string]: unknown;
}

export interface WorkflowFile {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;
	pinData?: Record<string, Array<{ json: unknown }>>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

export const EXAMPLES_DIR = resolve(__dirname, '..', '..', '..', 'examples');

export const EXAMPLE_FILES = {
	signup: 'signup-webhook.json',
	accountSync: 'scheduled-account-sync.json',
	backfill: 'backfill-historical-orders.json',
	orderTrigger: 'order-completed-trigger.json',
	privacyRequest: 'privacy-deletion-request.json',
	webhookTrigger: 'signup-webhook-trigger.json',
	destinationFailing: 'destination-failing-alert.json',
	sourceSilent: 'source-silent-ticket.json',
	weeklyReport: 'weekly-usage-report.json',
	churnTask: 'churn-risk-crm-task.json',
	reverseEtlSync: 'dbt-reverse-etl-sync.json',
	vipCheck: 'vip-check-before-campaign.json',
	stagingSource: 'staging-source-from-production.json',
	planCheck: 'orders-checked-against-tracking-plan.json',
} as const;

/**
 * The AI examples: an agent's chat and an MCP server are started by a model or a client,
 * not by Execute workflow; the e2e run drives them (agentChecks), the playground imports them.
 */
export const AI_EXAMPLE_FILES = {
	aiAgent: 'ai-agent-segment-tools.json',
	mcpServer: 'segment-mcp-server.json',
} as const;

/** The ID an example is imported with as shipped (playground, editor checks): n8n 1.x keeps static data only for IDs of at most 16 characters. */
export const exampleWorkflowId = (key: string) => `ex${key[0].toUpperCase()}${key.slice(1)}`.slice(0, 16);

export function readExample(file: string): WorkflowFile {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowFile;
}

const START_TYPES = ['n8n-nodes-base.webhook', 'n8n-nodes-base.scheduleTrigger'];

/**
 * `n8n execute` starts only from a Manual Trigger. A webhook or schedule start is replaced
 * by a Manual Trigger followed by a Code node of the same name that returns the webhook's
 * pinned sample, so every expression that names the start node still finds its data.
 */
export function runnableFromCli(workflow: WorkflowFile, id: string): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowFile;
	copy.id = id;
	const start = copy.nodes.find((node) => START_TYPES.includes(node.type));
	if (!start) return copy;
	const manual: WorkflowNode = {
		id: `${start.id}-manual`,
		name: 'Run From Command Line',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [start.position[0] - 240, start.position[1]],
		parameters: {},
	};
	const sample = copy.pinData?.[start.name] ?? [{ json: {} }];
	const code: WorkflowNode = {
		id: start.id,
		name: start.name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: start.position,
		parameters: { jsCode: `return ${JSON.stringify(sample)};` },
	};
	copy.nodes = [manual, code, ...copy.nodes.filter((node) => node !== start)];
	copy.connections[manual.name] = { main: [[{ node: start.name, type: 'main', index: 0 }]] };
	delete copy.pinData;
	return copy;
}

/** The same workflow with every Wait node cut to `seconds`, so that a run from the command line ends. */
export function withShortWaits(workflow: WorkflowFile, seconds: number): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowFile;
	for (const node of copy.nodes) {
		if (node.type === 'n8n-nodes-base.wait') node.parameters = { ...node.parameters, amount: seconds, unit: 'seconds' };
	}
	return copy;
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** The real-time sign-up example, set up automatically on a source through the Public API. */
export function automaticWebhookWorkflow(example: WorkflowFile, id: string, webhookId: string, sourceId: string): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(example)) as WorkflowFile;
	copy.id = id;
	copy.name = `${example.name} (set up automatically)`;
	const trigger = copy.nodes.find((node) => node.type === 'n8n-nodes-segment.segmentWebhookTrigger')!;
	trigger.webhookId = webhookId;
	// Busy sources send batches: one execution for several events, each request proved by the token.
	trigger.parameters = { ...trigger.parameters, setUp: 'automatic', sourceId: byId(sourceId), acceptBatches: true, batchSize: 10 };
	trigger.credentials = { ...trigger.credentials, segmentPublicApi: { id: 'segmentPublicApiExample', name: 'Segment Public API' } };
	delete copy.pinData;
	return copy;
}

/** Every Public API operation, in an order in which each finds what it needs. */
export function publicApiOperationsWorkflow(id: string): WorkflowFile {
	const rule = { type: 'TRACK', key: 'E2E Event', version: 1, jsonSchema: { properties: { properties: { type: 'object' } } } };
	return chainWorkflow(id, 'E2E: every Public API operation', { segmentPublicApi: { id: 'segmentPublicApiExample', name: 'Segment Public API' } }, [
		['Source: Get Many', { resource: 'source', operation: 'getAll', returnAll: true }],
		['Source: Get', { resource: 'source', operation: 'get', sourceId: byId('src_001') }],
		['Source: Update', { resource: 'source', operation: 'update', sourceId: byId('src_002'), updateFields: { enabled: false, name: 'Retired Source' } }],
		['Source: Get Schema Settings', { resource: 'source', operation: 'getSchemaSettings', sourceId: byId('src_001') }],
		['Destination: Get Many', { resource: 'destination', operation: 'getAll', returnAll: false, limit: 1 }],
		['Destination: Get', { resource: 'destination', operation: 'get', destinationId: byId('dst_002') }],
		['Destination: Update', { resource: 'destination', operation: 'update', destinationId: byId('dst_002'), updateFields: { enabled: false } }],
		['Tracking Plan: Get Many', { resource: 'trackingPlan', operation: 'getAll', returnAll: true }],
		['Tracking Plan: Get', { resource: 'trackingPlan', operation: 'get', trackingPlanId: byId('tp_001') }],
		['Tracking Plan: Update Rules', { resource: 'trackingPlan', operation: 'updateRules', trackingPlanId: byId('tp_001'), rules: JSON.stringify([rule]) }],
		['Tracking Plan: Get Rules', { resource: 'trackingPlan', operation: 'getRules', trackingPlanId: byId('tp_001'), returnAll: true }],
		['Tracking Plan: Replace Rules', { resource: 'trackingPlan', operation: 'replaceRules', trackingPlanId: byId('tp_002'), rules: JSON.stringify([rule]) }],
		['Warehouse: Get Many', { resource: 'warehouse', operation: 'getAll', returnAll: true }],
		['Warehouse: Get', { resource: 'warehouse', operation: 'get', warehouseId: byId('wh_001') }],
		['Privacy Request: Create', { resource: 'privacyRequest', operation: 'create', scope: 'source', sourceId: byId('src_001'), regulationType: 'DELETE_ONLY', subjectIds: 'user-e2e-1, user-e2e-2' }],
		['Privacy Request: Get', { resource: 'privacyRequest', operation: 'get', regulateId: "={{ $('Privacy Request: Create').item.json.regulateId }}" }],
		['Privacy Request: Get Many', { resource: 'privacyRequest', operation: 'getAll', returnAll: true, filters: { regulationTypes: ['DELETE_ONLY'] } }],
	]);
}

/**
 * Workspace administration from start to end: a source made, a destination on it, a
 * filter that drops test events there, a test event sent with the new source's write key
 * (by an HTTP Request node, as an app would), and the source deleted again.
 */
export function workspaceAdminWorkflow(id: string, fakeUrl: string, metadataId: string, destinationMetadataId: string): WorkflowFile {
	const publicApi = { segmentPublicApi: { id: 'segmentPublicApiExample', name: 'Segment Public API' } };
	const workflow = chainWorkflow(id, 'E2E: a source made, filtered and deleted', publicApi, [
		['Create Source', { resource: 'source', operation: 'create', metadataId: byId(metadataId), slug: 'e2e-smoke', name: 'E2E Smoke', enabled: true, settings: '{}', includeWriteKeys: true }],
		['Create Destination', { resource: 'destination', operation: 'create', sourceId: byId("={{ $('Create Source').item.json.id }}"), metadataId: byId(destinationMetadataId), name: 'E2E Smoke Destination', enabled: true, settings: '{}' }],
		[
			'Create Filter',
			{
				resource: 'destinationFilter',
				operation: 'create',
				destinationId: byId("={{ $('Create Destination').item.json.id }}"),
				title: 'Drop smoke tests',
				if: 'event = "Smoke Test"',
				actions: { action: [{ type: 'drop' }] },
				enabled: true,
			},
		],
	]);
	const send: WorkflowNode = {
		id: `${id}-send`,
		name: 'Send a Test Event',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		parameters: {
			method: 'POST',
			url: `${fakeUrl}/v1/track`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: "={{ JSON.stringify({ writeKey: $('Create Source').item.json.writeKey, userId: 'e2e-smoke-user', event: 'Smoke Test', messageId: 'e2e-smoke-1' }) }}",
			options: {},
		},
		executeOnce: true,
	};
	const remove: WorkflowNode = {
		id: `${id}-delete`,
		name: 'Delete Source',
		type: 'n8n-nodes-segment.segmentWorkspace',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'source', operation: 'delete', sourceId: byId("={{ $('Create Source').item.json.id }}") },
		credentials: publicApi,
		executeOnce: true,
	};
	return chain(id, workflow.name, [...workflow.nodes, send, remove]);
}

/** Nodes in a row, each feeding the next, laid out left to right. */
export function chain(id: string, name: string, nodes: WorkflowNode[]): WorkflowFile {
	const connections: WorkflowFile['connections'] = {};
	nodes.slice(0, -1).forEach((node, index) => {
		connections[node.name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	});
	nodes.forEach((node, index) => (node.position = [240 * index, 0]));
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** A manual start followed by the package's nodes in a row, each run once whatever came before. */
function chainWorkflow(
	id: string,
	name: string,
	credentials: Record<string, { id: string; name: string }>,
	steps: Array<[string, Record<string, unknown>, Record<string, { id: string; name: string }>?]>,
): WorkflowFile {
	return chain(id, name, [
		{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		...steps.map(([stepName, parameters, stepCredentials], index): WorkflowNode => ({
			id: `${id}-${index}`,
			name: stepName,
			type: segmentNodeType(parameters),
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: stepCredentials ?? credentials,
			// Look-ups return several items; each step runs once whatever came before.
			executeOnce: true,
		})),
	]);
}

/** Every Segment operation in one run: the ones the examples do not use. */
export function allOperationsWorkflow(id: string, userId: string, groupId: string): WorkflowFile {
	const writeKey = { segmentWriteKeyApi: { id: 'segmentWriteKeyExample', name: 'Segment Write Key' } };
	const accessToken = { segmentAccessTokenApi: { id: 'segmentAccessTokenExample', name: 'Segment Access Token' } };
	return chainWorkflow(id, 'E2E: every Segment operation', writeKey, [
		['Page', { resource: 'tracking', operation: 'page', userId, name: 'Pricing', properties: '{"path": "/pricing"}' }],
		['Screen', { resource: 'tracking', operation: 'screen', userId, name: 'Home' }],
		['Alias', { resource: 'tracking', operation: 'alias', userId, previousId: 'anon-e2e' }],
		['Batch', { resource: 'tracking', operation: 'batch', batch: JSON.stringify([{ type: 'track', userId, event: 'E2E Batch Event' }]) }],
		['Get Traits', { resource: 'profile', operation: 'getTraits', identifier: userId, returnAll: true }, accessToken],
		['Get Events', { resource: 'profile', operation: 'getEvents', identifier: userId, returnAll: true }, accessToken],
		['Get External IDs', { resource: 'profile', operation: 'getExternalIds', identifier: userId, returnAll: true }, accessToken],
		['Get Metadata', { resource: 'profile', operation: 'getMetadata', identifier: userId }, accessToken],
		['Get Links', { resource: 'profile', operation: 'getLinks', identifier: userId, returnAll: true }, accessToken],
		['Get Account Traits', { resource: 'profile', operation: 'getTraits', collection: 'accounts', identifier: groupId, returnAll: true }, accessToken],
	]);
}
