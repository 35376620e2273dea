import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { changeOperationsOf } from '../nodes/SegmentWorkspace/actions/toolFields';
import { isReadOperation } from '../nodes/shared/actions/toolUse';
import { secretForms } from '../nodes/shared/transport/redact';
import { ACCESS_TOKEN, accessTokenCredentials, PUBLIC_API_TOKEN, publicApiCredentials, SPACE_ID, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { callTools, nodeTypes, runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { useFakeSegment } from './support/fixtures';
import { captureLogs } from './support/logs';
import { picked, publicApiCalls } from './support/publicApiFixtures';

// The action nodes as n8n's AI tools: built and called by n8n-core itself (the path of the
// AI Agent's tools and of the MCP Server Trigger), against the fake Segment.

const server = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, accessTokens: { [ACCESS_TOKEN]: SPACE_ID } }));
const logs = captureLogs();
const credentials = () => ({ ...writeKeyCredentials(server.fake.url), ...accessTokenCredentials(server.fake.url), ...publicApiCredentials(server.fake.url) });
const SECRETS = secretForms([WRITE_KEY, ACCESS_TOKEN, PUBLIC_API_TOKEN]);
const fromAI = (key: string, description: string, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;

beforeEach(() => {
	server.fake.workspace.seed();
	server.fake.forgetMessageIds();
});

const TRACK_TOOL = {
	name: 'Track Event',
	type: 'segment',
	parameters: {
		resource: 'tracking',
		operation: 'track',
		userId: fromAI('userId', 'The user ID of the person, e.g. user-123'),
		event: fromAI('event', 'The event name in Object Action form, e.g. Order Completed'),
		properties: fromAI('properties', 'The event properties as JSON object text, e.g. {"revenue": 49.9}'),
	},
};

describe('tracking and reads work as configured', () => {
	test("a track call with the model's arguments reaches Segment exactly once, and the model reads back the message ID", async () => {
		const { tools, answers } = await callTools({ tools: [TRACK_TOOL], calls: [{ tool: 'Track_Event', arguments: { userId: 'ada', event: 'Trial Started', properties: '{"plan": "pro"}' } }], credentials: credentials() });
		expect(tools.map((tool) => tool.name)).toEqual(['Track_Event']);
		expect(answers).toEqual([{ tool: 'Track_Event', answer: [expect.objectContaining({ success: true, event: 'Trial Started', userId: 'ada' })] }]);
		expect(server.fake.delivered.map(({ message }) => [message.type, message.userId, message.event, message.properties])).toEqual([['track', 'ada', 'Trial Started', { plan: 'pro' }]]);
	});

	test('properties that are no JSON object: the message the model reads says what to send instead, and nothing is sent', async () => {
		const { answers } = await callTools({ tools: [TRACK_TOOL], calls: [{ tool: 'Track_Event', arguments: { userId: 'ada', event: 'Trial Started', properties: '{"plan": pro}' } }], credentials: credentials() });
		expect(answers[0].error).toMatch(/^Properties is not valid JSON.*Write a JSON object such as \{"plan": "pro"\}/s);
		expect(server.fake.delivered).toEqual([]);
	});

	test('reads of every node run as a tool: profile traits, sources, delivery metrics', async () => {
		await runNode({ parameters: { resource: 'tracking', operation: 'identify', userId: 'ada', traits: '{"plan": "pro"}' }, items: [{}], credentials: credentials() });
		const { answers } = await callTools({
			tools: [
				{ name: 'Profile Traits', type: 'segmentProfile', parameters: { resource: 'profile', operation: 'getTraits', identifier: fromAI('userId', 'The user ID') } },
				{ name: 'Sources', type: 'segmentWorkspace', parameters: { resource: 'source', operation: 'getAll', returnAll: true } },
				{ name: 'Deliveries', type: 'segmentWorkspace', parameters: { resource: 'deliveryOverview', operation: 'getSourceMetrics', stage: 'successfullyReceived', sourceId: picked('src_001'), output: 'summary' } },
			],
			calls: [
				{ tool: 'Profile_Traits', arguments: { userId: 'ada' } },
				{ tool: 'Sources', arguments: {} },
				{ tool: 'Deliveries', arguments: {} },
			],
			credentials: credentials(),
		});
		expect(answers.map((answer) => answer.error)).toEqual([undefined, undefined, undefined]);
		expect(answers[0].answer).toEqual([expect.objectContaining({ identifier: 'ada', traits: { plan: 'pro' } })]);
		expect((answers[1].answer as unknown[]).length).toBe(server.fake.workspace.sources.length);
		expect(answers[2].answer).toEqual([expect.objectContaining({ total: expect.any(Number) })]);
	});
});

describe('changes are refused to a model unless the workflow builder allowed them', () => {
	const changes = changeOperationsOf(nodeTypes.segmentWorkspace.description.properties);
	const pairs = nodeTypes.segmentWorkspace.description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) => ((property.options ?? []) as Array<{ value: string }>).map((option) => [property.displayOptions!.show!.resource![0] as string, option.value] as const))
		.filter(([, operation]) => !isReadOperation(operation));

	test('every operation that is not a look-up counts as a change, named or added later', () => {
		expect(changes).toEqual(['addLabels', 'addSource', 'cancelSync', 'create', 'createWriteKey', 'delete', 'deleteSubscription', 'deploy', 'removeRules', 'removeSource', 'removeWriteKey', 'replaceLabels', 'replaceRules', 'run', 'startSync', 'update', 'updateRules', 'updateSchemaSettings', 'updateSubscription']);
		expect(pairs.length).toBe(33);
	});

	test.each(pairs)('%s → %s as a tool: refused before anything is sent, in words that tell the model to stop', async (resource, operation) => {
		const { answers } = await callTools({ tools: [{ name: 'Workspace Change', type: 'segmentWorkspace', parameters: { resource, operation } }], calls: [{ tool: 'Workspace_Change', arguments: {} }], credentials: credentials() });
		expect(answers[0].error).toMatch(/^Refused: ".+" changes the Segment workspace, and this tool may only read\. Nothing was sent\. Do not try again.*"Allow Changes When Used as a Tool" on the node "Workspace Change"/);
		expect(server.fake.requests).toEqual([]);
	});

	test('with Allow Changes When Used as a Tool on, the change is made', async () => {
		const { answers } = await callTools({
			tools: [{ name: 'Delete Source', type: 'segmentWorkspace', parameters: { resource: 'source', operation: 'delete', allowToolChanges: true, sourceId: picked(fromAI('sourceId', 'The ID of the source to delete, e.g. src_123'), 'id') } }],
			calls: [{ tool: 'Delete_Source', arguments: { sourceId: 'src_003' } }],
			credentials: credentials(),
		});
		expect(answers).toEqual([{ tool: 'Delete_Source', answer: [expect.objectContaining({ id: 'src_003', deleted: true })] }]);
		expect(server.fake.workspace.sources.map((source) => source.id)).not.toContain('src_003');
	});

	test('the switch cannot be turned on by an expression, nor by the model', async () => {
		const { answers } = await callTools({
			tools: [{ name: 'Delete Source', type: 'segmentWorkspace', parameters: { resource: 'source', operation: 'delete', allowToolChanges: fromAI('allow', 'Whether to allow', 'boolean'), sourceId: picked('src_003', 'id') } }],
			calls: [{ tool: 'Delete_Source', arguments: { allow: true } }],
			credentials: credentials(),
		});
		expect(answers[0].error).toMatch(/^Allow Changes When Used as a Tool is an expression; it must be chosen in the editor\. Nothing was sent/);
		expect(server.fake.requests).toEqual([]);
	});

	test('a privacy request takes one subject per call from a model, even when allowed', async () => {
		const tool = { name: 'Delete Data', type: 'segmentWorkspace', parameters: { resource: 'privacyRequest', operation: 'create', allowToolChanges: true, regulationType: 'DELETE_ONLY', subjectIds: fromAI('subjectId', 'The user ID whose data to delete') } };
		const { answers } = await callTools({ tools: [tool], calls: [{ tool: 'Delete_Data', arguments: { subjectId: 'ada, grace' } }, { tool: 'Delete_Data', arguments: { subjectId: 'ada' } }], credentials: credentials() });
		expect(answers[0].error).toMatch(/^Subject IDs holds 2 subjects; as a tool, a privacy request takes one subject per call\. Nothing was sent\. Call the tool once for each person/);
		expect(answers[1].answer).toEqual([expect.objectContaining({ regulateId: expect.any(String), subjectIds: ['ada'] })]);
		expect(publicApiCalls(server.fake).filter((call) => call.method === 'POST')).toHaveLength(1);
	});
});

