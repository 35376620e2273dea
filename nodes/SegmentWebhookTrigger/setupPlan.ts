import { createHash } from 'crypto';

import type { EventFilter } from './delivery';
import { subscriptionTrigger } from './subscriptionTrigger';

/** What the automatic set-up asks Segment's Public API for. Pure. */

export const WEBHOOKS_ACTIONS_SLUG = 'actions-webhook';
/** Webhooks (Actions) in Segment's destination catalog. */
export const WEBHOOKS_ACTIONS_METADATA_ID = '614a3c7d791c91c41bae7599';
export const SEND_ACTION_SLUG = 'send';

/** Segment's Webhooks (Actions) batches at most 4,000 events a request. */
export const MAX_SEGMENT_BATCH_SIZE = 4_000;

/** Everything the destination and its subscription are made of. */
export interface SetupPlan {
	/** Every Event: the source the set-up adds a Webhooks destination to. */
	sourceId: string;
	url: string;
	secret: string;
	/** Set when Segment sends batches: every request then carries it. */
	requestToken?: string;
	filter: EventFilter;
	batchSize?: number;
	workflowName?: string;
	/** Audience Changes mode: the Engage audience whose membership changes Segment sends. */
	audience?: AudienceRef;
}

export interface AudienceRef {
	spaceId: string;
	audienceId: string;
	/**
	 * The Webhooks (Actions) destination of the Engage space: Segment connects audiences
	 * only to a destination added to Engage in its app (its SDK), never to one on a
	 * Connections source (Engage's docs), so the set-up uses the one the user added.
	 */
	destinationId: string;
}

/**
 * Engage's connection of an audience to a destination, and the activation that sends
 * its membership changes there (alpha). `DestinationInput.type` in Segment's SDK:
 * "Possible values: destination, warehouse".
 */
export const AUDIENCE_DESTINATION_TYPE = 'destination';
export const AUDIENCE_ACTIVATION_TYPE = 'Audience Membership Changed';

export function audienceConnectionInput(destinationId: string) {
	return { destination: { id: destinationId, type: AUDIENCE_DESTINATION_TYPE } };
}

export function audienceActivationInput(plan: SetupPlan) {
	return {
		enabled: true,
		// Only changes from now on: a resync would start the workflow once for every member.
		performResync: false,
		activationType: AUDIENCE_ACTIVATION_TYPE,
		activationName: `n8n: ${plan.workflowName || 'workflow'}`.slice(0, 100),
		personalization: { profile: { properties: ['email'] } },
	};
}

export function destinationInput(plan: SetupPlan, metadataId: string) {
	return {
		sourceId: plan.sourceId,
		metadataId,
		name: `n8n: ${plan.workflowName || 'workflow'}`.slice(0, 100),
		enabled: true,
		settings: { sharedSecret: plan.secret },
	};
}

function subscriptionSettings(plan: SetupPlan) {
	const settings: Record<string, unknown> = { url: plan.url, method: 'POST', data: { '@path': '$.' }, enable_batching: plan.requestToken !== undefined };
	if (plan.requestToken !== undefined) {
		settings.batch_size = plan.batchSize;
		settings.headers = { Authorization: `Bearer ${plan.requestToken}` };
	}
	return settings;
}

export function subscriptionInput(plan: SetupPlan, actionId: string) {
	return {
		name: 'Send to n8n',
		actionId,
		trigger: subscriptionTrigger(plan.filter),
		enabled: true,
		settings: subscriptionSettings(plan),
	};
}

/** A subscription update: its fields go inside `input`, as Segment's API wants them. */
export function subscriptionUpdate(plan: SetupPlan) {
	return { input: { trigger: subscriptionTrigger(plan.filter), enabled: true, settings: subscriptionSettings(plan) } };
}

export function destinationUpdate(plan: SetupPlan) {
	return { settings: { sharedSecret: plan.secret } };
}

/**
 * A digest of what the destination was set up with, secrets included, so that a changed
 * secret, token, URL or filter is noticed without keeping the secrets themselves.
 */
export function setupFingerprint(plan: SetupPlan): string {
	const shape = {
		sourceId: plan.sourceId,
		url: plan.url,
		secret: plan.secret,
		requestToken: plan.requestToken ?? null,
		trigger: subscriptionTrigger(plan.filter),
		batchSize: plan.requestToken === undefined ? null : plan.batchSize,
		...(plan.audience ? { audience: plan.audience } : {}),
	};
	return createHash('sha256').update(JSON.stringify(shape), 'utf8').digest('hex');
}
