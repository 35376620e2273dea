import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { authenticateDelivery } from './authenticateDelivery';
import { reconcileSetup } from './automaticSetup';
import type { Refusal } from './delivery';
import { keepEvent, parseDeliveryBody, segmentEvents } from './delivery';
import type { AudienceChange, MembershipMemory } from '../shared/engage/audienceChange';
import { audienceChangesOf, dropRepeatedChanges } from '../shared/engage/audienceChange';
import { currentSetupPlan, deliveryKeys, isAutomatic, listensForAudienceChanges, readAudienceKeys, readEventFilter, setupStateOf } from './webhookSecret';

/** The parts of n8n's webhook request the node reads: headers and the body's raw bytes. */
interface DeliveryRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

function headerValue(request: DeliveryRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * What each trigger of this process last emitted per audience and person. Engage sends a
 * change's calls at once, and n8n runs them side by side, each with the static data as
 * it was before either saved: the process's own memory sees the first at once. The static
 * data keeps it across restarts.
 */
const processMemory = new Map<string, MembershipMemory>();
const PROCESS_MEMORY_TRIGGERS = 1_000;

/** The audience changes a delivery holds, less those Engage sent before (unless the node keeps repeats). */
function audienceChanges(ctx: IWebhookFunctions, events: ReadonlyArray<Record<string, unknown> & { type: string }>): AudienceChange[] {
	const changes = events.flatMap((event) => audienceChangesOf(event, readAudienceKeys(ctx)));
	if (ctx.getNodeParameter('oneExecutionPerChange', true) !== true || changes.length === 0) return changes;
	const state = ctx.getWorkflowStaticData('node') as { audienceMemberships?: unknown };
	const trigger = `${ctx.getWorkflow().id ?? ''}\n${ctx.getNode().name}`;
	// Read, decided and written with no wait in between: no other delivery runs meanwhile.
	const { fresh, memory } = dropRepeatedChanges(changes, processMemory.get(trigger) ?? state.audienceMemberships);
	processMemory.delete(trigger);
	processMemory.set(trigger, memory);
	if (processMemory.size > PROCESS_MEMORY_TRIGGERS) processMemory.delete(processMemory.keys().next().value as string);
	state.audienceMemberships = memory;
	return fresh;
}

/**
 * A credential changed while the workflow was active (a rotated secret, say) is pushed to
 * Segment before the delivery is judged: Segment signed this one with what it had, so it
 * is answered 503, and Segment's next attempt, signed with the new secret, gets in.
 */
async function pushChangedSetup(ctx: IWebhookFunctions): Promise<'unchanged' | 'updated'> {
	if (!isAutomatic(ctx) || ctx.getMode() === 'manual') return 'unchanged';
	const plan = await currentSetupPlan(ctx, false);
	if (!plan) return 'unchanged';
	return await reconcileSetup(ctx, setupStateOf(ctx), plan);
}

/**
 * One delivery from Segment: checked (request token, signature, JSON, Segment messages),
 * filtered, and handed to n8n as one item per event; n8n answers 200 at once (response
 * mode onReceived), before the workflow runs. Segment drops a delivery answered 4xx for
 * good, so every refusal is written to n8n's log, with the reason it was given; nothing is
 * ever thrown out of the webhook.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const where = `Segment Webhook Trigger "${this.getNode().name}" in workflow "${this.getWorkflow().name ?? this.getWorkflow().id}"`;
	const answer = ({ status, message }: Refusal, detail = message): IWebhookResponseData => {
		const log = status >= 500 ? this.logger.warn.bind(this.logger) : this.logger.error.bind(this.logger);
		log(`${where} answered ${status}${status < 500 ? ', and Segment does not send it again' : ''}: ${detail}`);
		this.getResponseObject().status(status).json({ error: message });
		return { noWebhookResponse: true };
	};
	try {
		const request = this.getRequestObject() as DeliveryRequest;
		await request.readRawBody?.();
		const rawBody = request.rawBody ?? Buffer.alloc(0);
		const body = parseDeliveryBody(rawBody);
		const pushed = await pushChangedSetup(this);
		const keys = await deliveryKeys(this);
		const headers = { signature: headerValue(request, 'x-signature'), authorization: headerValue(request, 'authorization') };
		const refusal = authenticateDelivery(keys, headers, rawBody, 'parsed' in body ? body.parsed : undefined);
		if (refusal?.unauthenticated && pushed === 'updated') {
			return answer({
				status: 503,
				message: "The trigger's credential changed and Segment now has the new secret: send the delivery again, signed with it",
			});
		}
		if (refusal) return answer(refusal);
		if ('refusal' in body) return answer(body.refusal);
		const delivery = segmentEvents(body.parsed);
		if ('refusal' in delivery) return answer(delivery.refusal);
		const filter = readEventFilter(this);
		const kept = delivery.events.filter((event) => keepEvent(event, filter));
		const items = listensForAudienceChanges(this) ? (audienceChanges(this, kept) as unknown as IDataObject[]) : (kept as IDataObject[]);
		if (items.length === 0) {
			if (kept.length > 0) this.logger.debug(`${where} took ${kept.length} events that hold no change of the audiences it listens for`);
			return { webhookResponse: { received: delivery.events.length, started: false } };
		}
		return { workflowData: [items.map((json) => ({ json }))] };
	} catch (error) {
		// A 5xx makes Segment send the delivery again later, which is what a passing failure
		// (the credential store, the Public API) calls for; the workflow does not start with half of it.
		const message = 'The delivery could not be taken now; send it again later';
		return answer({ status: 500, message }, `${message} (${(error as Error).message})`);
	}
}
