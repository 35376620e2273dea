/**
 * The package's nodes as AI tools in a real n8n: the AI agent example, driven by a
 * scripted chat model on loopback, and the Segment MCP server example, called by a real MCP
 * client. What Segment received, what the model was given, and what a client may change.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The SDK's entry points are in its package exports, which the lint's resolver does not read (TypeScript and Node do).
// eslint-disable-next-line import-x/no-unresolved
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
// eslint-disable-next-line import-x/no-unresolved
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import type { FakeSegment } from '../../test/support/fakeSegment';
import { check, waitFor } from './checks';
import { delivered, E2E_ACCESS_TOKEN, E2E_PUBLIC_API_TOKEN, E2E_REQUEST_TOKEN, E2E_WEBHOOK_SECRET, E2E_WRITE_KEY, importWorkflow } from './e2eFixtures';
import type { N8nHome } from './localN8n';
import { publishWorkflow, runN8nOrThrow } from './localN8n';
import type { ModelTurn } from './scriptedModel';
import { contentText, ScriptedModel } from './scriptedModel';
import type { WorkflowFile, WorkflowNode } from './workflows';
import { AI_EXAMPLE_FILES, readExample } from './workflows';

const SECRETS = [E2E_WRITE_KEY, E2E_ACCESS_TOKEN, E2E_PUBLIC_API_TOKEN, E2E_WEBHOOK_SECRET, E2E_REQUEST_TOKEN];
const leaked = (text: string) => SECRETS.filter((secret) => text.includes(secret));

const AGENT_ID = 'e2eAgent';
const MCP_ID = 'e2eMcp';
const MCP_ADMIN_ID = 'e2eMcpAdmin';
const MCP_PATH = 'segment-e2e';
const MCP_ADMIN_PATH = 'segment-e2e-admin';

/** What each chat message asks the scripted model to do, and what it does with the tool's answer. */
function agentScript(turn: ModelTurn) {
	const lastUser = turn.messages.map((message) => message.role).lastIndexOf('user');
	const asked = contentText(turn.messages[lastUser]?.content);
	const answered = turn.messages.slice(lastUser + 1).filter((message) => message.role === 'tool');
	const track = turn.tools.find((tool) => /^Track/.test(tool.name));
	if (answered.length > 0) return { text: `The tool answered: ${contentText(answered[0].content)}` };
	if (!track) return { text: 'No tracking tool was offered.' };
	if (asked.includes('BAD-PROPERTIES')) return { toolCalls: [{ name: track.name, arguments: { userId: 'agent-user-2', event: 'Trial Started', properties: 'plan is pro' } }] };
	return { toolCalls: [{ name: track.name, arguments: { userId: 'agent-user-1', event: 'Trial Started', properties: '{"plan": "pro"}' } }] };
}

export interface AgentSetUp {
	model: ScriptedModel;
	chatUrl: (n8nUrl: string) => string;
}

const segmentTool = (id: string, name: string, parameters: Record<string, unknown>): WorkflowNode => ({
	id,
	name,
	type: 'n8n-nodes-segment.segmentWorkspaceTool',
	typeVersion: 1,
	position: [0, 400],
	parameters,
	credentials: { segmentPublicApi: { id: 'segmentPublicApiExample', name: 'Segment Public API' } },
});

function mcpWorkflow(example: WorkflowFile, id: string, path: string, extra: WorkflowNode[]): WorkflowFile {
	const workflow = JSON.parse(JSON.stringify(example)) as WorkflowFile;
	workflow.id = id;
	const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger')!;
	trigger.parameters.path = path;
	(trigger as { webhookId?: string }).webhookId = `${id}-hook`;
	workflow.nodes.push(...extra);
	for (const node of extra) workflow.connections[node.name] = { ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] };
	return workflow;
}

