/**
 * Keeping credentials out of what the node shows, logs and stores. A secret can come back
 * from a proxy or a misbehaving server in any of the forms it was sent in: as it is, inside
 * a Basic header (base64 of `secret:`), or URL-encoded. Pure.
 */

export const REDACTED = '[redacted]';

// Shorter values (an empty field, a region code) are no secret worth hunting for, and
// replacing them would garble every message.
const MIN_SECRET_LENGTH = 6;

/** Every form in which each secret may show up in text. */
export function secretForms(secrets: readonly unknown[]): string[] {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		for (const form of [
			secret,
			Buffer.from(`${secret}:`, 'utf8').toString('base64'),
			Buffer.from(secret, 'utf8').toString('base64'),
			encodeURIComponent(secret),
		]) {
			forms.add(form);
			// base64 padding may have been cut, or come in another case from a proxy.
			forms.add(form.replace(/=+$/, ''));
		}
	}
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function redactText(text: string, forms: readonly string[]): string {
	let result = text;
	for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
	return result;
}

/** A JSON value with every secret form replaced, wherever it sits. */
export function redactValue<T>(value: T, forms: readonly string[]): T {
	if (forms.length === 0 || value === undefined || value === null) return value;
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	if (text === undefined || !forms.some((form) => text.includes(form))) return value;
	const clean = redactText(text, forms);
	return (typeof value === 'string' ? clean : JSON.parse(clean)) as T;
}