describe('the tool scope cannot be escaped: resource and operation are chosen in the editor', () => {
	test('an operation a model fills with $fromAI is refused, and nothing is sent', async () => {
		const { answers } = await callTools({
			tools: [{ name: 'Sources', type: 'segmentWorkspace', parameters: { resource: 'source', operation: fromAI('operation', 'What to do'), sourceId: picked('src_001', 'id') } }],
			calls: [{ tool: 'Sources', arguments: { operation: 'delete' } }],
			credentials: credentials(),
		});
		expect(answers[0].error).toMatch(/^Operation is an expression; it must be chosen in the editor\. Nothing was sent/);
		expect(server.fake.requests).toEqual([]);
		expect(server.fake.workspace.sources.map((source) => source.id)).toContain('src_001');
	});

	test.each([
		['segment', { resource: 'tracking', operation: '={{ $json.op }}', userId: 'u', event: 'E' }, 'Operation'],
		['segmentProfile', { resource: '={{ "profile" }}', operation: 'getTraits', identifier: 'u' }, 'Resource'],
		['segmentWorkspace', { resource: 'source', operation: '={{ $json.op }}', sourceId: picked('src_001', 'id') }, 'Operation'],
	])('%s run in a workflow with an expression in its resource or operation: refused, every item marked under Continue On Fail', async (type, parameters, label) => {
		const refused = await runNode({ type, parameters, items: [{ op: 'delete' }], credentials: credentials() });
		expect(refused.error?.message).toBe(`${label} is an expression; it must be chosen in the editor. Nothing was sent`);
		const marked = await runNode({ type, parameters, items: [{ op: 'delete' }, { op: 'get' }], credentials: credentials(), continueOnFail: true });
		expect(marked.output.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[`${label} is an expression; it must be chosen in the editor. Nothing was sent`, { item: 0 }],
			[`${label} is an expression; it must be chosen in the editor. Nothing was sent`, { item: 1 }],
		]);
		expect(server.fake.requests).toEqual([]);
	});
});

