import type { WorkflowFile, WorkflowNode } from '../n8n/workflows';
import { segmentNodeType } from '../n8n/segmentNodeTypes';
import { chain } from '../n8n/workflows';

/** The workflows the queue-mode run activates: webhook-started sends, a poll and the real-time trigger. */

const WRITE_KEY = { segmentWriteKeyApi: { id: 'segmentWriteKeyExample', name: 'Segment Write Key' } };
const ACCESS_TOKEN = { segmentAccessTokenApi: { id: 'segmentAccessTokenExample', name: 'Segment Access Token' } };

export const QUEUE_WEBHOOK_IDS = {
	track: '0b7e4c1a-1001-4c2d-8e5f-00000000a001',
	batch: '0b7e4c1a-1001-4c2d-8e5f-00000000a002',
	contentIds: '0b7e4c1a-1001-4c2d-8e5f-00000000a003',
};

// Orders of a run, the same every time a run with the same id and range is made.
const MAKE_ORDERS = `const { runId, from = 0, count } = $input.first().json.body;
const base = Date.parse('2026-01-01T00:00:00Z');
return Array.from({ length: count }, (_, k) => {
  const i = from + k;
  return { json: { userId: 'queue-user-' + (i % 500), orderId: runId + '-' + i, runId, timestamp: new Date(base + i * 1000).toISOString(), total: (i % 97) + 1 } };
});`;

function webhookStart(path: string, webhookId: string): WorkflowNode {
	return { id: `${path}-start`, name: 'Run Request', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId, parameters: { httpMethod: 'POST', path, options: {} } };
}

function code(id: string, name: string, jsCode: string): WorkflowNode {
	return { id, name, type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 0], parameters: { jsCode } };
}

function segment(id: string, name: string, parameters: Record<string, unknown>, credentials: WorkflowNode['credentials']): WorkflowNode {
	return { id, name, type: segmentNodeType(parameters), typeVersion: 1, position: [0, 0], parameters, credentials };
}

/** A webhook starts a run; each order is one track call, retried as Segment's faults ask. */
export function trackOrdersWorkflow(id: string, path: string, webhookId: string, options: Record<string, unknown>): WorkflowFile {
	return chain(id, `Queue: track orders (${path})`, [
		webhookStart(path, webhookId),
		code(`${id}-make`, 'Make Orders', MAKE_ORDERS),
		segment(
			`${id}-track`,
			'Track Order Completed',
			{
				resource: 'tracking',
				operation: 'track',
				userId: '={{ $json.userId }}',
				event: 'Order Completed',
				properties: '={{ { order_id: $json.orderId, run: $json.runId, total: $json.total } }}',
				additionalFields: { timestamp: '={{ $json.timestamp }}' },
				options: { maxAttempts: 10, retryDelay: 200, timeout: 3000, ...options },
			},
			WRITE_KEY,
		),
	]);
}

/** A webhook starts a run; every order is one message of a Batch with messages from input items. */
export function batchOrdersWorkflow(id: string, path: string, webhookId: string): WorkflowFile {
	return chain(id, `Queue: batch orders (${path})`, [
		webhookStart(path, webhookId),
		code(
			`${id}-make`,
			'Make Messages',
			`${MAKE_ORDERS.replace(/return Array/, 'const orders = Array')}
return orders.map(({ json }) => ({ json: { type: 'track', userId: json.userId, event: 'Order Imported', timestamp: json.timestamp, properties: { order_id: json.orderId, run: json.runId } } }));`,
		),
		segment(
			`${id}-batch`,
			'Send Batch',
			{ resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { maxAttempts: 10, retryDelay: 200, timeout: 3000, messageIdFromContent: true } },
			WRITE_KEY,
		),
	]);
}

/** The Segment Profile Trigger polls a profile every minute; each event it emits is tracked back with its message_id. */
export function pollingWorkflow(id: string, userId: string): WorkflowFile {
	return chain(id, 'Queue: Segment Profile Trigger across a restart', [
		{
			id: `${id}-trigger`,
			name: 'New Profile Event',
			type: 'n8n-nodes-segment.segmentProfileTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, watch: 'events', identifierType: 'user_id', identifier: userId },
			credentials: ACCESS_TOKEN,
		},
		segment(
			`${id}-seen`,
			'Track Emitted',
			{
				resource: 'tracking',
				operation: 'track',
				userId: 'queue-poll-observer',
				event: 'Trigger Emitted',
				properties: '={{ { source_message_id: $json.message_id, source_event: $json.event } }}',
			},
			WRITE_KEY,
		),
	]);
}
