import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { pathSegment } from '../shared/publicApi/pathSegment';
import type { PublicApiContext } from '../shared/transport/publicApiTransport';
import { publicApiDelete, publicApiList, publicApiRequest } from '../shared/transport/publicApiTransport';
import { AUDIENCE_SETUP_HINT, connectAudience, disconnectAudience, sameAudience } from './audienceSetup';
import type { AudienceRef, SetupPlan } from './setupPlan';
import {
	destinationInput,
	destinationUpdate,
	SEND_ACTION_SLUG,
	setupFingerprint,
	subscriptionInput,
	subscriptionUpdate,
	WEBHOOKS_ACTIONS_METADATA_ID,
	WEBHOOKS_ACTIONS_SLUG,
} from './setupPlan';
import type { SetupState } from './webhookSecret';
import { currentSetupPlan, isAutomatic, setupStateOf } from './webhookSecret';

/** What activation says when Set Up → Automatically has no credential to reach the Public API with. */
export const PUBLIC_API_CREDENTIAL_MISSING =
	'Set Up → Automatically needs a Segment Public API credential: choose one on this node. Without it nothing is set up in Segment, so no event would reach this workflow.';

/** n8n leaves the slot of a credential that appears with a switch empty: say so before n8n's own words about it. */
function requirePublicApiCredential(ctx: IHookFunctions): void {
	const chosen = ctx.getNode().credentials?.segmentPublicApi;
	if (!chosen?.id && !chosen?.name) {
		throw new NodeOperationError(ctx.getNode(), PUBLIC_API_CREDENTIAL_MISSING, {
			description: 'Or set it up by hand in Segment instead (Set Up → By Hand in Segment).',
		});
	}
}

const httpCodeOf = (error: unknown) => (error as { httpCode?: string | null }).httpCode;

/** What only Segment's app can do, in the words activation fails with. */
export const ENGAGE_DESTINATION_STEP =
	"In Segment's app, add a Webhooks (Actions) destination to the Engage space first: Engage → Engage settings → Destinations → Add destination → Webhooks (Actions). Segment connects audiences only to destinations added there (not to one on a Connections source), and its API cannot add them. Then pick it as this node's Engage Destination.";

const ENGAGE_DESTINATION_MISSING = 'Engage Destination is empty: pick the Webhooks (Actions) destination of the Engage space';

const SUBSCRIPTIONS_HINT =
	'Destination subscriptions are an alpha part of the Public API that Segment enables per workspace. Set the destination up by hand instead (Set Up → By Hand in Segment), or ask Segment to enable them.';

/**
 * n8n's "Listen for test event" runs the set-up for the test URL, with a copy of the
 * workflow's static data, and may stop listening at any moment: whatever it made in Segment
 * would stay behind. So nothing is made for a test URL, and removing is only done for the
 * URL a destination was made for.
 */
const isTestListening = (ctx: IHookFunctions) => ctx.getMode() === 'manual' || ctx.getActivationMode() === 'manual';

function sendAction(entry: IDataObject | undefined): { metadataId: string; actionId: string } | undefined {
	const send = (entry?.actions as IDataObject[] | undefined)?.find((action) => action.slug === SEND_ACTION_SLUG);
	return entry && send ? { metadataId: String(entry.id), actionId: String(send.id) } : undefined;
}

/** Webhooks (Actions) and its Send action: by its catalog ID in one call, or by paging the catalog for its slug. */
async function webhooksAction(ctx: IHookFunctions): Promise<{ metadataId: string; actionId: string }> {
	try {
		const data = await publicApiRequest(ctx, { method: 'GET', path: `/catalog/destinations/${WEBHOOKS_ACTIONS_METADATA_ID}` });
		const found = sendAction(data.destinationMetadata as IDataObject | undefined);
		if (found) return found;
	} catch {
		// Not under its usual ID in this region or workspace: look it up by name.
	}
	const catalog = await publicApiList(ctx, {
		path: '/catalog/destinations',
		key: 'destinationsCatalog',
		until: (entry) => entry.slug === WEBHOOKS_ACTIONS_SLUG,
	});
	const found = sendAction(catalog.find((entry) => entry.slug === WEBHOOKS_ACTIONS_SLUG));
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), "Segment's destination catalog has no Webhooks (Actions) destination with a Send action", {
			description: 'Set the destination up by hand in Segment instead (Set Up → By Hand in Segment).',
		});
	}
	return found;
}