/** Before n8n starts: the model, its credential, and the agent and MCP workflows imported and published. */
export async function setUpAgentAndMcp(home: N8nHome, work: string): Promise<AgentSetUp> {
	const model = await new ScriptedModel(agentScript).start();
	const credentials = join(work, 'openai-credential.json');
	writeFileSync(credentials, JSON.stringify([{ id: 'openAiExample', name: 'OpenAI', type: 'openAiApi', data: { apiKey: 'sk-scripted-model', url: model.url } }]));
	await runN8nOrThrow(home, ['import:credentials', `--input=${credentials}`]);

	// The agent example as shipped, but for the chat opened to the test's requests and a model server that speaks Chat Completions only.
	const agent = JSON.parse(JSON.stringify(readExample(AI_EXAMPLE_FILES.aiAgent))) as WorkflowFile;
	agent.id = AGENT_ID;
	const chat = agent.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger')!;
	chat.parameters.public = true;
	const webhookId = (chat as { webhookId?: string }).webhookId!;
	const chatModel = agent.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')!;
	chatModel.parameters = { ...chatModel.parameters, model: { __rl: true, mode: 'id', value: 'scripted-model' }, responsesApiEnabled: false };
	await importWorkflow(home, work, agent);
	await publishWorkflow(home, AGENT_ID);

	// The MCP example, with two tools a workflow builder should not give a client: a delete, and an operation the model picks.
	const mcp = readExample(AI_EXAMPLE_FILES.mcpServer);
	const deleteSource = (allowed: boolean) =>
		segmentTool(`delete-${allowed}`, 'Delete Source', { resource: 'source', operation: 'delete', allowToolChanges: allowed, sourceId: { __rl: true, mode: 'id', value: "={{ $fromAI('sourceId', 'The source ID', 'string') }}" } });
	const modelPicks = segmentTool('model-picks', 'Source Action', { resource: 'source', operation: "={{ $fromAI('operation', 'What to do with the source', 'string') }}", sourceId: { __rl: true, mode: 'id', value: "={{ $fromAI('sourceId', 'The source ID', 'string') }}" } });
	await importWorkflow(home, work, mcpWorkflow(mcp, MCP_ID, MCP_PATH, [deleteSource(false), modelPicks]));
	await publishWorkflow(home, MCP_ID);
	await importWorkflow(home, work, mcpWorkflow(mcp, MCP_ADMIN_ID, MCP_ADMIN_PATH, [deleteSource(true)]));
	await publishWorkflow(home, MCP_ADMIN_ID);
	return { model, chatUrl: (n8nUrl) => `${n8nUrl}/webhook/${webhookId}/chat` };
}

async function chat(url: string, text: string): Promise<{ status: number; body: string }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'sendMessage', sessionId: `e2e-${Date.now()}`, chatInput: text }) });
	return { status: response.status, body: await response.text() };
}

export async function checkAiAgent(fake: FakeSegment, n8nUrl: string, setUp: AgentSetUp): Promise<void> {
	console.log('\nThe AI agent example: a scripted chat model calls the Segment tools');
	const url = setUp.chatUrl(n8nUrl);
	await waitFor(async () => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined))?.status !== 404, 60_000, 1_000);
	fake.clearRecords();
	const answer = await chat(url, 'Ada (user ID agent-user-1) just started a trial of the pro plan.');
	check('the chat answered', answer.status === 200 && answer.body.includes('The tool answered'), `${answer.status} ${answer.body.slice(0, 500)}`);
	const tracked = delivered(fake, (message) => message.userId === 'agent-user-1');
	check(
		"Segment received the model's track call exactly once, with its arguments",
		tracked.length === 1 && tracked[0].message.event === 'Trial Started' && JSON.stringify(tracked[0].message.properties) === '{"plan":"pro"}',
		JSON.stringify(tracked.map((entry) => entry.message)),
	);
	const offered = setUp.model.turns[0]?.tools ?? [];
	const track = offered.find((tool) => tool.name === 'Track_Event');
	check(
		'the model was offered the four Segment tools',
		['Track_Event', 'Identify_User', 'Look_Up_Customer', 'Check_Audiences'].every((name) => offered.some((tool) => tool.name === name)),
		offered.map((tool) => tool.name).join(', '),
	);
	check("…with the track tool's description saying what it does", track?.description.startsWith('Track an event a person did') === true, track?.description);
	const properties = (track?.parameters.properties ?? {}) as Record<string, { description?: string }>;
	check('…and the fields the model fills described, the IDs optional', Boolean(properties.event?.description?.includes('Order Completed')) && !((track?.parameters.required ?? []) as string[]).includes('anonymousId'), JSON.stringify(track?.parameters));
	check('no secret in what the model was given', leaked(JSON.stringify(setUp.model.turns)).length === 0, leaked(JSON.stringify(setUp.model.turns)).join(', '));

	const bad = await chat(url, 'BAD-PROPERTIES: record that agent-user-2 started a trial.');
	const toolAnswer = contentText(setUp.model.turns.at(-1)?.messages.find((message) => message.role === 'tool')?.content);
	check('properties that are not JSON: the model reads what to send instead', /Properties is not valid JSON/.test(toolAnswer) && /\{\\?"plan\\?": \\?"pro\\?"\}/.test(toolAnswer), toolAnswer || bad.body.slice(0, 500));
	check('…and nothing was sent for that user', delivered(fake, (message) => message.userId === 'agent-user-2').length === 0);
}

