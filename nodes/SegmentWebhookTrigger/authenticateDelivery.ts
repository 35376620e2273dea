import type { Refusal } from './delivery';
import { carriesRequestToken, isSignedBySegment } from './signature';

/** What a delivery must prove, from the node's credential, set-up and parameters. */
export interface DeliveryKeys {
	/** The secret Segment signs with; none: deliveries are not checked (set up by hand, without a credential). */
	secret?: string;
	/** The set-up made a secret, so a delivery without one to check it against is refused, never let through. */
	secretRequired: boolean;
	/** Sent by Segment as `Authorization: Bearer …`; what lets a batch in. */
	requestToken?: string;
	acceptBatches: boolean;
}

export interface DeliveryHeaders {
	signature?: string;
	authorization?: string;
}

export const SIGNATURE_REFUSAL = 'The X-Signature header is missing, or does not match the shared secret';

/**
 * Whether a delivery comes from Segment, as far as the keys can tell. Pure. Segment signs
 * only the first event of a batch, so anyone holding one signed delivery could put forged
 * events behind it: a batch is taken only when the whole request carries the request
 * token, and only when the trigger was told that Segment sends batches.
 */
export function authenticateDelivery(keys: DeliveryKeys, headers: DeliveryHeaders, rawBody: Buffer, parsed: unknown): Refusal | undefined {
	if (keys.secretRequired && keys.secret === undefined) {
		return {
			status: 401,
			unauthenticated: true,
			message:
				'No shared secret is known for the automatic set-up (the workflow keeps none): the delivery cannot be checked, so it is refused. Deactivate and activate the workflow again to make a new one.',
		};
	}
	if (keys.acceptBatches && keys.requestToken !== undefined && !carriesRequestToken(keys.requestToken, headers.authorization)) {
		return {
			status: 401,
			unauthenticated: true,
			message: 'The Authorization header is missing, or does not carry the request token (Authorization: Bearer <Request Token>)',
		};
	}
	if (keys.secret !== undefined && !isSignedBySegment(keys.secret, headers.signature, rawBody, parsed)) {
		return { status: 401, unauthenticated: true, message: SIGNATURE_REFUSAL };
	}
	if (!Array.isArray(parsed)) return undefined;
	if (!keys.acceptBatches) {
		return {
			status: 400,
			message:
				"The delivery is a batch (a JSON list), and this trigger takes one event a request: Segment signs only a batch's first event, so the others cannot be checked. Turn batching off in the Webhooks destination's mapping, or turn on Segment Sends Batches in the trigger and give it a request token.",
		};
	}
	if (keys.requestToken === undefined) {
		return {
			status: 401,
			unauthenticated: true,
			message:
				"The delivery is a batch, and Segment signs only a batch's first event: batches are taken only with a request token (the Request Token of the Segment Webhook Secret API credential, sent as Authorization: Bearer <Request Token>)",
		};
	}
	return undefined;
}
