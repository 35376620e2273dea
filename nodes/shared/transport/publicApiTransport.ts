import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { apiOrigin, PUBLIC_API_ORIGINS } from './baseUrls';
import { nextCursor, pageCount, PUBLIC_API_PAGE_SIZE, stuckCursorMessage } from './cursorPages';
import type { NetworkFailure } from './networkFailure';
import { networkFailureOf } from './networkFailure';
import { redactText, redactValue, secretForms } from './redact';
import { backoffDelay, isRetriedNetworkError, judgeStatus, MAX_SERVER_REQUESTED_WAIT_MS, requestedWaitMs } from './retryPolicy';

export const PUBLIC_API_CREDENTIAL = 'segmentPublicApi';

export type PublicApiContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

/** The API version an endpoint has: alpha-only and beta-only endpoints answer only to their own media type. */
export type PublicApiVersion = 'alpha' | 'beta';

export interface PublicApiCall {
	method: IHttpRequestMethods;
	/** From the API's root, e.g. `/sources/abc`; each ID in it already made a safe path segment. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	version?: PublicApiVersion;
	/** What to tell the workflow builder for an answer, where this endpoint means more than the usual. */
	hints?: Partial<Record<number, string>>;
}

export interface PublicApiRetryPlan {
	maxAttempts: number;
	retryBaseDelayMs: number;
	/**
	 * When the caller must have its answer (epoch ms): a wait for Segment (a sync, a
	 * preview) is bounded by its own Timeout, Segment's Retry-After and the request's own
	 * time-out included.
	 */
	deadlineMs?: number;
}

/** A call that could not be answered before the caller's deadline: the wait it belongs to is over. */
export class DeadlinePassed extends Error {}

export const DEFAULT_PUBLIC_API_RETRY: PublicApiRetryPlan = { maxAttempts: 5, retryBaseDelayMs: 1_000 };

/** How long one request may take: Segment answers in well under a second when it is well. */
const PUBLIC_API_TIMEOUT_MS = 30_000;

const MEDIA_TYPES: Record<PublicApiVersion | 'stable', string> = {
	stable: 'application/json',
	beta: 'application/vnd.segment.v1beta+json',
	alpha: 'application/vnd.segment.v1alpha+json',
};

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

const MAX_ERROR_TEXT = 300;

