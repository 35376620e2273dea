import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { apiOrigin, TRACKING_API_ORIGINS } from './baseUrls';
import type { BatchResponse, DeliveryFailure, DeliveryPlan, MessageSource, OutgoingMessage } from './deliverMessages';
import { deliverMessages } from './deliverMessages';
import { concatPieces, gzipPieces } from './gzip';
import type { NetworkFailure } from './networkFailure';
import { networkFailureOf } from './networkFailure';
import { redactText, redactValue, secretForms } from './redact';
import { writeKeyProblem } from '../writeKeyForm';

export const WRITE_KEY_CREDENTIAL = 'segmentWriteKeyApi';

/** Sends messages to Segment's Tracking API with the node's write-key credential. */
export async function sendToTrackingApi(
	this: IExecuteFunctions,
	messages: readonly OutgoingMessage[] | MessageSource,
	plan: DeliveryPlan,
): Promise<Array<DeliveryFailure | undefined>> {
	if ((Array.isArray(messages) ? messages.length : (messages as MessageSource).sizes.length) === 0) return [];
	const credentials = await this.getCredentials(WRITE_KEY_CREDENTIAL);
	const origin = apiOrigin(credentials, TRACKING_API_ORIGINS);
	if (!/^https?:\/\/[^/]/.test(origin)) {
		throw new NodeOperationError(this.getNode(), `The credential's base URL "${origin}" is not an http(s) address`);
	}
	// Segment would answer 200 to a malformed key and drop every event.
	const keyProblem = writeKeyProblem(credentials.writeKey);
	if (keyProblem) throw new NodeOperationError(this.getNode(), keyProblem, { description: 'Nothing was sent. Copy the key again from Segment into the credential.' });
	const url = `${origin}/v1/batch`;
	const secrets = secretForms([credentials.writeKey]);
	const send = async (body: Iterable<string>, retryCount: number): Promise<BatchResponse | NetworkFailure> => {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url,
			// A Buffer goes out as it is; a string would be parsed once more by the HTTP client
			// to check that it is JSON, which at 475 KB a request is not free. Segment's limits
			// count the JSON before compression, and the batches were packed by them.
			body: plan.compress ? await gzipPieces(body) : concatPieces(body),
			headers: {
				'Content-Type': 'application/json',
				...(plan.compress ? { 'Content-Encoding': 'gzip' } : {}),
				...(retryCount > 0 ? { 'X-Retry-Count': String(retryCount) } : {}),
			},
			timeout: plan.timeoutMs,
			// A redirect would carry the write key elsewhere and turn the POST into a GET without its events.
			disableFollowRedirect: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				WRITE_KEY_CREDENTIAL,
				request,
			)) as BatchResponse;
			// What came back may hold the key (a proxy echoing the request): it goes no further.
			return { statusCode: response.statusCode, headers: redactValue(response.headers ?? {}, secrets), body: redactValue(response.body, secrets) };
		} catch (error) {
			const failure = networkFailureOf(error);
			return { ...failure, message: redactText(failure.message, secrets) };
		}
	};
	return await deliverMessages(messages, plan, {
		send,
		sleep: async (ms) => await sleep(ms),
		now: () => Date.now(),
		random: () => Math.random(),
	});
}
