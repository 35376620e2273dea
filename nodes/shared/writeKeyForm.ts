/**
 * The form a Segment write key takes: letters and digits (Segment's own are 32 of them),
 * and for keys of proxies and test servers `_`, `-` and `.`. Segment answers 200 to any
 * key and drops the events of a wrong one, so a key pasted with a space or a quote is the
 * one mistake that can be caught before anything is lost. Pure.
 */
export const WRITE_KEY_FORM = /^[A-Za-z0-9_.-]+$/;

/** The same rule, as the credential's expressions write it. */
export const WRITE_KEY_FORM_SOURCE = WRITE_KEY_FORM.source;

export function writeKeyProblem(key: unknown): string | undefined {
	if (typeof key !== 'string' || key === '') return 'The Segment Write Key API credential has no write key';
	if (/\s/.test(key)) return "The Segment Write Key API credential's write key has spaces or line breaks in it (pasted with them?); a write key has none";
	if (!WRITE_KEY_FORM.test(key)) return "The Segment Write Key API credential's write key has characters no write key has; it is letters and digits, as Segment shows it under the source's Settings → API Keys";
	return undefined;
}
