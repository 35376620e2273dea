import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { pathSegment } from '../publicApi/pathSegment';
import { apiOrigin, PROFILE_API_ORIGINS } from './baseUrls';
import type { NetworkFailure } from './networkFailure';
import { networkFailureOf } from './networkFailure';
import { redactText, redactValue, secretForms } from './redact';
import { backoffDelay, isRetriedNetworkError, judgeStatus, serverRequestedWait } from './retryPolicy';

export const ACCESS_TOKEN_CREDENTIAL = 'segmentAccessTokenApi';

type ProfileContext = IExecuteFunctions | IPollFunctions;

export interface ProfileRetryPlan {
	maxAttempts: number;
	retryBaseDelayMs: number;
}

export const DEFAULT_PROFILE_RETRY: ProfileRetryPlan = { maxAttempts: 5, retryBaseDelayMs: 500 };

export interface ProfileSpace {
	origin: string;
	spaceId: string;
}

export async function profileSpace(ctx: ProfileContext): Promise<ProfileSpace> {
	const credentials = await ctx.getCredentials(ACCESS_TOKEN_CREDENTIAL);
	// The space ID is one segment of every path: a dot segment or a broken character there would send the token elsewhere.
	let spaceId: string;
	try {
		spaceId = decodeURIComponent(pathSegment(typeof credentials.spaceId === 'string' ? credentials.spaceId : '', "The Segment Access Token API credential's Space ID"));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: "Copy the space ID (spa_…) again from Segment: Unify → Unify settings → API access." });
	}
	return { origin: apiOrigin(credentials, PROFILE_API_ORIGINS), spaceId };
}

/** What a Profile API error body says: `{"error": {"code", "message"}}`. */
function segmentError(body: unknown): { code?: string; message?: string } {
	const error = (body as { error?: unknown })?.error;
	if (error && typeof error === 'object') return error as { code?: string; message?: string };
	return {};
}

/** The answer was 404 not_found: there is no such profile. */
export class ProfileNotFound {
	constructor(readonly message: string) {}
}

/** The error a workflow builder sees for a profile Segment does not know. */
export async function profileNotFoundError(
	ctx: ProfileContext,
	notFound: ProfileNotFound,
	profileName: string,
	itemIndex?: number,
	hint = '',
): Promise<NodeApiError> {
	const { spaceId } = await profileSpace(ctx);
	const message = `No profile for ${profileName} in space ${spaceId}`;
	const error = new NodeApiError(ctx.getNode(), { message: notFound.message }, {
		message,
		description:
			`Segment matches IDs case-sensitively, as they were sent, and keeps a profile only once it has received a message for it.${hint}`,
		httpCode: '404',
		itemIndex,
	});
	error.message = message;
	return error;
}

const MAX_SHOWN = 300;
const cut = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

function profileApiError(ctx: ProfileContext, message: string, statusCode?: number, hint?: string, code?: string): NodeApiError {
	// Only Segment's code and (cut) message are kept: a whole answer may be large, or hold what it should not.
	const error = new NodeApiError(ctx.getNode(), { error: { code: code ?? null, message } } as JsonObject, {
		message,
		description: hint,
		httpCode: statusCode === undefined ? undefined : String(statusCode),
	});
	error.message = message;
	return error;
}

type ProfileAnswer = { statusCode: number; headers: Record<string, unknown>; body: unknown } | NetworkFailure;

async function send(ctx: ProfileContext, request: IHttpRequestOptions, secrets: readonly string[]): Promise<ProfileAnswer> {
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, ACCESS_TOKEN_CREDENTIAL, request)) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: unknown;
		};
		return { statusCode: response.statusCode, headers: redactValue(response.headers ?? {}, secrets), body: redactValue(response.body, secrets) };
	} catch (error) {
		// n8n's error holds the request, the token among its headers: only the network's words go on.
		const failure = networkFailureOf(error);
		return { ...failure, message: redactText(failure.message, secrets) };
	}
}

/**
 * GETs a Profile API path. `429`, `5xx` and lost connections are retried with back-off
 * (the API allows 100 requests a second per space); a missing profile comes back as
 * `ProfileNotFound`; redirects are never followed; other errors become `NodeApiError`
 * with Segment's code and message, never the token.
 */
export async function profileGet(
	ctx: ProfileContext,
	path: string,
	qs: IDataObject,
	plan: ProfileRetryPlan = DEFAULT_PROFILE_RETRY,
): Promise<IDataObject | ProfileNotFound> {
	const credentials = await ctx.getCredentials(ACCESS_TOKEN_CREDENTIAL);
	const secrets = secretForms([credentials.accessToken]);
	const origin = apiOrigin(credentials, PROFILE_API_ORIGINS);
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: `${origin}${path}`,
		qs,
		json: true,
		disableFollowRedirect: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	for (let attempt = 1; ; attempt++) {
		const response = await send(ctx, request, secrets);
		const tries = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
		if (!('statusCode' in response)) {
			if (isRetriedNetworkError(response.networkError) && attempt < plan.maxAttempts) {
				await sleep(backoffDelay(attempt, plan.retryBaseDelayMs, Math.random()));
				continue;
			}
			throw profileApiError(ctx, `Could not reach Segment's Profile API (${response.networkError ?? 'network error'}: ${cut(response.message)})${tries}`);
		}
		const verdict = judgeStatus(response.statusCode);
		if (verdict === 'delivered') return (response.body ?? {}) as IDataObject;
		if (response.statusCode >= 300 && response.statusCode < 400) {
			const location = cut(String(response.headers.location ?? 'another address'));
			throw profileApiError(ctx, `Segment's Profile API answered ${response.statusCode}, a redirect to ${location}`, response.statusCode, "Segment's APIs never redirect, so the node does not follow it (the token would go elsewhere): check the credential's region and base URL.");
		}
		const { code, message } = segmentError(response.body);
		if (response.statusCode === 404 && (code === 'not_found' || code === undefined)) {
			return new ProfileNotFound(cut(message ?? 'Profile was not found.'));
		}
		if (verdict === 'retry' && attempt < plan.maxAttempts) {
			await sleep(serverRequestedWait(response.headers, Date.now()) ?? backoffDelay(attempt, plan.retryBaseDelayMs, Math.random()));
			continue;
		}
		const said = message ?? (typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? null));
		const text = `Segment's Profile API answered ${response.statusCode}${code ? ` ${cut(code)}` : ''}: ${cut(String(said))}${verdict === 'retry' ? tries : ''}`;
		const hint =
			response.statusCode === 401 || response.statusCode === 403
				? 'Check the access token, the space ID and the region of the Segment Access Token API credential.'
				: undefined;
		throw profileApiError(ctx, text, response.statusCode, hint, code);
	}
}
