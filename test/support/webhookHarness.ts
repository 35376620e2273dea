import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWebhookData,
	IWebhookFunctions,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { additionalData, nodeTypes, nodeTypesRegistry } from './engine';

/**
 * The Segment Webhook Trigger behind a real HTTP server on loopback, handled the way n8n
 * 2.41's webhook server handles a production webhook: the raw body is read with a size limit
 * (n8n answers 500 past it), JSON is parsed when the request says it is JSON (422 when it is not), the
 * node's webhook() runs in n8n-core's WebhookContext, a refusal the node answered itself
 * stands, and otherwise n8n answers 200 at once (response mode onReceived) and runs the
 * workflow, trigger then a Collect node, through WorkflowExecute. Activation and
 * deactivation run the node's webhookMethods in a HookContext, as n8n does.
 */

export const WEBHOOK_ID = '3f1c2b5e-8a7d-4e2f-9b6c-1d0e5a4f7c21';
const TRIGGER_NAME = 'Segment Webhook Trigger';
const COLLECT_NAME = 'Collect';

export interface HarnessOptions {
	parameters: Record<string, unknown>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	workflowName?: string;
	/** n8n's N8N_PAYLOAD_SIZE_MAX, in bytes here. */
	payloadSizeMaxBytes?: number;
	/** The trigger's version in the saved workflow; the newest by default. */
	typeVersion?: number;
}

export interface Answer {
	status: number;
	body: unknown;
}

export interface Execution {
	/** What the trigger handed to n8n, and what reached the next node. */
	collected: IDataObject[];
}

type ExpressLikeRequest = IncomingMessage & { rawBody?: Buffer; readRawBody: () => Promise<void>; body?: unknown; contentType?: string };
type ExpressLikeResponse = ServerResponse & { status(code: number): ExpressLikeResponse; json(body: unknown): ExpressLikeResponse; send(body: unknown): ExpressLikeResponse };

class PayloadTooLarge extends Error {}

function readLimited(request: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				request.removeAllListeners('data');
				request.resume();
				reject(new PayloadTooLarge('request entity too large'));
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function expressLike(response: ServerResponse): ExpressLikeResponse {
	const res = response as ExpressLikeResponse;
	res.status = (code) => {
		res.statusCode = code;
		return res;
	};
	res.json = (body) => {
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify(body));
		return res;
	};
	res.send = (body) => {
		res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
		return res;
	};
	return res;
}

export class WebhookHarness {
	url = '';
	/** The workflow's static data, kept across activation, deliveries and deactivation. */
	readonly staticData: IDataObject = {};
	readonly executions: Execution[] = [];
	/** Errors thrown out of the node's webhook(): n8n would answer 500 and record a failed execution. */
	readonly thrown: Error[] = [];
	private server: Server | undefined;
	private readonly pending = new Set<Promise<void>>();

	constructor(private options: HarnessOptions) {}

	/** Changes the node's parameters, as editing the workflow would. */
	configure(options: Partial<HarnessOptions>): void {
		this.options = { ...this.options, ...options };
	}

