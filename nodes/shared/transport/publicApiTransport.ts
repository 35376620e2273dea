import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { apiOrigin, PUBLIC_API_ORIGINS } from './baseUrls';
import { nextCursor, pageCount, stuckCursorMessage } from './cursorPages';
import type { NetworkFailure } from './networkFailure';
import { networkFailureOf } from './networkFailure';
import { backoffDelay, isRetriedNetworkError, judgeStatus, serverRequestedWait } from './retryPolicy';

export const PUBLIC_API_CREDENTIAL = 'segmentPublicApi';

export type PublicApiContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

export interface PublicApiCall {
	method: IHttpRequestMethods;
	/** From the API's root, e.g. `/sources/abc`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Alpha endpoints (destination subscriptions) answer only to their own media type. */
	alpha?: boolean;
}

export interface PublicApiRetryPlan {
	maxAttempts: number;
	retryBaseDelayMs: number;
}

export const DEFAULT_PUBLIC_API_RETRY: PublicApiRetryPlan = { maxAttempts: 5, retryBaseDelayMs: 1_000 };

/** How long one request may take: Segment answers in well under a second when it is well. */
const PUBLIC_API_TIMEOUT_MS = 30_000;

interface PublicApiResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

// Errors that mean the request never reached Segment.
const UNSENT_NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failed call may be made again. A 429 was not processed, so it always may. A
 * POST creates something (a privacy request, a destination): after a 5xx or a time-out it
 * may already exist, and sending it again could create it twice, so it is only sent again
 * when it surely never arrived.
 */
export function mayRetry(method: IHttpRequestMethods, answer: { statusCode: number } | NetworkFailure): boolean {
	if ('statusCode' in answer) {
		if (answer.statusCode === 429) return true;
		return judgeStatus(answer.statusCode) === 'retry' && method !== 'POST';
	}
	if (method === 'POST') return answer.networkError !== undefined && UNSENT_NETWORK_ERRORS.has(answer.networkError);
	return isRetriedNetworkError(answer.networkError);
}

/** What Segment said: the messages of `{"errors": [{"type", "message", "field"}]}`. */
export function publicApiErrorText(body: unknown): string {
	const errors = (body as { errors?: unknown } | null | undefined)?.errors;
	if (Array.isArray(errors) && errors.length > 0) {
		return errors
			.map((error: { message?: unknown; field?: unknown; type?: unknown }) => {
				const text = String(error?.message ?? error?.type ?? 'no message');
				return error?.field ? `${text} (field ${String(error.field)})` : text;
			})
			.join('; ');
	}
	if (body === undefined || body === null || body === '') return 'no details';
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const STATUS_HINTS: Record<number, string> = {
	401: 'Segment did not accept the token of the Segment Public API credential: check that it is whole and not revoked, and that the region is the workspace\'s own.',
	403: 'The token is valid but may not do this: in Segment, give it the Workspace Owner role or a role that covers this resource.',
	404: 'Segment has nothing with this ID in the workspace of the token: check the ID, and the region of the credential.',
	422: 'Segment refused the values sent; its message names what to change.',
	429: "Segment's rate limit for this endpoint was reached: run fewer items at a time, or wait a minute.",
};

// What a POST left undecided: it may have been carried out.
const MAYBE_CREATED_HINT =
	'Segment may have taken the request before the answer was lost: look (e.g. with Get Many) before running it again, or it may be made twice.';

function apiError(ctx: PublicApiContext, message: string, body: unknown, statusCode?: number, hint?: string): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), (body && typeof body === 'object' ? body : {}) as JsonObject, {
		message,
		description: hint ?? (statusCode === undefined ? undefined : STATUS_HINTS[statusCode]),
		httpCode: statusCode === undefined ? undefined : String(statusCode),
	});
	// NodeApiError swaps some messages for generic ones; this one says what Segment said.
	error.message = message;
	return error;
}

