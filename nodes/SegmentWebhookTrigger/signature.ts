import { createHash, createHmac, timingSafeEqual } from 'crypto';

import { nestedTooDeeply } from '../shared/jsonDepth';

/** Segment's `X-Signature`: the hex HMAC-SHA1 of what it signs, with the shared secret. Pure. */
export function segmentSignature(secret: string, signed: Buffer | string): string {
	return createHmac('sha1', secret).update(signed).digest('hex');
}

function sameSignature(expected: string, given: string): boolean {
	const expectedBytes = Buffer.from(expected, 'utf8');
	const givenBytes = Buffer.from(given.trim().toLowerCase(), 'utf8');
	return expectedBytes.length === givenBytes.length && timingSafeEqual(expectedBytes, givenBytes);
}

/**
 * Whether `X-Signature` proves that Segment sent this delivery with this secret. One event
 * is signed over the body's bytes as they arrived. A batch (a JSON list) is signed by
 * Segment over its first event alone, as `JSON.stringify` writes it, so that is checked
 * too, after the raw body (which a sender signing the whole body would have signed).
 */
export function isSignedBySegment(secret: string, signature: string | undefined, rawBody: Buffer, parsed: unknown): boolean {
	if (!signature) return false;
	if (sameSignature(segmentSignature(secret, rawBody), signature)) return true;
	// Writing an event nested too deeply would overflow the stack; such a batch is refused for its shape anyway.
	if (!Array.isArray(parsed) || parsed.length === 0 || nestedTooDeeply(parsed[0])) return false;
	return sameSignature(segmentSignature(secret, JSON.stringify(parsed[0])), signature);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether an `Authorization` header carries `Bearer <token>`. Both sides are hashed first,
 * so the comparison takes the same time whatever the lengths. A header value that was
 * percent-encoded on its way (`Bearer%20…`) is read too: the token stays the same.
 */
export function carriesRequestToken(token: string, authorization: string | undefined): boolean {
	const match = /^\s*bearer(?:\s+|%20)(.*)$/i.exec(authorization ?? '');
	if (!match) return false;
	const given = match[1].trim();
	return timingSafeEqual(digest(token), digest(given));
}
