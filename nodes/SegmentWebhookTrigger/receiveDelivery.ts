import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { splitList } from '../shared/splitList';
import type { EventFilter, Refusal } from './delivery';
import { keepEvent, parseDeliveryBody, segmentEvents } from './delivery';
import { isSignedBySegment } from './signature';
import { signingSecret } from './webhookSecret';

/** The parts of n8n's webhook request the node reads: headers and the body's raw bytes. */
interface DeliveryRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

function readFilter(ctx: IWebhookFunctions): EventFilter {
	return {
		types: (ctx.getNodeParameter('messageTypes', []) as string[]) ?? [],
		includeEvents: splitList(ctx.getNodeParameter('includeEvents', '')),
		excludeEvents: splitList(ctx.getNodeParameter('excludeEvents', '')),
	};
}

function headerValue(request: DeliveryRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * One delivery from Segment: checked (signature, JSON, Segment messages), filtered, and
 * handed to n8n as one item per event; n8n answers 200 at once (response mode
 * onReceived), before the workflow runs. Anything refused is answered here with a 4xx and
 * starts nothing; nothing is ever thrown out of the webhook.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const refuse = ({ status, message }: Refusal): IWebhookResponseData => {
		this.getResponseObject().status(status).json({ error: message });
		return { noWebhookResponse: true };
	};
	try {
		const request = this.getRequestObject() as DeliveryRequest;
		await request.readRawBody?.();
		const rawBody = request.rawBody;
		const body = parseDeliveryBody(rawBody);
		const secret = await signingSecret(this);
		if (secret !== undefined && !isSignedBySegment(secret, headerValue(request, 'x-signature'), rawBody ?? Buffer.alloc(0), 'parsed' in body ? body.parsed : undefined)) {
			return refuse({ status: 401, message: 'The X-Signature header is missing, or does not match the shared secret' });
		}
		if ('refusal' in body) return refuse(body.refusal);
		const delivery = segmentEvents(body.parsed);
		if ('refusal' in delivery) return refuse(delivery.refusal);
		const filter = readFilter(this);
		const kept = delivery.events.filter((event) => keepEvent(event, filter));
		if (kept.length === 0) return { webhookResponse: { received: delivery.events.length, started: false } };
		return { workflowData: [kept.map((event) => ({ json: event as IDataObject }))] };
	} catch (error) {
		// A 5xx makes Segment send the delivery again later, which is what a passing failure
		// (the credential store, say) calls for; the workflow does not start with half of it.
		this.logger.error(`Segment Webhook Trigger could not take a delivery: ${(error as Error).message}`);
		return refuse({ status: 500, message: 'The delivery could not be taken now; send it again later' });
	}
}