async function send(ctx: PublicApiContext, origin: string, call: PublicApiCall): Promise<PublicApiResponse | NetworkFailure> {
	const mediaType = call.alpha ? 'application/vnd.segment.v1alpha+json' : 'application/json';
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${origin}${call.path}`,
		qs: call.qs,
		arrayFormat: 'repeat',
		headers: { Accept: mediaType, ...(call.body ? { 'Content-Type': mediaType } : {}) },
		...(call.body ? { body: call.body } : {}),
		json: true,
		timeout: PUBLIC_API_TIMEOUT_MS,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, PUBLIC_API_CREDENTIAL, request)) as PublicApiResponse;
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
	} catch (error) {
		// Only what the network said: n8n's error also holds the request and its headers.
		return networkFailureOf(error);
	}
}

/**
 * Calls the Public API with the node's Segment Public API credential and returns the
 * answer's `data`. `429` is retried as Segment asks (`X-RateLimit-Reset`), `5xx` and
 * network errors with back-off where sending again is safe; other answers become errors
 * that carry Segment's own message and never the token.
 */
export async function publicApiRequest(
	ctx: PublicApiContext,
	call: PublicApiCall,
	plan: PublicApiRetryPlan = DEFAULT_PUBLIC_API_RETRY,
): Promise<IDataObject> {
	const credentials = await ctx.getCredentials(PUBLIC_API_CREDENTIAL);
	const origin = apiOrigin(credentials, PUBLIC_API_ORIGINS);
	for (let attempt = 1; ; attempt++) {
		const answer = await send(ctx, origin, call);
		const gaveUp = attempt >= plan.maxAttempts;
		if ('statusCode' in answer && judgeStatus(answer.statusCode) === 'delivered') {
			return ((answer.body as { data?: IDataObject } | undefined)?.data ?? {}) as IDataObject;
		}
		if (!gaveUp && mayRetry(call.method, answer)) {
			const asked = 'statusCode' in answer ? serverRequestedWait(answer.headers, Date.now(), answer.body) : undefined;
			await sleep(asked ?? backoffDelay(attempt, plan.retryBaseDelayMs, Math.random()));
			continue;
		}
		const tries = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
		const undecided = call.method === 'POST' && (!('statusCode' in answer) || answer.statusCode >= 500) ? MAYBE_CREATED_HINT : undefined;
		if (!('statusCode' in answer)) {
			throw apiError(ctx, `Could not reach Segment's Public API (${answer.networkError ?? 'network error'}: ${answer.message})${tries}`, {}, undefined, undecided);
		}
		const said = `Segment's Public API answered ${answer.statusCode}: ${publicApiErrorText(answer.body)}${tries}`;
		throw apiError(ctx, said, answer.body, answer.statusCode, undecided);
	}
}

export interface PublicApiList {
	path: string;
	/** The key of the list inside `data`, e.g. `sources`. */
	key: string;
	qs?: IDataObject;
	/** Stop after this many entries; all of them when undefined. */
	max?: number;
	/** Stop after the page that holds an entry like this: a search, not a read of everything. */
	until?(entry: IDataObject): boolean;
}

/** Reads a list, following `pagination.next` to the end or until `max` entries. */
export async function publicApiList(ctx: PublicApiContext, list: PublicApiList): Promise<IDataObject[]> {
	const entries: IDataObject[] = [];
	const followed = new Set<string>();
	let cursor: string | undefined;
	do {
		const page = await publicApiPage(ctx, list, pageCount(list.max, entries.length), cursor);
		entries.push(...page.entries);
		if (list.max !== undefined && entries.length >= list.max) return entries.slice(0, list.max);
		if (list.until && page.entries.some(list.until)) return entries;
		if (cursor !== undefined) followed.add(cursor);
		const step = nextCursor(page.pagination, followed);
		if (step.stuck) throw apiError(ctx, stuckCursorMessage(step.next!), {});
		cursor = step.next;
	} while (cursor !== undefined);
	return entries;
}

/** One page of a list and its `pagination`, for pickers that page on demand. */
export async function publicApiPage(
	ctx: PublicApiContext,
	list: Pick<PublicApiList, 'path' | 'key' | 'qs'>,
	count: number,
	cursor?: string,
): Promise<{ entries: IDataObject[]; pagination: unknown }> {
	const data = await publicApiRequest(ctx, {
		method: 'GET',
		path: list.path,
		qs: { ...list.qs, 'pagination.count': count, ...(cursor ? { 'pagination.cursor': cursor } : {}) },
	});
	const entries = data[list.key];
	return { entries: Array.isArray(entries) ? (entries as IDataObject[]) : [], pagination: data.pagination };
}
