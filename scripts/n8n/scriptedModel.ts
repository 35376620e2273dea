import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A chat model on loopback that speaks OpenAI's Chat Completions (what n8n's OpenAI Chat
 * Model sends with its Responses API switch off), scripted instead of trained: each turn,
 * the script reads the conversation and answers with tool calls or with text. It records
 * every request, so that a check can read what n8n gave the model (the tools' names,
 * descriptions and argument schemas, and what each tool call answered).
 */

export interface OfferedTool {
	name: string;
	description: string;
	parameters: Record<string, unknown>;
}

export interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ModelTurn {
	messages: ChatMessage[];
	tools: OfferedTool[];
}

export type ModelAnswer = { text: string } | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> };

export type ModelScript = (turn: ModelTurn) => ModelAnswer;

/** The text of a message's content, whether n8n sent a string or parts. */
export function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
	return '';
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

export class ScriptedModel {
	readonly turns: ModelTurn[] = [];
	private server: Server | undefined;
	private count = 0;
	url = '';

	constructor(private readonly script: ModelScript) {}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			this.answer(request, response).catch((error: unknown) => {
				response.writeHead(500, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ error: { message: String(error) } }));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
		return this;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = (request.url ?? '').split('?')[0];
		if (request.method === 'GET' && path.endsWith('/models')) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-model', object: 'model', created: 0, owned_by: 'e2e' }] }));
			return;
		}
		if (request.method !== 'POST' || !path.endsWith('/chat/completions')) {
			response.writeHead(404, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ error: { message: `Only Chat Completions here, not ${request.method} ${path}` } }));
			return;
		}
		const body = JSON.parse(await readBody(request)) as { messages?: ChatMessage[]; tools?: Array<{ function: OfferedTool }>; stream?: boolean; model?: string };
		const turn: ModelTurn = { messages: body.messages ?? [], tools: (body.tools ?? []).map((tool) => tool.function) };
		this.turns.push(turn);
		const answer = this.script(turn);
		const id = `chatcmpl-${++this.count}`;
		const toolCalls = 'toolCalls' in answer ? answer.toolCalls.map((call, index) => ({ id: `call_${this.count}_${index}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })) : undefined;
		const message = toolCalls ? { role: 'assistant', content: null, tool_calls: toolCalls } : { role: 'assistant', content: (answer as { text: string }).text };
		const finish = toolCalls ? 'tool_calls' : 'stop';
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (!body.stream) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ id, object: 'chat.completion', created: 0, model: body.model ?? 'scripted-model', choices: [{ index: 0, message, finish_reason: finish }], usage }));
			return;
		}
		response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const chunk = (delta: unknown, finishReason: string | null) => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: body.model ?? 'scripted-model', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
		// A streamed tool call carries its position in the list.
		response.write(chunk(toolCalls ? { role: 'assistant', content: null, tool_calls: toolCalls.map((call, index) => ({ index, ...call })) } : { role: 'assistant', content: message.content }, null));
		response.write(chunk({}, finish));
		response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: body.model ?? 'scripted-model', choices: [], usage })}\n\n`);
		response.end('data: [DONE]\n\n');
	}
}
