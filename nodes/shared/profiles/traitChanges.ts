/** Trait changes of a watched profile between two polls. Pure. */

export interface TraitChange {
	old: unknown;
	new: unknown;
}

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** The watched part of a profile's traits: all of them when `watched` is empty. */
export function watchedTraits(traits: Record<string, unknown>, watched: readonly string[]): Record<string, unknown> {
	if (watched.length === 0) return { ...traits };
	return Object.fromEntries(watched.filter((name) => name in traits).map((name) => [name, traits[name]]));
}

/** What changed from `before` to `after`; a trait that appeared has `old: null`, one that went `new: null`. */
export function diffTraits(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, TraitChange> {
	const changes: Record<string, TraitChange> = {};
	for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (!same(before[name], after[name])) changes[name] = { old: before[name] ?? null, new: after[name] ?? null };
	}
	return changes;
}
