/**
 * What Engage sends when a person enters or leaves an audience, read from one Segment
 * event: an `identify` whose boolean trait is named after the audience key, or a `track`
 * "Audience Entered" / "Audience Exited" whose `properties.audience_key` names it. Engage
 * marks both with `context.personas` (`computation_class` "audience", `computation_key`,
 * `computation_id`, `space_id`), as segmentio/action-destinations' audience actions read
 * them. Pure.
 */

export interface AudienceChange {
	audienceKey: string;
	entered: boolean;
	userId: string | null;
	anonymousId: string | null;
	email: string | null;
	traits: Record<string, unknown>;
	timestamp: string | null;
	messageId: string | null;
	audienceId: string | null;
	spaceId: string | null;
}

export const AUDIENCE_ENTERED = 'Audience Entered';
export const AUDIENCE_EXITED = 'Audience Exited';

type SegmentEvent = Record<string, unknown> & { type: string };

function objectAt(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const textOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

function change(event: SegmentEvent, audienceKey: string, entered: boolean): AudienceChange {
	const context = objectAt(event.context);
	const personas = objectAt(context.personas);
	const traits = event.type === 'identify' ? objectAt(event.traits) : objectAt(context.traits);
	const properties = objectAt(event.properties);
	return {
		audienceKey,
		entered,
		userId: textOrNull(event.userId),
		anonymousId: textOrNull(event.anonymousId),
		email: textOrNull(traits.email) ?? textOrNull(properties.email) ?? textOrNull(objectAt(context.traits).email),
		traits,
		timestamp: textOrNull(event.timestamp) ?? textOrNull(event.receivedAt),
		messageId: textOrNull(event.messageId),
		audienceId: textOrNull(personas.computation_id),
		spaceId: textOrNull(personas.space_id) ?? textOrNull(personas.namespace),
	};
}

/**
 * The audience changes one event carries, for the chosen keys (all when none). An event
 * Engage did not mark is read only for the chosen keys, so that a sign-up's
 * `newsletter: true` is not taken for an audience; a computed trait is never one.
 */
export function audienceChangesOf(event: SegmentEvent, keys: readonly string[] = []): AudienceChange[] {
	const personas = objectAt(objectAt(event.context).personas);
	const computationClass = textOrNull(personas.computation_class);
	if (computationClass !== null && computationClass !== 'audience') return [];
	const marked = textOrNull(personas.computation_key);
	const wanted = (key: string) => keys.length === 0 || keys.includes(key);

	if (event.type === 'track') {
		const properties = objectAt(event.properties);
		const key = marked ?? textOrNull(properties.audience_key);
		if (key === null || !wanted(key)) return [];
		if (event.event === AUDIENCE_ENTERED) return [change(event, key, true)];
		if (event.event === AUDIENCE_EXITED) return [change(event, key, false)];
		// Engage lets the event be renamed: the flag under the key still says which way.
		return marked !== null && typeof properties[key] === 'boolean' ? [change(event, key, properties[key] as boolean)] : [];
	}
	if (event.type === 'identify') {
		const traits = objectAt(event.traits);
		const candidates = marked !== null ? [marked] : keys;
		return candidates.filter((key) => wanted(key) && typeof traits[key] === 'boolean').map((key) => change(event, key, traits[key] as boolean));
	}
	return [];
}