async function removeDestination(ctx: IHookFunctions, destinationId: string): Promise<void> {
	try {
		await publicApiRequest(ctx, { method: 'DELETE', path: `/destinations/${pathSegment(destinationId, 'The Webhooks destination ID')}` });
	} catch (error) {
		// Already gone is what was wanted.
		if (httpCodeOf(error) === '404') return;
		throw new NodeOperationError(ctx.getNode(), `Could not remove the Webhooks destination ${destinationId} from Segment: ${(error as Error).message}`, {
			description: 'Remove it by hand in Segment (Connections → Destinations), or deactivate the workflow again later.',
		});
	}
}

/** The subscription the set-up made, found again when an older version of the node did not keep its ID. */
async function subscriptionIdOf(ctx: PublicApiContext, state: SetupState, destination: string): Promise<string> {
	if (state.subscriptionId) return state.subscriptionId;
	const subscriptions = await publicApiList(ctx, { path: `/destinations/${destination}/subscriptions`, key: 'subscriptions', version: 'alpha' });
	const ours = subscriptions.find((subscription) => (subscription.settings as IDataObject | undefined)?.url === state.webhookUrl) ?? subscriptions[0];
	if (!ours) throw new Error('the Webhooks destination has no subscription');
	state.subscriptionId = String(ours.id);
	return state.subscriptionId;
}

/**
 * Brings the destination and its subscription in line with `plan` when they were set up
 * with something else (a secret or token changed in the credential, a filter, batching);
 * says whether anything had to change.
 */
export async function reconcileSetup(ctx: IHookFunctions | IWebhookFunctions, state: SetupState, plan: SetupPlan): Promise<'unchanged' | 'updated'> {
	const fingerprint = setupFingerprint(plan);
	if (state.fingerprint === fingerprint || !state.destinationId) return 'unchanged';
	const destination = pathSegment(state.destinationId, 'The Webhooks destination ID');
	await publicApiRequest(ctx, { method: 'PATCH', path: `/destinations/${destination}`, body: destinationUpdate(plan) });
	const subscription = pathSegment(await subscriptionIdOf(ctx, state, destination), 'The webhook subscription ID');
	await publicApiRequest(ctx, { method: 'PATCH', path: `/destinations/${destination}/subscriptions/${subscription}`, version: 'alpha', body: subscriptionUpdate(plan) });
	state.fingerprint = fingerprint;
	return 'updated';
}

/** The set-up's plan from the node's parameters and credentials, making the keys it lacks. */
async function planOf(ctx: IHookFunctions): Promise<SetupPlan> {
	const plan = await currentSetupPlan(ctx, true);
	if (!plan) throw new NodeOperationError(ctx.getNode(), 'The set-up has no shared secret to give Segment');
	if (plan.audience) {
		if (!plan.audience.spaceId || !plan.audience.audienceId) {
			throw new NodeOperationError(ctx.getNode(), 'Space or Audience is empty: pick the Engage audience whose changes start the workflow');
		}
		if (!plan.audience.destinationId) throw new NodeOperationError(ctx.getNode(), ENGAGE_DESTINATION_MISSING, { description: ENGAGE_DESTINATION_STEP });
	} else if (!plan.sourceId) throw new NodeOperationError(ctx.getNode(), 'Source is empty: pick the source whose events start the workflow');
	return plan;
}

/** Webhooks (Actions) by its catalog ID or slug. */
const isWebhooksActions = (destination: IDataObject) => {
	const metadata = (destination.metadata ?? {}) as IDataObject;
	return metadata.id === WEBHOOKS_ACTIONS_METADATA_ID || metadata.slug === WEBHOOKS_ACTIONS_SLUG;
};