	async start(): Promise<this> {
		this.server = createServer((request, response) => {
			const handled = this.handle(request as ExpressLikeRequest, expressLike(response)).catch((error: unknown) => {
				this.thrown.push(error as Error);
				if (!response.headersSent) expressLike(response).status(500).json({ message: 'Workflow Webhook Error: Workflow could not be started!' });
			});
			this.pending.add(handled);
			void handled.finally(() => this.pending.delete(handled));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		await this.settled();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** Waits until every delivery under way has run its workflow. */
	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.all(this.pending);
	}

	/** The production URL n8n gives this trigger. */
	get productionUrl(): string {
		return `${this.url}/webhook/${WEBHOOK_ID}/webhook`;
	}

	/** Sends one delivery to the production URL and returns n8n's answer. */
	async post(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
		const response = await fetch(this.productionUrl, { method: 'POST', headers, body });
		const text = await response.text();
		await this.settled();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: kept as text
		}
		return { status: response.status, body: parsed };
	}

	/** Activating the workflow: n8n asks checkExists, and calls create when it answers false. */
	async activate(activation: 'activate' | 'update' | 'init' = 'activate'): Promise<void> {
		const context = this.hookContext('trigger', activation);
		const methods = nodeTypes.segmentWebhookTrigger.webhookMethods!.default!;
		if (!(await methods.checkExists!.call(context))) await methods.create!.call(context);
	}

	/** Deactivating: n8n 2.41 runs delete in mode internal, activation update. */
	async deactivate(): Promise<void> {
		await nodeTypes.segmentWebhookTrigger.webhookMethods!.default!.delete!.call(this.hookContext('internal', 'update'));
	}

	/**
	 * n8n's "Listen for test event", as n8n 2.41's TestWebhooks runs it: the set-up for the
	 * test URL (mode and activation manual) with a copy of the workflow's static data, and
	 * delete (internal, update) when listening stops, with that copy.
	 */
	async listenForTestEvent(): Promise<{ stop(): Promise<void>; staticData: IDataObject }> {
		const staticData = JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
		const methods = nodeTypes.segmentWebhookTrigger.webhookMethods!.default!;
		const context = this.hookContext('manual', 'manual', staticData, true);
		if (!(await methods.checkExists!.call(context))) await methods.create!.call(context);
		return {
			staticData,
			stop: async () => void (await methods.delete!.call(this.hookContext('internal', 'update', staticData, true))),
		};
	}

	private triggerNode(): INode {
		return {
			id: 'segment-webhook-trigger',
			name: TRIGGER_NAME,
			type: 'segmentWebhookTrigger',
			typeVersion: this.options.typeVersion ?? 2,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: this.options.parameters as INodeParameters,
			credentials: Object.fromEntries(Object.keys(this.options.credentials ?? {}).map((type) => [type, { id: type, name: type }])),
		};
	}

	private workflow(staticData: IDataObject = this.staticData): { workflow: Workflow; data: IWorkflowExecuteAdditionalData; nodes: INode[] } {
		const trigger = this.triggerNode();
		const collect: INode = { id: 'collect', name: COLLECT_NAME, type: 'start', typeVersion: 1, position: [200, 0], parameters: {} };
		const connections = { [TRIGGER_NAME]: { main: [[{ node: COLLECT_NAME, type: NodeConnectionTypes.Main, index: 0 }]] } };
		const name = this.options.workflowName ?? 'Webhook test';
		const workflow = new Workflow({ id: 'webhook-workflow', name, nodes: [trigger, collect], connections, active: true, settings: {}, staticData, nodeTypes: nodeTypesRegistry });
		const workflowData = { id: 'webhook-workflow', name, nodes: [trigger, collect], connections, settings: {}, active: true } as unknown as IWorkflowBase;
		const data = additionalData(this.options.credentials ?? {}, workflowData, 'webhook');
		Object.assign(data, { webhookBaseUrl: `${this.url}/webhook`, webhookTestBaseUrl: `${this.url}/webhook-test` });
		return { workflow, data, nodes: [trigger, collect] };
	}

	/** The trigger's webhook, as n8n registers it (for the test URL while listening for a test event). */
	private webhookData(data: IWorkflowExecuteAdditionalData, isTest = false): IWebhookData {
		return {
			httpMethod: 'POST',
			node: TRIGGER_NAME,
			path: `${WEBHOOK_ID}/webhook`,
			webhookDescription: nodeTypes.segmentWebhookTrigger.description.webhooks![0],
			workflowId: 'webhook-workflow',
			workflowExecuteAdditionalData: data,
			webhookId: WEBHOOK_ID,
			isTest,
		};
	}

	private hookContext(mode: 'trigger' | 'internal' | 'manual', activation: 'activate' | 'update' | 'init' | 'manual', staticData?: IDataObject, isTest = false): HookContext {
		const { workflow, data } = this.workflow(staticData);
		return new HookContext(workflow, workflow.getNode(TRIGGER_NAME)!, data, mode, activation, this.webhookData(data, isTest));
	}

	private async handle(req: ExpressLikeRequest, res: ExpressLikeResponse): Promise<void> {
		// As n8n does for each request: the workflow and its static data as last saved, loaded
		// before the body is read, and saved again once the trigger has answered. Deliveries
		// side by side each start from the same copy.
		const saved = JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
		// n8n reads the workflow from its database here: other requests go on meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 5));
		const limit = this.options.payloadSizeMaxBytes ?? 16 * 1024 * 1024;
		req.readRawBody = async () => {
			req.rawBody ??= await readLimited(req, limit);
		};
		req.contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim();
		const tooLarge = await req.readRawBody().then(
			() => false,
			(error: unknown) => {
				if (error instanceof PayloadTooLarge) return true;
				throw error as Error;
			},
		);
		// n8n 2.41 reads the body before any node runs and answers its own limit with a 500.
		if (tooLarge) return void res.status(500).json({ code: 500, message: 'request entity too large' });
		if (req.contentType === 'application/json' && req.rawBody!.length > 0) {
			try {
				req.body = JSON.parse(req.rawBody!.toString('utf8'));
			} catch {
				return void res.status(422).json({ message: 'Failed to parse request body' });
			}
		}
		req.body ??= {};

		const { workflow, data } = this.workflow(saved);
		const trigger = workflow.getNode(TRIGGER_NAME)!;
		Object.assign(data, { httpRequest: req, httpResponse: res });
		const context = new WebhookContext(workflow, trigger, data, 'webhook', this.webhookData(data), [], null);
		const result = await nodeTypes.segmentWebhookTrigger.webhook!.call(context as unknown as IWebhookFunctions);
		for (const key of Object.keys(this.staticData)) delete this.staticData[key];
		Object.assign(this.staticData, workflow.staticData);
		if (result.noWebhookResponse) return;
		if (result.workflowData === undefined) return void res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
		res.status(200).json({ message: 'Workflow was started' });
		const run = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: trigger, data: { main: result.workflowData }, source: null }] } });
		const executed = await new WorkflowExecute(data, 'webhook', run).processRunExecutionData(workflow);
		const collected = (executed.data.resultData.runData[COLLECT_NAME]?.[0]?.data?.main?.[0] ?? []) as INodeExecutionData[];
		this.executions.push({ collected: collected.map((item) => item.json) });
	}
}