describe('write keys stay out of outputs', () => {
	test('a model never gets a write key in full, whatever the node asks', async () => {
		const { answers } = await callTools({
			tools: [
				{ name: 'Sources', type: 'segmentWorkspace', parameters: { resource: 'source', operation: 'getAll', returnAll: true, includeWriteKeys: true } },
				{ name: 'New Key', type: 'segmentWorkspace', parameters: { resource: 'source', operation: 'createWriteKey', allowToolChanges: true, sourceId: picked('src_001', 'id') } },
			],
			calls: [
				{ tool: 'Sources', arguments: {} },
				{ tool: 'New_Key', arguments: {} },
			],
			credentials: credentials(),
		});
		const keys = server.fake.workspace.sources.flatMap((source) => source.writeKeys as string[]);
		expect(keys.length).toBeGreaterThan(3);
		const shown = JSON.stringify(answers);
		for (const key of keys) expect(shown.includes(key) ? key : 'absent').toBe('absent');
		expect(answers[0].answer).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'src_001', writeKeyEndings: ['…_001'] })]));
		expect(answers[1].answer).toEqual([expect.objectContaining({ sourceId: 'src_001', writeKeyEnding: expect.stringMatching(/^….{4}$/) })]);
	});

	test('in a workflow, only when asked (Include Write Keys), and Create Write Key shows its new key', async () => {
		const hidden = await runNode({ parameters: { resource: 'source', operation: 'getAll', returnAll: true }, items: [{}], credentials: credentials() });
		expect(JSON.stringify(hidden.output)).not.toMatch(/"writeKeys?"/);
		const shown = await runNode({ parameters: { resource: 'source', operation: 'getAll', returnAll: true, includeWriteKeys: true }, items: [{}], credentials: credentials() });
		expect(shown.output[0].json.writeKeys).toEqual(['wk_001']);
		const made = await runNode({ parameters: { resource: 'source', operation: 'createWriteKey', sourceId: picked('src_001', 'id') }, items: [{}], credentials: credentials() });
		expect(made.output[0].json.writeKey).toEqual(expect.stringMatching(/^wk/));
	});
});

describe('what a model is offered', () => {
	const everyTool = [
		TRACK_TOOL,
		{ name: 'Delete Source', type: 'segmentWorkspace', parameters: { resource: 'source', operation: 'delete', sourceId: picked(fromAI('sourceId', 'The source ID, e.g. src_123'), 'id') } },
		{ name: 'Erase Person', type: 'segmentWorkspace', parameters: { resource: 'privacyRequest', operation: 'create', regulationType: 'DELETE_ONLY', subjectIds: fromAI('userId', 'The user ID') } },
		{ name: 'Audiences', type: 'segmentProfile', parameters: { resource: 'profile', operation: 'getAudiences', identifier: fromAI('userId', 'The user ID') } },
	];

	test('each tool says what the call does and, for a change, what it loses; the schema holds the fields the model fills, and no secret', async () => {
		const { tools } = await callTools({ tools: everyTool, calls: [], credentials: credentials() });
		const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
		expect(byName.Track_Event.description).toBe('Track an event a person did such as a completed order with its properties for every destination of the source in Segment');
		expect(byName.Delete_Source.description).toBe('Delete a source for good so that every event sent to it is dropped and its connections are removed in Segment Workspace');
		expect(byName.Erase_Person.description).toBe('Create a privacy request that deletes or suppresses the data of a person for good under GDPR or CCPA in Segment Workspace');
		expect(byName.Track_Event.schema).toEqual(expect.objectContaining({ required: ['userId', 'event', 'properties'], properties: expect.objectContaining({ event: { type: 'string', description: 'The event name in Object Action form, e.g. Order Completed' } }) }));
		const offered = JSON.stringify(tools);
		for (const form of SECRETS) expect(offered.includes(form) ? form : 'absent').toBe('absent');
		expect(JSON.stringify(logs)).not.toContain(PUBLIC_API_TOKEN);
	});

	test('every action of the three nodes is a sentence a model can act on: what it does, and for a change what it changes', () => {
		for (const type of ['segment', 'segmentProfile', 'segmentWorkspace']) {
			for (const property of nodeTypes[type].description.properties.filter((candidate) => candidate.name === 'operation')) {
				for (const option of property.options as Array<{ value: string; action: string }>) {
					// More than the verb and the thing: what comes back, or what changes.
					expect([option.value, option.action.split(' ').length >= 7]).toEqual([option.value, true]);
				}
			}
		}
	});
});