function cut(text: string): string {
	return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

/** What Segment said: the messages of `{"errors": [{"type", "message", "field"}]}`, cut to a readable length. */
export function publicApiErrorText(body: unknown): string {
	const errors = (body as { errors?: unknown } | null | undefined)?.errors;
	if (Array.isArray(errors) && errors.length > 0) {
		return cut(
			errors
				.slice(0, 5)
				.map((error: { message?: unknown; field?: unknown; type?: unknown }) => {
					const text = String(error?.message ?? error?.type ?? 'no message');
					return error?.field ? `${text} (field ${String(error.field)})` : text;
				})
				.join('; '),
		);
	}
	if (body === undefined || body === null || body === '') return 'no details';
	return cut(typeof body === 'string' ? body : JSON.stringify(body));
}

const STATUS_HINTS: Record<number, string> = {
	401: "Segment did not accept the token of the Segment Public API credential, or the token lacks a permission this needs (Segment answers 401 for both): check that it is whole and not revoked, that the region is the workspace's own, and that its roles cover this resource.",
	403: 'The token is valid but may not do this: in Segment, give it the Workspace Owner role or a role that covers this resource.',
	404: 'Segment has nothing with this ID in the workspace of the token: check the ID, and the region of the credential.',
	422: 'Segment refused the values sent; its message names what to change.',
	429: "Segment's rate limit for this endpoint was reached: run fewer items at a time, or wait a minute.",
};

const REDIRECT_HINT =
	"Segment's APIs never redirect, so the node does not follow it (the request and its token would go elsewhere): check the credential's region and base URL.";

// What a POST left undecided: it may have been carried out.
const MAYBE_CREATED_HINT =
	'Segment may have taken the request before the answer was lost: look (e.g. with Get Many) before running it again, or it may be made twice.';

/** Minutes, hours and days, for a wait a person can picture. */
function durationText(ms: number): string {
	const minutes = Math.ceil(ms / 60_000);
	if (minutes < 120) return `${minutes} minutes`;
	const hours = Math.round(minutes / 60);
	return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

interface ErrorParts {
	message: string;
	body?: unknown;
	statusCode?: number;
	hint?: string;
}

function apiError(ctx: PublicApiContext, secrets: readonly string[], { message, body, statusCode, hint }: ErrorParts): NodeApiError {
	const clean = redactText(message, secrets);
	const error = new NodeApiError(ctx.getNode(), redactValue(body && typeof body === 'object' ? body : {}, secrets) as JsonObject, {
		message: clean,
		description: hint === undefined ? undefined : redactText(hint, secrets),
		httpCode: statusCode === undefined ? undefined : String(statusCode),
	});
	// NodeApiError swaps some messages for generic ones; this one says what Segment said.
	error.message = clean;
	return error;
}

async function send(ctx: PublicApiContext, origin: string, call: PublicApiCall, timeoutMs: number): Promise<PublicApiResponse | NetworkFailure> {
	const mediaType = MEDIA_TYPES[call.version ?? 'stable'];
	const request: IHttpRequestOptions = {
		method: call.method,
		url: `${origin}${call.path}`,
		qs: call.qs,
		arrayFormat: 'repeat',
		headers: { Accept: mediaType, ...(call.body ? { 'Content-Type': mediaType } : {}) },
		...(call.body ? { body: call.body } : {}),
		json: true,
		timeout: timeoutMs,
		disableFollowRedirect: true,
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

/** An answer's `data`: an object, or nothing (a `null`, a list, text where an object belongs). */
function dataOf(body: unknown): IDataObject {
	const data = (body as { data?: unknown } | null | undefined)?.data;
	return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
}

function hintFor(call: PublicApiCall, statusCode: number): string | undefined {
	return call.hints?.[statusCode] ?? STATUS_HINTS[statusCode];
}

/**
 * Calls the Public API with the node's Segment Public API credential and returns the
 * answer's `data`. `429` is retried as Segment asks (`msBeforeNext`, `X-RateLimit-Reset`)
 * unless that is further away than a retry can wait, `5xx` and network errors with
 * back-off where sending again is safe; redirects are never followed; other answers
 * become errors that carry Segment's own message and never the token.
 */
export async function publicApiRequest(
	ctx: PublicApiContext,
	call: PublicApiCall,
	plan: PublicApiRetryPlan = DEFAULT_PUBLIC_API_RETRY,
): Promise<IDataObject> {
	const answer = await callPublicApi(ctx, call, plan, false);
	return 'data' in answer ? answer.data : {};
}

/**
 * Deletes something, and says whether it was there: one already gone (404) is what a
 * delete asks for, so a workflow run a second time does not fail on it.
 */
export async function publicApiDelete(ctx: PublicApiContext, call: Omit<PublicApiCall, 'method'>, plan: PublicApiRetryPlan = DEFAULT_PUBLIC_API_RETRY): Promise<'deleted' | 'gone'> {
	const answer = await callPublicApi(ctx, { ...call, method: 'DELETE' }, plan, true);
	return 'data' in answer ? 'deleted' : 'gone';
}

async function callPublicApi(
	ctx: PublicApiContext,
	call: PublicApiCall,
	plan: PublicApiRetryPlan,
	notFoundIsAnswer: boolean,
): Promise<{ data: IDataObject } | { notFound: true }> {
	const credentials = await ctx.getCredentials(PUBLIC_API_CREDENTIAL);
	const secrets = secretForms([credentials.token]);
	const origin = apiOrigin(credentials, PUBLIC_API_ORIGINS);
	if (!/^https?:\/\/[^/]/.test(origin)) {
		throw apiError(ctx, secrets, { message: `The Segment Public API credential's base URL "${origin}" is not an http(s) address` });
	}
	const left = () => (plan.deadlineMs === undefined ? Infinity : plan.deadlineMs - Date.now());
	// A retry's sleep that would outlast the caller's deadline is not slept.
	const pause = async (ms: number) => {
		if (ms >= left()) throw new DeadlinePassed(`Segment asked to wait ${Math.ceil(ms / 1000)} seconds, past the wait's Timeout`);
		await sleep(ms);
	};
	for (let attempt = 1; ; attempt++) {
		if (left() <= 0) throw new DeadlinePassed('The wait\'s Timeout passed');
		const answer = await send(ctx, origin, call, Math.max(1, Math.min(PUBLIC_API_TIMEOUT_MS, left())));
		const tries = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
		if ('statusCode' in answer) {
			const { statusCode, headers, body } = answer;
			const verdict = judgeStatus(statusCode);
			// What Segment (or a proxy) sends back may hold the token: it goes no further.
			if (verdict === 'delivered') return { data: redactValue(dataOf(body), secrets) as IDataObject };
			if (statusCode === 404 && notFoundIsAnswer) return { notFound: true };
			if (statusCode >= 300 && statusCode < 400) {
				const location = String(headers.location ?? headers.Location ?? 'another address');
				throw apiError(ctx, secrets, { message: `Segment's Public API answered ${statusCode}, a redirect to ${cut(location)}`, statusCode, hint: REDIRECT_HINT });
			}
			const waitMs = requestedWaitMs(headers, Date.now(), body, true);
			if (statusCode === 429 && waitMs !== undefined && waitMs > MAX_SERVER_REQUESTED_WAIT_MS) {
				const resetAt = new Date(Date.now() + waitMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
				throw apiError(ctx, secrets, {
					message: `Segment's rate limit for this endpoint is used up until ${resetAt} (in ${durationText(waitMs)}): ${publicApiErrorText(body)}`,
					body,
					statusCode,
					hint: 'Some limits are per month (privacy requests: 110,000 users a calendar month): run it again after that time.',
				});
			}
			if (attempt < plan.maxAttempts && mayRetry(call.method, answer)) {
				await pause(waitMs ?? backoffDelay(attempt, plan.retryBaseDelayMs, Math.random()));
				continue;
			}
			const undecided = call.method === 'POST' && statusCode >= 500 ? MAYBE_CREATED_HINT : undefined;
			throw apiError(ctx, secrets, { message: `Segment's Public API answered ${statusCode}: ${publicApiErrorText(body)}${tries}`, body, statusCode, hint: undecided ?? hintFor(call, statusCode) });
		}
		if (attempt < plan.maxAttempts && mayRetry(call.method, answer)) {
			await pause(backoffDelay(attempt, plan.retryBaseDelayMs, Math.random()));
			continue;
		}
		throw apiError(ctx, secrets, {
			message: `Could not reach Segment's Public API (${answer.networkError ?? 'network error'}: ${cut(answer.message)})${tries}`,
			hint: call.method === 'POST' ? MAYBE_CREATED_HINT : undefined,
		});
	}
}

export interface PublicApiList {
	path: string;
	/** The key of the list inside `data`, e.g. `sources`. */
	key: string;
	qs?: IDataObject;
	version?: PublicApiVersion;
	hints?: PublicApiCall['hints'];
	/** Stop after this many entries; all of them when undefined. */
	max?: number;
	/** Stop after the page that holds an entry like this: a search, not a read of everything. */
	until?(entry: IDataObject): boolean;
	/** The most a page holds (Segment's limit for this list). */
	pageSize?: number;
}

/** The most pages one list is read for, and the most entries it returns: beyond, Limit is the way. */
export const MAX_LIST_PAGES = 1_000;
export const MAX_LIST_ENTRIES = 100_000;
/** Pages in a row with nothing on them but a new cursor: an answer that would never end. */
const MAX_EMPTY_PAGES = 5;

/** The entries of a page that are objects, and how many were not (a `null`, text): those are left out. */
export function objectEntries(value: unknown): { entries: IDataObject[]; malformed: number } {
	if (!Array.isArray(value)) return { entries: [], malformed: 0 };
	const entries = value.filter((entry): entry is IDataObject => entry !== null && typeof entry === 'object' && !Array.isArray(entry));
	return { entries, malformed: value.length - entries.length };
}

/** Says in n8n's log that an answer held entries that are not objects, and were left out. */
export function reportMalformed(ctx: PublicApiContext, what: string, malformed: number): void {
	if (malformed > 0) ctx.logger.warn(`Segment's answer for ${what} held ${malformed} entries that are not objects (null, text): they were left out`, { node: ctx.getNode().name });
}

/** Reads a list, following `pagination.next` to the end or until `max` entries. */
export async function publicApiList(ctx: PublicApiContext, list: PublicApiList): Promise<IDataObject[]> {
	const entries: IDataObject[] = [];
	let malformed = 0;
	await eachPublicApiPage(
		ctx,
		{ method: 'GET', path: list.path, qs: list.qs, version: list.version, hints: list.hints },
		(data) => {
			const page = objectEntries(data[list.key]);
			malformed += page.malformed;
			entries.push(...page.entries);
			if (list.max !== undefined && entries.length >= list.max) return false;
			if (entries.length > MAX_LIST_ENTRIES) {
				throw apiError(ctx, [], { message: `Segment's list at ${list.path} holds more than ${MAX_LIST_ENTRIES.toLocaleString('en-US')} entries; nothing was returned`, hint: 'Turn off Return All and set a Limit, or narrow the list with its filters.' });
			}
			return !(list.until && page.entries.some(list.until));
		},
		() => pageCount(list.max, entries.length, list.pageSize),
	);
	reportMalformed(ctx, list.path, malformed);
	return list.max === undefined ? entries : entries.slice(0, list.max);
}

/**
 * Walks the pages of a paginated call, handing each page's `data` to `take` until the
 * cursor ends or `take` answers false. A cursor that comes back, pages that stay empty
 * while the cursor moves on, or more pages than any list has, are an error, not an
 * endless loop.
 */
export async function eachPublicApiPage(
	ctx: PublicApiContext,
	call: PublicApiCall,
	take: (data: IDataObject) => boolean | void,
	count: () => number = () => PUBLIC_API_PAGE_SIZE,
): Promise<void> {
	const followed = new Set<string>();
	let cursor: string | undefined;
	let emptyInARow = 0;
	for (let pages = 1; ; pages++) {
		const data = await publicApiRequest(ctx, { ...call, qs: { ...call.qs, 'pagination.count': count(), ...(cursor ? { 'pagination.cursor': cursor } : {}) } });
		if (take(data) === false) return;
		if (cursor !== undefined) followed.add(cursor);
		const step = nextCursor(data.pagination, followed);
		if (step.stuck) throw stuckCursorError(ctx, step.next!);
		if (step.next === undefined) return;
		const filled = Object.values(data).some((value) => Array.isArray(value) && value.length > 0);
		emptyInARow = filled ? 0 : emptyInARow + 1;
		if (emptyInARow >= MAX_EMPTY_PAGES) throw apiError(ctx, [], { message: `Segment's Public API answered ${MAX_EMPTY_PAGES} empty pages in a row for ${call.path}, each with a new cursor, so the list would never end; nothing was returned` });
		if (pages >= MAX_LIST_PAGES) throw apiError(ctx, [], { message: `Segment's list at ${call.path} went on past ${MAX_LIST_PAGES.toLocaleString('en-US')} pages; nothing was returned`, hint: 'Turn off Return All and set a Limit, or narrow the list with its filters.' });
		cursor = step.next;
	}
}

/** A list whose cursor comes back a second time would never end. */
export function stuckCursorError(ctx: PublicApiContext, cursor: string): NodeApiError {
	return apiError(ctx, [], { message: stuckCursorMessage(cursor) });
}

/** One page of a list and its `pagination`, for pickers that page on demand. */
export async function publicApiPage(
	ctx: PublicApiContext,
	list: Pick<PublicApiList, 'path' | 'key' | 'qs' | 'version' | 'hints'>,
	count: number,
	cursor?: string,
): Promise<{ entries: IDataObject[]; pagination: unknown }> {
	const data = await publicApiRequest(ctx, {
		method: 'GET',
		path: list.path,
		version: list.version,
		hints: list.hints,
		qs: { ...list.qs, 'pagination.count': count, ...(cursor ? { 'pagination.cursor': cursor } : {}) },
	});
	const page = objectEntries(data[list.key]);
	reportMalformed(ctx, list.path, page.malformed);
	return { entries: page.entries, pagination: data.pagination };
}
