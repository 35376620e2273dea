import { randomBytes } from 'crypto';
import type { ICredentialsDecrypted, ICredentialTestFunctions, IHookFunctions, INodeCredentialTestResult, IWebhookFunctions } from 'n8n-workflow';

import { splitList } from '../shared/splitList';
import type { DeliveryKeys } from './authenticateDelivery';
import type { EventFilter } from './delivery';
import type { SetupPlan } from './setupPlan';
import { MAX_SEGMENT_BATCH_SIZE } from './setupPlan';

export const WEBHOOK_SECRET_CREDENTIAL = 'segmentWebhookSecretApi';

type TriggerContext = IWebhookFunctions | IHookFunctions;

/** What the automatic set-up keeps in the workflow's static data. */
export interface SetupState {
	destinationId?: string;
	/** False when the destination is the user's (an Engage one): deactivating then leaves it, taking only the mapping the set-up made. */
	destinationOwned?: boolean;
	subscriptionId?: string;
	webhookUrl?: string;
	/** Made at set-up when the Segment Webhook Secret API credential has no secret (or none is chosen). */
	generatedSecret?: string;
	/** Made at set-up when Segment sends batches and the credential has no request token. */
	generatedRequestToken?: string;
	/** What the destination was set up with, as `setupFingerprint` digests it. */
	fingerprint?: string;
	/** Audience Changes mode: the audience connected to the destination, and its activation. */
	audienceSpaceId?: string;
	audienceId?: string;
	audienceActivationId?: string;
}

export const setupStateOf = (ctx: TriggerContext) => ctx.getWorkflowStaticData('node') as SetupState;
export const isAutomatic = (ctx: TriggerContext) => ctx.getNodeParameter('setUp', 'manual') === 'automatic';
export const acceptsBatches = (ctx: TriggerContext) => ctx.getNodeParameter('acceptBatches', false) === true;
export const listensForAudienceChanges = (ctx: TriggerContext) => ctx.getNodeParameter('mode', 'events') === 'audienceChanges';

/** The audience keys Audience Changes mode emits; all when empty. */
export const readAudienceKeys = (ctx: TriggerContext) => splitList(ctx.getNodeParameter('audienceKeys', ''), 'Audience Keys');

/** A picker's ID, read as it is stored: n8n's extractValue fails for a field the node's mode does not show. */
function pickedId(ctx: TriggerContext, name: string): string {
	const value = ctx.getNodeParameter(name, '') as unknown;
	const id = value !== null && typeof value === 'object' && '__rl' in value ? (value as { value?: unknown }).value : value;
	return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
}

interface WebhookCredential {
	secret?: string;
	requestToken?: string;
}

const nonEmpty = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The secret and request token of the node's Segment Webhook Secret API credential, when it has them. */
async function webhookCredential(ctx: TriggerContext): Promise<WebhookCredential> {
	if (!ctx.getNode().credentials?.[WEBHOOK_SECRET_CREDENTIAL]) return {};
	const credentials = await ctx.getCredentials(WEBHOOK_SECRET_CREDENTIAL);
	return { secret: nonEmpty(credentials.sharedSecret), requestToken: nonEmpty(credentials.requestToken) };
}

/** What deliveries must prove: the credential's secret and token, or the ones the automatic set-up made. */
export async function deliveryKeys(ctx: IWebhookFunctions): Promise<DeliveryKeys> {
	const credential = await webhookCredential(ctx);
	const acceptBatches = acceptsBatches(ctx);
	if (!isAutomatic(ctx)) return { ...credential, secretRequired: false, acceptBatches };
	const state = setupStateOf(ctx);
	return {
		secret: credential.secret ?? state.generatedSecret,
		requestToken: acceptBatches ? (credential.requestToken ?? state.generatedRequestToken) : undefined,
		secretRequired: true,
		acceptBatches,
	};
}

export function readEventFilter(ctx: TriggerContext): EventFilter {
	// Engage sends membership changes as identify and track calls, and group calls for account audiences.
	if (listensForAudienceChanges(ctx)) return { types: ['identify', 'track', 'group'], includeEvents: [], excludeEvents: [] };
	return {
		types: (ctx.getNodeParameter('messageTypes', []) as string[]) ?? [],
		includeEvents: splitList(ctx.getNodeParameter('includeEvents', ''), 'Include Events'),
		excludeEvents: splitList(ctx.getNodeParameter('excludeEvents', ''), 'Exclude Events'),
	};
}

export function readBatchSize(ctx: TriggerContext): number {
	const value = Number(ctx.getNodeParameter('batchSize', 100));
	return Number.isInteger(value) && value >= 1 ? Math.min(value, MAX_SEGMENT_BATCH_SIZE) : 100;
}

const newKey = () => randomBytes(32).toString('hex');

/**
 * What the automatic set-up makes the destination of, now. With `makeKeys`, a secret and
 * a request token the credential lacks are made and kept in the static data; without it
 * (a delivery, which can make nothing), what was kept is used.
 */
export async function currentSetupPlan(ctx: TriggerContext, makeKeys: boolean): Promise<SetupPlan | undefined> {
	const credential = await webhookCredential(ctx);
	const state = setupStateOf(ctx);
	if (makeKeys && credential.secret === undefined) state.generatedSecret ??= newKey();
	const secret = credential.secret ?? state.generatedSecret;
	if (secret === undefined) return undefined;
	let requestToken: string | undefined;
	if (acceptsBatches(ctx)) {
		if (makeKeys && credential.requestToken === undefined) state.generatedRequestToken ??= newKey();
		requestToken = credential.requestToken ?? state.generatedRequestToken;
		if (requestToken === undefined) return undefined;
	}
	return {
		sourceId: pickedId(ctx, 'sourceId'),
		url: ctx.getNodeWebhookUrl('default') ?? '',
		secret,
		requestToken,
		filter: readEventFilter(ctx),
		batchSize: readBatchSize(ctx),
		workflowName: ctx.getWorkflow().name,
		...(listensForAudienceChanges(ctx)
			? { audience: { spaceId: pickedId(ctx, 'spaceId'), audienceId: pickedId(ctx, 'audienceId'), destinationId: pickedId(ctx, 'engageDestinationId') } }
			: {}),
	};
}

/** The credential's test: nothing at Segment can check a shared secret, so its form is checked. */
export async function segmentWebhookSecretTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.sharedSecret ?? '');
	const token = String(credential.data?.requestToken ?? '');
	if (secret === '') return { status: 'Error', message: 'The shared secret is empty' };
	if (secret.trim() !== secret) {
		return { status: 'Error', message: 'The shared secret starts or ends with a space: Segment signs with the secret exactly as it is set there' };
	}
	if (token.trim() !== token || /\s/.test(token)) {
		return { status: 'Error', message: 'The request token has a space in it: use letters and digits only, as it travels in an HTTP header' };
	}
	return { status: 'OK', message: 'The secret is set. Segment signs every delivery with it once it is the Shared Secret of the Webhooks destination.' };
}
