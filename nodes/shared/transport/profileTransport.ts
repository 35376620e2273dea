import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { apiOrigin, PROFILE_API_ORIGINS } from './baseUrls';
import { backoffDelay, judgeStatus, serverRequestedWait } from './retryPolicy';

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
	return { origin: apiOrigin(credentials, PROFILE_API_ORIGINS), spaceId: String(credentials.spaceId ?? '').trim() };
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

/**
 * GETs a Profile API path. `429` and `5xx` are retried with back-off (the API allows 100
 * requests a second per space); a missing profile comes back as `ProfileNotFound`; other
 * errors become `NodeApiError` with Segment's code and message.
 */
export async function profileGet(
	ctx: ProfileContext,
	path: string,
	qs: IDataObject,
	plan: ProfileRetryPlan = DEFAULT_PROFILE_RETRY,
): Promise<IDataObject | ProfileNotFound> {
	const { origin } = await profileSpace(ctx);
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: `${origin}${path}`,
		qs,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	for (let attempt = 1; ; attempt++) {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, ACCESS_TOKEN_CREDENTIAL, request)) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: unknown;
		};
		const verdict = judgeStatus(response.statusCode);
		if (verdict === 'delivered') return (response.body ?? {}) as IDataObject;
		const { code, message } = segmentError(response.body);
		if (response.statusCode === 404 && (code === 'not_found' || code === undefined)) {
			return new ProfileNotFound(message ?? 'Profile was not found.');
		}
		if (verdict === 'retry' && attempt < plan.maxAttempts) {
			await sleep(serverRequestedWait(response.headers, Date.now()) ?? backoffDelay(attempt, plan.retryBaseDelayMs, Math.random()));
			continue;
		}
		const text = `Segment's Profile API answered ${response.statusCode}${code ? ` ${code}` : ''}: ${message ?? JSON.stringify(response.body)}${verdict === 'retry' ? ` (gave up after ${attempt} attempts)` : ''}`;
		const hint =
			response.statusCode === 401 || response.statusCode === 403
				? 'Check the access token, the space ID and the region of the Segment Access Token API credential.'
				: undefined;
		const error = new NodeApiError(ctx.getNode(), (response.body ?? {}) as JsonObject, {
			message: text,
			description: hint,
			httpCode: String(response.statusCode),
		});
		error.message = text;
		throw error;
	}
}