/** The Engage space's Webhooks (Actions) destination the user added in Segment's app; a clear error when it is not one. */
async function engageDestination(ctx: IHookFunctions, destinationId: string): Promise<IDataObject> {
	let destination: IDataObject;
	try {
		const data = await publicApiRequest(ctx, { method: 'GET', path: `/destinations/${pathSegment(destinationId, 'Engage Destination')}` });
		destination = (data.destination ?? {}) as IDataObject;
	} catch (error) {
		if (httpCodeOf(error) === '404') throw new NodeOperationError(ctx.getNode(), `Segment has no destination ${destinationId}`, { description: ENGAGE_DESTINATION_STEP });
		throw error instanceof NodeOperationError || error instanceof NodeApiError ? error : new NodeOperationError(ctx.getNode(), error as Error);
	}
	if (!isWebhooksActions(destination)) {
		throw new NodeOperationError(ctx.getNode(), `The destination ${String(destination.name ?? destinationId)} is not a Webhooks (Actions) destination: Engage could not send audience changes to this workflow through it`, {
			description: ENGAGE_DESTINATION_STEP,
		});
	}
	return destination;
}

/** Adds the Send mapping to this workflow's URL to a destination; returns its ID. */
async function addSubscription(ctx: IHookFunctions, destinationId: string, plan: SetupPlan, actionId: string): Promise<string | undefined> {
	const made = await publicApiRequest(ctx, {
		method: 'POST',
		path: `/destinations/${pathSegment(destinationId, 'The ID Segment gave the Webhooks destination')}/subscriptions`,
		version: 'alpha',
		body: subscriptionInput(plan, actionId),
	});
	const subscription = (made.destinationSubscription ?? made.subscription ?? {}) as IDataObject;
	return subscription.id === undefined || subscription.id === null ? undefined : String(subscription.id);
}

async function removeSubscription(ctx: IHookFunctions, destinationId: string, subscriptionId: string): Promise<void> {
	try {
		await publicApiDelete(ctx, {
			path: `/destinations/${pathSegment(destinationId, 'The Webhooks destination ID')}/subscriptions/${pathSegment(subscriptionId, 'The webhook subscription ID')}`,
			version: 'alpha',
		});
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Could not remove the mapping to this workflow from the Webhooks destination ${destinationId}: ${(error as Error).message}`, {
			description: 'Remove its Send to n8n mapping by hand in Segment, or deactivate the workflow again later.',
		});
	}
}

/** Takes away what the set-up made: the destination when it made it, only its mapping when the destination is the user's. */
async function removeSetUp(ctx: IHookFunctions, state: SetupState): Promise<void> {
	await disconnectAudience(ctx, state);
	if (!state.destinationId) return;
	if (state.destinationOwned === false) {
		if (state.subscriptionId) await removeSubscription(ctx, state.destinationId, state.subscriptionId);
	} else await removeDestination(ctx, state.destinationId);
}

/**
 * Audience Changes: the Engage destination the user added gets the secret and a mapping to
 * this workflow, and the audience is connected to it and activated. Segment's API cannot add
 * a destination to Engage: when Segment refuses the connection, activation fails with that
 * step in words, and what was made is taken away again.
 */
async function setUpAudience(ctx: IHookFunctions, state: SetupState, plan: SetupPlan & { audience: AudienceRef }): Promise<void> {
	const destinationId = plan.audience.destinationId;
	await engageDestination(ctx, destinationId);
	const { actionId } = await webhooksAction(ctx);
	await publicApiRequest(ctx, { method: 'PATCH', path: `/destinations/${pathSegment(destinationId, 'Engage Destination')}`, body: destinationUpdate(plan) });
	let subscriptionId: string | undefined;
	try {
		subscriptionId = await addSubscription(ctx, destinationId, plan, actionId);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Segment did not add the webhook subscription: ${(error as Error).message}`, { description: SUBSCRIPTIONS_HINT });
	}
	let audienceActivationId: string | undefined;
	try {
		audienceActivationId = await connectAudience(ctx, plan, destinationId);
	} catch (error) {
		if (subscriptionId) await removeSubscription(ctx, destinationId, subscriptionId);
		throw new NodeOperationError(ctx.getNode(), `Segment did not connect the audience to the Engage destination: ${(error as Error).message}`, { description: `${ENGAGE_DESTINATION_STEP} ${AUDIENCE_SETUP_HINT}` });
	}
	Object.assign(state, {
		destinationId,
		destinationOwned: false,
		subscriptionId,
		webhookUrl: plan.url,
		fingerprint: setupFingerprint(plan),
		audienceSpaceId: plan.audience.spaceId,
		audienceId: plan.audience.audienceId,
		audienceActivationId,
	});
	for (const key of ['subscriptionId', 'audienceActivationId'] as const) if (state[key] === undefined) delete state[key];
}

