import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { publicApiList, publicApiRequest } from '../shared/transport/publicApiTransport';
import { destinationInput, SEND_ACTION_SLUG, subscriptionInput, subscriptionTrigger, WEBHOOKS_ACTIONS_SLUG } from './setupPlan';
import type { SetupState } from './webhookSecret';
import { credentialSecret } from './webhookSecret';

const isAutomatic = (ctx: IHookFunctions) => ctx.getNodeParameter('setUp', 'manual') === 'automatic';
const stateOf = (ctx: IHookFunctions) => ctx.getWorkflowStaticData('node') as SetupState;
const httpCodeOf = (error: unknown) => (error as { httpCode?: string | null }).httpCode;

/** Webhooks (Actions) in Segment's destination catalog, and its Send action. */
async function webhooksAction(ctx: IHookFunctions): Promise<{ metadataId: string; actionId: string }> {
	const catalog = await publicApiList(ctx, {
		path: '/catalog/destinations',
		key: 'destinationsCatalog',
		until: (entry) => entry.slug === WEBHOOKS_ACTIONS_SLUG,
	});
	const webhooks = catalog.find((entry) => entry.slug === WEBHOOKS_ACTIONS_SLUG);
	const send = (webhooks?.actions as IDataObject[] | undefined)?.find((action) => action.slug === SEND_ACTION_SLUG);
	if (!webhooks || !send) {
		throw new NodeOperationError(ctx.getNode(), "Segment's destination catalog has no Webhooks (Actions) destination with a Send action", {
			description: 'Set the destination up by hand in Segment instead (Set Up → By Hand in Segment).',
		});
	}
	return { metadataId: String(webhooks.id), actionId: String(send.id) };
}

async function removeDestination(ctx: IHookFunctions, destinationId: string): Promise<void> {
	try {
		await publicApiRequest(ctx, { method: 'DELETE', path: `/destinations/${encodeURIComponent(destinationId)}` });
	} catch (error) {
		// Already gone is what was wanted.
		if (httpCodeOf(error) === '404') return;
		throw new NodeOperationError(ctx.getNode(), `Could not remove the Webhooks destination ${destinationId} from Segment: ${(error as Error).message}`, {
			description: 'Remove it by hand in Segment (Connections → Destinations), or deactivate the workflow again later.',
		});
	}
}

/**
 * Activating the workflow adds a Webhooks (Actions) destination to the chosen source, with
 * one subscription that sends the chosen message types to this workflow's production URL,
 * signed with the shared secret; deactivating removes exactly that destination. By hand
 * (the default), there is nothing to do.
 */
export const automaticSetup = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const state = stateOf(this);
		if (!state.destinationId || state.webhookUrl !== this.getNodeWebhookUrl('default')) return false;
		try {
			await publicApiRequest(this, { method: 'GET', path: `/destinations/${encodeURIComponent(state.destinationId)}` });
			return true;
		} catch (error) {
			if (httpCodeOf(error) !== '404') throw new NodeOperationError(this.getNode(), error as Error);
			delete state.destinationId;
			return false;
		}
	},

	async create(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this)) return true;
		const state = stateOf(this);
		// One made for another URL is replaced, not left behind.
		if (state.destinationId) await removeDestination(this, state.destinationId);
		const sourceId = String(this.getNodeParameter('sourceId', '', { extractValue: true }) ?? '').trim();
		if (sourceId === '') throw new NodeOperationError(this.getNode(), 'Source is empty: pick the source whose events start the workflow');
		const url = this.getNodeWebhookUrl('default')!;
		const secret = (await credentialSecret(this)) ?? (state.generatedSecret ??= randomBytes(32).toString('hex'));
		const { metadataId, actionId } = await webhooksAction(this);
		const created = await publicApiRequest(this, {
			method: 'POST',
			path: '/destinations',
			body: destinationInput(sourceId, metadataId, this.getWorkflow().name, secret),
		});
		const destinationId = String((created.destination as IDataObject).id);
		try {
			const types = this.getNodeParameter('messageTypes', []) as string[];
			await publicApiRequest(this, {
				method: 'POST',
				path: `/destinations/${encodeURIComponent(destinationId)}/subscriptions`,
				alpha: true,
				body: subscriptionInput(actionId, subscriptionTrigger(types), url),
			});
		} catch (error) {
			// Without its subscription the destination sends nothing: take it away again.
			await removeDestination(this, destinationId);
			throw new NodeOperationError(this.getNode(), `Segment did not add the webhook subscription: ${(error as Error).message}`, {
				description:
					'Destination subscriptions are an alpha part of the Public API that Segment enables per workspace. Set the destination up by hand instead (Set Up → By Hand in Segment), or ask Segment to enable them.',
			});
		}
		Object.assign(state, { destinationId, webhookUrl: url });
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const state = stateOf(this);
		if (!state.destinationId) return true;
		await removeDestination(this, state.destinationId);
		delete state.destinationId;
		delete state.webhookUrl;
		delete state.generatedSecret;
		return true;
	},
};