describe("the editor shows the switches where they apply (n8n's own display rules)", () => {
	const visible = (type: string, parameters: INodeParameters, name: string) => {
		const description = nodeTypes[type].description;
		const node = { parameters, typeVersion: 1 } as unknown as INode;
		return description.properties.filter((property) => property.name === name).some((property) => NodeHelpers.displayParameter(parameters, property, node, description));
	};

	test('Allow Changes When Used as a Tool: on the tool, for its changes only; never on the node in a workflow', () => {
		expect(visible('segmentWorkspaceTool', { resource: 'source', operation: 'delete' }, 'allowToolChanges')).toBe(true);
		expect(visible('segmentWorkspaceTool', { resource: 'privacyRequest', operation: 'create' }, 'allowToolChanges')).toBe(true);
		expect(visible('segmentWorkspaceTool', { resource: 'source', operation: 'getAll' }, 'allowToolChanges')).toBe(false);
		expect(visible('segmentWorkspaceTool', { resource: 'audience', operation: 'preview' }, 'allowToolChanges')).toBe(false);
		expect(visible('segmentWorkspace', { resource: 'source', operation: 'delete' }, 'allowToolChanges')).toBe(false);
	});

	test('Include Write Keys: on the node in a workflow, never on the tool', () => {
		expect(visible('segmentWorkspace', { resource: 'source', operation: 'getAll' }, 'includeWriteKeys')).toBe(true);
		expect(visible('segmentWorkspaceTool', { resource: 'source', operation: 'getAll' }, 'includeWriteKeys')).toBe(false);
	});
});

describe('the AI examples: every tool answers as a client calls it, and none changes the workspace', () => {
	const ARGUMENTS: Record<string, string> = { userId: 'ada', anonymousId: '', sourceId: 'src_001', destinationId: 'dst_001', event: 'Order Completed', properties: '{"revenue": 49.9}', traits: '{"plan": "pro"}' };

	test.each(['ai-agent-segment-tools.json', 'segment-mcp-server.json'])('%s', async (file) => {
		const workflow = JSON.parse(readFileSync(join(__dirname, '..', 'examples', file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> };
		const segmentTools = workflow.nodes.filter((node) => node.type.startsWith('n8n-nodes-segment.'));
		expect(segmentTools.every((node) => node.type.endsWith('Tool'))).toBe(true);
		expect(segmentTools.filter((node) => node.parameters.resource !== 'tracking' && !isReadOperation(String(node.parameters.operation)))).toEqual([]);
		await runNode({ parameters: { resource: 'tracking', operation: 'identify', userId: 'ada', traits: '{"plan": "pro"}' }, items: [{}], credentials: credentials() });
		server.fake.clearRecords();
		const tools = segmentTools.map((node) => ({ name: node.name, type: node.type.replace('n8n-nodes-segment.', '').replace(/Tool$/, ''), parameters: node.parameters }));
		const listed = await callTools({ tools, calls: [], credentials: credentials() });
		// The model fills only what it must: IDs it may not have are optional.
		for (const tool of listed.tools) expect([tool.name, ((tool.schema.required ?? []) as string[]).filter((key) => ['anonymousId', 'properties'].includes(key))]).toEqual([tool.name, []]);
		const calls = listed.tools.map((tool) => ({ tool: tool.name, arguments: Object.fromEntries(Object.keys((tool.schema.properties ?? {}) as object).map((key) => [key, ARGUMENTS[key]])) }));
		const { answers } = await callTools({ tools, calls, credentials: credentials() });
		expect(answers.filter((answer) => answer.error !== undefined)).toEqual([]);
		expect(server.fake.delivered.filter(({ message }) => message.type === 'track').map(({ message }) => [message.userId, message.event, message.properties])).toEqual([['ada', 'Order Completed', { revenue: 49.9 }]]);
		expect(publicApiCalls(server.fake).filter((call) => call.method !== 'GET')).toEqual([]);
	});
});
