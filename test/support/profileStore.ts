import type { FakeMessage, ReceivedMessage } from './fakeSegment';

/**
 * What Segment Unify makes of delivered messages, for the fake Profile API: profiles
 * merged by the ids messages share, their traits (identify), track events, external ids,
 * metadata, and links to accounts (group).
 */

export interface StoredEvent {
	external_ids: Array<{ collection: string; type: string; id: string; encoding: string }>;
	context: Record<string, unknown>;
	type: 'track';
	message_id: string;
	source_id: string;
	timestamp: string;
	properties: Record<string, unknown>;
	event: string;
	related: { users: string[] };
}

export interface StoredProfile {
	segmentId: string;
	collection: 'users' | 'accounts';
	traits: Record<string, { value: unknown; source_id: string; updated_at: string }>;
	events: StoredEvent[];
	externalIds: Array<{ type: string; id: string; created_at: string; first_message_id: string }>;
	links: Set<string>;
	createdAt: string;
	updatedAt: string;
	firstMessageId: string;
	lastMessageId: string;
}

export const SOURCE_ID = 'fake-source';

function idsOf(message: FakeMessage): Array<[string, string]> {
	const ids: Array<[string, string]> = [];
	if (typeof message.userId === 'string') ids.push(['user_id', message.userId]);
	if (typeof message.anonymousId === 'string') ids.push(['anonymous_id', message.anonymousId]);
	const traits = (message.type === 'identify' ? message.traits : (message.context as Record<string, unknown> | undefined)?.traits) as
		| Record<string, unknown>
		| undefined;
	if (message.type !== 'group' && typeof traits?.email === 'string') ids.push(['email', traits.email]);
	return ids;
}

export class ProfileStore {
	private readonly byExternalId = new Map<string, StoredProfile>();
	private count = 0;

	find(collection: string, externalId: string): StoredProfile | undefined {
		const profile = this.byExternalId.get(`${collection}/${externalId}`);
		return profile;
	}

	clear(): void {
		this.byExternalId.clear();
	}

	/** Every profile, once. */
	all(): StoredProfile[] {
		return [...new Set(this.byExternalId.values())];
	}

	/** How many IDs the user profile a message names has now; undefined when it names none yet. */
	externalIdCountOf({ message }: ReceivedMessage): number | undefined {
		const found = idsOf(message).map(([type, id]) => this.byExternalId.get(`users/${type}:${id}`)).find(Boolean);
		return found?.externalIds.length;
	}

	/** Takes in one delivered message; returns the user profile it touched, if any. */
	add({ message, receivedAt }: ReceivedMessage): StoredProfile | undefined {
		const at = String(message.timestamp ?? receivedAt);
		const messageId = String(message.messageId);
		if (message.type === 'alias' && typeof message.previousId === 'string') {
			const merged = this.profileFor('users', [['user_id', String(message.userId)]], at, messageId);
			this.link(merged, 'users', [['anonymous_id', message.previousId]], at, messageId);
			return merged;
		}
		const ids = idsOf(message);
		if (ids.length === 0) return undefined;
		const profile = this.profileFor('users', ids, at, messageId);
		if (message.type === 'identify') this.setTraits(profile, message.traits as Record<string, unknown>, at);
		if (message.type === 'track') {
			profile.events.push({
				external_ids: profile.externalIds.map(({ type, id }) => ({ collection: 'users', type, id, encoding: 'none' })),
				context: (message.context ?? {}) as Record<string, unknown>,
				type: 'track',
				message_id: messageId,
				source_id: SOURCE_ID,
				timestamp: at,
				properties: (message.properties ?? {}) as Record<string, unknown>,
				event: String(message.event),
				related: { users: [profile.segmentId] },
			});
		}
		if (message.type === 'group' && typeof message.groupId === 'string') {
			const account = this.profileFor('accounts', [['group_id', message.groupId]], at, messageId);
			this.setTraits(account, message.traits as Record<string, unknown>, at);
			profile.links.add(account.segmentId);
			account.links.add(profile.segmentId);
		}
		return profile;
	}

	/** The profile that any of `ids` names, merging profiles the ids join together. */
	private profileFor(collection: 'users' | 'accounts', ids: Array<[string, string]>, at: string, messageId: string): StoredProfile {
		const found = ids.map(([type, id]) => this.byExternalId.get(`${collection}/${type}:${id}`)).filter(Boolean) as StoredProfile[];
		let profile = found[0];
		if (!profile) {
			profile = {
				segmentId: `use_${++this.count}`,
				collection,
				traits: {},
				events: [],
				externalIds: [],
				links: new Set(),
				createdAt: at,
				updatedAt: at,
				firstMessageId: messageId,
				lastMessageId: messageId,
			};
		}
		for (const other of found.slice(1)) {
			if (other === profile) continue;
			Object.assign(profile.traits, other.traits);
			profile.events.push(...other.events);
			for (const externalId of other.externalIds) this.register(profile, collection, externalId.type, externalId.id, externalId.created_at, externalId.first_message_id);
		}
		this.link(profile, collection, ids, at, messageId);
		profile.updatedAt = at > profile.updatedAt ? at : profile.updatedAt;
		profile.lastMessageId = messageId;
		return profile;
	}

	private link(profile: StoredProfile, collection: string, ids: Array<[string, string]>, at: string, messageId: string): void {
		for (const [type, id] of ids) this.register(profile, collection, type, id, at, messageId);
	}

	private register(profile: StoredProfile, collection: string, type: string, id: string, at: string, messageId: string): void {
		if (!profile.externalIds.some((entry) => entry.type === type && entry.id === id)) {
			profile.externalIds.push({ type, id, created_at: at, first_message_id: messageId });
		}
		this.byExternalId.set(`${collection}/${type}:${id}`, profile);
	}

	private setTraits(profile: StoredProfile, traits: Record<string, unknown> | undefined, at: string): void {
		for (const [name, value] of Object.entries(traits ?? {})) {
			profile.traits[name] = { value, source_id: SOURCE_ID, updated_at: at };
		}
	}

	/** Accounts or users linked to a profile, by their external ids. */
	linked(profile: StoredProfile): StoredProfile[] {
		const all = new Set(this.byExternalId.values());
		return [...all].filter((candidate) => profile.links.has(candidate.segmentId));
	}
}
