import { createHash, randomUUID } from 'crypto';

export function randomMessageId(): string {
	return randomUUID();
}

function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as Record<string, unknown>)
			.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
		return `{${entries.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * A messageId that is the same whenever the message is the same, so that re-running an
 * execution sends ids Segment has already seen and drops. Left out of the hash: `sentAt`
 * (set per attempt) and `context.library` (a package upgrade between two runs must not
 * turn the re-run into new events).
 */
export function contentMessageId(message: Record<string, unknown>): string {
	const hashed: Record<string, unknown> = { ...message };
	delete hashed.messageId;
	delete hashed.sentAt;
	if (hashed.context !== null && typeof hashed.context === 'object' && !Array.isArray(hashed.context)) {
		const context = { ...(hashed.context as Record<string, unknown>) };
		delete context.library;
		hashed.context = context;
	}
	const digest = createHash('sha256').update(canonicalJson(hashed)).digest('hex');
	return `n8n-${digest}`;
}

/**
 * UUIDs (version 4 form) that a run can make again for the same position: a message
 * built a second time, to be sent without keeping every message in memory, keeps the ID
 * it was first given. Each run draws its own random 76-bit prefix; the position fills
 * the last group, so the IDs of a run never collide and cost no hashing.
 */
export function seededMessageIds(key: string = randomUUID()): (position: number) => string {
	const hex = createHash('sha256').update(key).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	const prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-`;
	return (position) => prefix + position.toString(16).padStart(12, '0');
}