interface ToolResult {
	isError: boolean;
	text: string;
}

async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
	try {
		const result = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content?: Array<{ type: string; text?: string }> };
		return { isError: result.isError === true, text: (result.content ?? []).map((part) => part.text ?? '').join('\n') };
	} catch (error) {
		return { isError: true, text: (error as Error).message };
	}
}

async function connect(url: string): Promise<Client> {
	let lastError: unknown;
	// n8n answers its health check before it has registered the published MCP paths.
	for (let attempt = 0; attempt < 30; attempt++) {
		const client = new Client({ name: 'n8n-nodes-segment-e2e', version: '1.0.0' });
		try {
			await client.connect(new StreamableHTTPClientTransport(new URL(url)));
			return client;
		} catch (error) {
			lastError = error;
			await new Promise((resolve) => setTimeout(resolve, 1_000));
		}
	}
	throw lastError;
}

export async function checkMcpServer(fake: FakeSegment, n8nUrl: string): Promise<void> {
	console.log('\nThe Segment MCP server example, called by a real MCP client');
	const client = await connect(`${n8nUrl}/mcp/${MCP_PATH}`);
	try {
		const { tools } = await client.listTools();
		const names = tools.map((tool) => tool.name);
		check(
			'the client lists the read-first tools and tracking',
			['List_Sources', 'Delivery_Failures', 'Events_Received', 'Event_Volume', 'Monthly_Tracked_Users', 'Audit_Trail', 'Look_Up_Customer', 'Check_Audiences', 'Track_Event'].every((name) => names.includes(name)),
			names.join(', '),
		);
		check('every tool has a description and an argument schema', tools.every((tool) => (tool.description ?? '').split(' ').length >= 6 && tool.inputSchema.type === 'object'), JSON.stringify(tools.map((tool) => [tool.name, tool.description])));
		check('no secret in the tools a client sees', leaked(JSON.stringify(tools)).length === 0);

		fake.clearRecords();
		const tracked = await callTool(client, 'Track_Event', { userId: 'mcp-user-1', event: 'Order Completed', properties: '{"revenue": 10}' });
		check('Track_Event: done', !tracked.isError && tracked.text.includes('"success":true'), tracked.text.slice(0, 300));
		check('…and delivered to Segment exactly once', delivered(fake, (message) => message.userId === 'mcp-user-1').length === 1);

		const sources = await callTool(client, 'List_Sources', {});
		const keys = fake.workspace.sources.flatMap((source) => (source.writeKeys as string[] | undefined) ?? []);
		check('List_Sources: the sources, their write keys by the last four characters only', !sources.isError && sources.text.includes('writeKeyEndings') && keys.every((key) => !sources.text.includes(key)), sources.text.slice(0, 300));
		const failures = await callTool(client, 'Delivery_Failures', { sourceId: 'src_001', destinationId: 'dst_001' });
		check('Delivery_Failures: a summary', !failures.isError && failures.text.includes('"total"'), failures.text.slice(0, 300));

		const before = fake.workspace.sources.length;
		const refused = await callTool(client, 'Delete_Source', { sourceId: 'src_003' });
		check('Delete_Source, not allowed: refused in words that tell the client why', refused.isError && refused.text.includes('Allow Changes When Used as a Tool'), refused.text.slice(0, 400));
		const picked = await callTool(client, 'Source_Action', { operation: 'delete', sourceId: 'src_003' });
		check('an operation the model fills ($fromAI): refused', picked.isError && picked.text.includes('Operation is an expression'), picked.text.slice(0, 400));
		check('…and nothing was deleted', fake.workspace.sources.length === before && !fake.requests.some((request) => request.method === 'DELETE'));
		check('no secret in any answer', leaked(JSON.stringify([tracked, sources, failures, refused, picked])).length === 0);
	} finally {
		await client.close();
	}

	const admin = await connect(`${n8nUrl}/mcp/${MCP_ADMIN_PATH}`);
	try {
		const deleted = await callTool(admin, 'Delete_Source', { sourceId: 'src_003' });
		check('Delete_Source with Allow Changes When Used as a Tool on: done', !deleted.isError && !fake.workspace.sources.some((source) => source.id === 'src_003'), deleted.text.slice(0, 300));
	} finally {
		await admin.close();
	}
}
