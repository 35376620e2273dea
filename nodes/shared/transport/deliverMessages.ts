import { SEGMENT_LIMITS } from './limits';
import { batchBodyPieces, packBatches } from './packBatches';
import type { NetworkFailure } from './networkFailure';
import { backoffDelay, isRetriedNetworkError, judgeStatus, serverRequestedWait } from './retryPolicy';

export interface BatchResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}


export interface DeliveryFailure {
	/** What went wrong, in words for the workflow builder. */
	reason: string;
	statusCode?: number;
	attempts: number;
	/** Segment's answer, as it came. */
	response?: unknown;
}

export interface DeliveryPlan {
	maxAttempts: number;
	timeoutMs: number;
	concurrency: number;
	maxBatchMessages: number;
	retryBaseDelayMs: number;
	/** gzip each request body (Content-Encoding: gzip). */
	compress?: boolean;
}

export interface DeliveryIo {
	/** Posts one batch body, given as pieces to read in order; `retryCount` is 0 on the first attempt. */
	send(body: Iterable<string>, retryCount: number): Promise<BatchResponse | NetworkFailure>;
	sleep(ms: number): Promise<void>;
	now(): number;
	random(): number;
}

export interface OutgoingMessage {
	json: string;
	bytes: number;
}

/**
 * The messages to deliver, as the transport reads them: every size up front (to pack the
 * batches), each message's JSON when its batch goes out, and word when a batch is
 * settled, so that a source that builds messages on demand can let them go.
 */
export interface MessageSource {
	sizes: ArrayLike<number>;
	jsonOf(position: number): string;
	settled?(positions: readonly number[]): void;
}

export function arraySource(messages: readonly OutgoingMessage[]): MessageSource {
	return { sizes: messages.map((message) => message.bytes), jsonOf: (position) => messages[position].json };
}

function isNetworkFailure(answer: BatchResponse | NetworkFailure): answer is NetworkFailure {
	return (answer as BatchResponse).statusCode === undefined;
}

function answerText(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'no details';
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** What an answer said, in words: a redirect is named as such, since Segment's Tracking API never sends one. */
function answerReason(answer: BatchResponse): string {
	if (answer.statusCode >= 300 && answer.statusCode < 400) {
		const location = String(answer.headers.location ?? answer.headers.Location ?? 'another address').slice(0, 200);
		return `Segment answered ${answer.statusCode}, a redirect to ${location}: Segment's Tracking API never redirects, so it was not followed (and the events were not sent there); check the credential's region and base URL`;
	}
	return `Segment answered ${answer.statusCode}: ${answerText(answer.body)}`;
}

function attemptsText(attempts: number): string {
	return attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}

function networkReason(failure: NetworkFailure, timeoutMs: number): string {
	if (failure.networkError === 'ECONNABORTED' || failure.networkError === 'ETIMEDOUT') {
		return `Segment did not answer within ${timeoutMs} ms`;
	}
	return `Could not reach Segment (${failure.networkError ?? 'network error'}: ${failure.message})`;
}

/**
 * Delivers messages in batches within Segment's limits and says, for each message, whether
 * it was delivered (`undefined`) or why not. Every attempt of a batch sends the same
 * messages with the same messageIds, so a retry can never create a duplicate event; a batch
 * Segment refuses for its content is split until the refused messages stand alone.
 */
export async function deliverMessages(
	messages: readonly OutgoingMessage[] | MessageSource,
	plan: DeliveryPlan,
	io: DeliveryIo,
): Promise<Array<DeliveryFailure | undefined>> {
	const source = Array.isArray(messages) ? arraySource(messages) : (messages as MessageSource);
	const failures: Array<DeliveryFailure | undefined> = new Array(source.sizes.length).fill(undefined);
	const batches = packBatches(source.sizes, { maxBytes: SEGMENT_LIMITS.maxBatchBytes, maxMessages: plan.maxBatchMessages });

	const failAll = (positions: number[], failure: DeliveryFailure) => {
		for (const position of positions) failures[position] = failure;
	};

	const sendBatch = async (positions: number[]): Promise<void> => {
		let lastFailure: DeliveryFailure | undefined;
		const maxAttempts = Math.max(1, plan.maxAttempts);
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			const body = batchBodyPieces(positions.length, (index) => source.jsonOf(positions[index]), new Date(io.now()).toISOString());
			const answer = await io.send(body, attempt - 1);
			let waitMs: number | undefined;
			if (isNetworkFailure(answer)) {
				const reason = networkReason(answer, plan.timeoutMs);
				if (!isRetriedNetworkError(answer.networkError)) {
					return failAll(positions, { reason, attempts: attempt });
				}
				lastFailure = { reason, attempts: attempt };
			} else {
				const verdict = judgeStatus(answer.statusCode);
				if (verdict === 'delivered') return;
				const said = answerReason(answer);
				if (verdict === 'split') {
					if (positions.length === 1) {
						return failAll(positions, {
							reason: `${said} (Segment refused this message)`,
							statusCode: answer.statusCode,
							attempts: attempt,
							response: answer.body,
						});
					}
					const half = Math.ceil(positions.length / 2);
					await sendBatch(positions.slice(0, half));
					return sendBatch(positions.slice(half));
				}
				const failure = { reason: said, statusCode: answer.statusCode, attempts: attempt, response: answer.body };
				if (verdict === 'reject') return failAll(positions, failure);
				lastFailure = failure;
				waitMs = serverRequestedWait(answer.headers, io.now());
			}
			if (attempt < maxAttempts) {
				await io.sleep(waitMs ?? backoffDelay(attempt, plan.retryBaseDelayMs, io.random()));
			}
		}
		if (lastFailure) {
			failAll(positions, { ...lastFailure, reason: `${lastFailure.reason} (gave up after ${attemptsText(maxAttempts)})` });
		}
	};

	let next = 0;
	const worker = async () => {
		while (next < batches.length) {
			const batch = batches[next++];
			await sendBatch(batch);
			source.settled?.(batch);
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(plan.concurrency, batches.length)) }, worker);
	await Promise.all(workers);
	return failures;
}
