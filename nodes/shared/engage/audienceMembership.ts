/**
 * Audience membership as the Profile API gives it: Engage writes one boolean trait per
 * audience, named after the audience key, true while the person is in it and false once
 * they left. Pure.
 */

export type Membership = Record<string, boolean>;

/** The audience traits of a profile (class audience), the booleans among them. */
export function membershipOf(traits: Record<string, unknown>): Membership {
	const membership: Membership = {};
	for (const [key, value] of Object.entries(traits)) {
		if (typeof value === 'boolean') membership[key] = value;
		// Some exports write the flag as text.
		else if (value === 'true' || value === 'false') membership[key] = value === 'true';
	}
	return membership;
}

export type KeyMatch = 'all' | 'any';

/** Whether the person is in all (or any) of `keys`; with no keys, in any audience at all. */
export function isInAudiences(membership: Membership, keys: readonly string[], match: KeyMatch): boolean {
	if (keys.length === 0) return Object.values(membership).some(Boolean);
	const inKey = (key: string) => membership[key] === true;
	return match === 'any' ? keys.some(inKey) : keys.every(inKey);
}

export interface MembershipChange {
	audienceKey: string;
	entered: boolean;
}

/**
 * What changed between two readings: a key now true that was not, an entry; a key that
 * was true and is now false or gone (the audience deleted), an exit. A key first seen as
 * false is no change: the person was never in it.
 */
export function membershipChanges(before: Membership, after: Membership, keys: readonly string[] = []): MembershipChange[] {
	const watched = (key: string) => keys.length === 0 || keys.includes(key);
	const changes: MembershipChange[] = [];
	for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
		if (!watched(key)) continue;
		const was = before[key] === true;
		const is = after[key] === true;
		if (was !== is) changes.push({ audienceKey: key, entered: is });
	}
	return changes;
}