/** Every Event: a Webhooks (Actions) destination made on the source, with its Send mapping to this workflow. */
async function setUpEvents(ctx: IHookFunctions, state: SetupState, plan: SetupPlan): Promise<void> {
	const { metadataId, actionId } = await webhooksAction(ctx);
	const created = await publicApiRequest(ctx, { method: 'POST', path: '/destinations', body: destinationInput(plan, metadataId) });
	const destinationId = String((created.destination as IDataObject | undefined)?.id ?? '');
	let subscriptionId: string | undefined;
	try {
		subscriptionId = await addSubscription(ctx, destinationId, plan, actionId);
	} catch (error) {
		// Without its subscription the destination sends nothing: take it away again.
		if (destinationId !== '') await removeDestination(ctx, destinationId);
		throw new NodeOperationError(ctx.getNode(), `Segment did not add the webhook subscription: ${(error as Error).message}`, { description: SUBSCRIPTIONS_HINT });
	}
	Object.assign(state, { destinationId, subscriptionId, webhookUrl: plan.url, fingerprint: setupFingerprint(plan) });
	delete state.destinationOwned;
	if (state.subscriptionId === undefined) delete state.subscriptionId;
}

/**
 * Activating the workflow adds a Webhooks (Actions) destination to the chosen source, with
 * one subscription that sends the chosen events to this workflow's production URL, signed
 * with the shared secret; activating it again brings what it made in line with the node;
 * deactivating removes exactly that destination. By hand (the default), there is nothing
 * to do.
 */
export const automaticSetup = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this) || isTestListening(this)) return true;
		requirePublicApiCredential(this);
		const state = setupStateOf(this);
		if (!state.destinationId || state.webhookUrl !== this.getNodeWebhookUrl('default')) return false;
		let destination: IDataObject;
		try {
			const data = await publicApiRequest(this, { method: 'GET', path: `/destinations/${pathSegment(state.destinationId, 'The Webhooks destination ID')}` });
			destination = (data.destination ?? {}) as IDataObject;
		} catch (error) {
			if (httpCodeOf(error) !== '404') throw new NodeOperationError(this.getNode(), error as Error);
			delete state.destinationId;
			return false;
		}
		const plan = await planOf(this);
		// On another source, another Engage destination, or for another audience, it is another set-up: create replaces it.
		if (plan.audience ? state.destinationId !== plan.audience.destinationId : destination.sourceId !== undefined && destination.sourceId !== plan.sourceId) return false;
		if (!sameAudience(state, plan)) return false;
		try {
			await reconcileSetup(this, state, plan);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `Could not bring the Webhooks destination in Segment up to date: ${(error as Error).message}`, { description: SUBSCRIPTIONS_HINT });
		}
		return true;
	},

	async create(this: IHookFunctions): Promise<boolean> {
		if (!isAutomatic(this) || isTestListening(this)) return true;
		requirePublicApiCredential(this);
		const state = setupStateOf(this);
		// One made for another URL, source or audience is replaced, not left behind.
		await removeSetUp(this, state);
		for (const key of ['destinationId', 'destinationOwned', 'subscriptionId'] as const) delete state[key];
		const plan = await planOf(this);
		if (plan.audience) await setUpAudience(this, state, plan as SetupPlan & { audience: AudienceRef });
		else await setUpEvents(this, state, plan);
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const state = setupStateOf(this);
		if (!state.destinationId || state.webhookUrl !== this.getNodeWebhookUrl('default')) return true;
		await removeSetUp(this, state);
		for (const key of ['destinationId', 'destinationOwned', 'subscriptionId', 'webhookUrl', 'generatedSecret', 'generatedRequestToken', 'fingerprint'] as const) delete state[key];
		return true;
	},
};
