import { createHash } from 'crypto';

/**
 * What Engage sends when a person (or an account) enters or leaves an audience, read from
 * one Segment event as Segment itself reads it: `engageAudienceMembership` in
 * segmentio/action-destinations (`packages/core/src/audience-membership.ts`). Engage marks
 * the event with `context.personas`; its `computation_class` is `audience` or
 * `journey_step`, its `computation_key` names the audience, and membership is the boolean
 * under that key: in `traits` of an `identify`, in `properties` of a `track` (whatever the
 * event is called), and, for an account audience, in `traits` of a `group` call (Engage's
 * docs). An event Engage did not mark is no audience change. Pure.
 */

export interface AudienceChange {
	audienceKey: string;
	entered: boolean;
	/** `audience` or `journey_step`, as Engage marked the call. */
	computationClass: string;
	/** `users`, or `accounts` for a group call of an account audience. */
	audienceType: 'users' | 'accounts';
	userId: string | null;
	anonymousId: string | null;
	groupId: string | null;
	email: string | null;
	traits: Record<string, unknown>;
	timestamp: string | null;
	messageId: string | null;
	audienceId: string | null;
	spaceId: string | null;
}

export const AUDIENCE_ENTERED = 'Audience Entered';
export const AUDIENCE_EXITED = 'Audience Exited';

const MEMBERSHIP_CLASSES = ['audience', 'journey_step'];

type SegmentEvent = Record<string, unknown> & { type: string };

function objectAt(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const textOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
/** Segment takes numbers as IDs and keeps them as text. */
const idOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : textOrNull(value));

/** Where Engage puts the membership flag for each kind of call. */
function flagsOf(event: SegmentEvent): Record<string, unknown> | undefined {
	if (event.type === 'identify' || event.type === 'group') return objectAt(event.traits);
	if (event.type === 'track') return objectAt(event.properties);
	return undefined;
}

/** The audience change one event carries, for the chosen keys (all when none); none when Engage did not mark it as one. */
export function audienceChangesOf(event: SegmentEvent, keys: readonly string[] = []): AudienceChange[] {
	const context = objectAt(event.context);
	const personas = objectAt(context.personas);
	const computationClass = textOrNull(personas.computation_class);
	const audienceKey = textOrNull(personas.computation_key);
	if (computationClass === null || !MEMBERSHIP_CLASSES.includes(computationClass) || audienceKey === null) return [];
	if (keys.length > 0 && !keys.includes(audienceKey)) return [];
	const flags = flagsOf(event);
	const entered = flags?.[audienceKey];
	if (typeof entered !== 'boolean') return [];
	const traits = event.type === 'track' ? objectAt(context.traits) : objectAt(event.traits);
	return [
		{
			audienceKey,
			entered,
			computationClass,
			audienceType: event.type === 'group' ? 'accounts' : 'users',
			userId: idOrNull(event.userId),
			anonymousId: idOrNull(event.anonymousId),
			groupId: idOrNull(event.groupId),
			email: textOrNull(traits.email) ?? textOrNull(objectAt(event.properties).email) ?? textOrNull(objectAt(context.traits).email),
			traits,
			timestamp: textOrNull(event.timestamp) ?? textOrNull(event.receivedAt),
			messageId: textOrNull(event.messageId),
			audienceId: textOrNull(personas.computation_id),
			spaceId: textOrNull(personas.space_id) ?? textOrNull(personas.namespace),
		},
	];
}

/**
 * Engage sends one call per identifier of a profile (one per email, say), and again when
 * the profile gains an external ID: the same change arrives several times. A change is a
 * repeat when the profile's membership in that audience is what was last emitted for it.
 * The memory is bounded: the oldest entries go first. Pure.
 */
export type MembershipMemory = Record<string, 0 | 1>;

export const MEMBERSHIP_MEMORY_LIMIT = 5_000;

/**
 * Who a change is about: the account for an account audience; the user ID, else the
 * anonymous ID, else the email; for a call that names nobody, its message ID, so that
 * Segment's retry of the same delivery is not a second change.
 */
function subjectOf(change: AudienceChange): string | null {
	if (change.audienceType === 'accounts' && change.groupId !== null) return `group:${change.groupId}`;
	if (change.audienceType === 'users' && change.userId !== null) return `user:${change.userId}`;
	if (change.audienceType === 'users' && change.anonymousId !== null) return `anonymous:${change.anonymousId}`;
	if (change.audienceType === 'users' && change.email !== null) return `email:${change.email.toLowerCase()}`;
	return change.messageId === null ? null : `message:${change.messageId}`;
}

function memoryKey(change: AudienceChange, subject: string): string {
	return createHash('sha256').update(`${change.spaceId ?? ''}\n${change.audienceId ?? change.audienceKey}\n${subject}`).digest('hex').slice(0, 20);
}

/** A memory from static data, or an empty one when it is not one (another version's, corrupt). */
export function readMembershipMemory(stored: unknown): MembershipMemory {
	const memory: MembershipMemory = Object.create(null) as MembershipMemory;
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return memory;
	for (const [key, value] of Object.entries(stored)) if (/^[0-9a-f]{20}$/.test(key) && (value === 0 || value === 1)) memory[key] = value;
	return memory;
}

export function dropRepeatedChanges(changes: readonly AudienceChange[], stored: unknown, limit = MEMBERSHIP_MEMORY_LIMIT): { fresh: AudienceChange[]; memory: MembershipMemory } {
	const memory = readMembershipMemory(stored);
	const fresh: AudienceChange[] = [];
	for (const change of changes) {
		const subject = subjectOf(change);
		// Nobody to tell apart: it cannot be a repeat of anything.
		if (subject === null) {
			fresh.push(change);
			continue;
		}
		const key = memoryKey(change, subject);
		const value = change.entered ? 1 : 0;
		if (memory[key] === value) continue;
		// Moved to the end: the newest entries are the last to be forgotten.
		delete memory[key];
		memory[key] = value;
		fresh.push(change);
	}
	const keys = Object.keys(memory);
	for (const key of keys.slice(0, Math.max(0, keys.length - limit))) delete memory[key];
	return { fresh, memory };
}
