import type { FakeMessage } from './fakeSegment';
import type { QueryProfile } from './audienceQuery';
import { AudienceQueryError, compileAudienceQuery } from './audienceQuery';
import type { StoredProfile } from './profileStore';

/**
 * Engage in the fake: spaces, audiences whose membership follows the profiles the fake
 * builds (evaluated with a small part of Segment's audience query language), computed
 * traits, previews that finish after a read or two, and audiences connected to
 * destinations: each membership change goes out as Engage sends it, an identify with the
 * audience key as a boolean trait, or a track Audience Entered / Audience Exited.
 */

export const DEFAULT_SPACE_ID = 'spa_fake1';

export interface FakeAudience {
	id: string;
	spaceId: string;
	name: string;
	key: string;
	description: string;
	enabled: boolean;
	audienceType: string;
	definition: { query: string };
	status: string;
	computeCadence: { type: string };
	size: { count: number; uniqueCount: number; type: string };
	options: Record<string, unknown>;
	schedules: unknown[];
	createdBy: string;
	updatedBy: string;
	createdAt: string;
	updatedAt: string;
}

export interface FakePreview {
	id: string;
	spaceId: string;
	audienceType: string;
	definition: { query: string };
	reads: number;
	failureReason?: string;
	members: StoredProfile[];
}

export type MessageShape = 'identify' | 'track';

export interface FakeActivation {
	id: string;
	spaceId: string;
	audienceId: string;
	destinationId: string;
	destinationConnectionId: string;
	activationType: string;
	activationName: string;
	enabled: boolean;
	performResync: boolean;
	personalization: unknown;
	shape: MessageShape;
}

export interface FakeConnection {
	id: string;
	spaceId: string;
	audienceId: string;
	destinationId: string;
}

export interface MembershipEvent {
	audience: FakeAudience;
	profile: StoredProfile;
	entered: boolean;
}

/** A profile's facts the query language reads: its track events, counted, and its traits. */
function queryProfile(profile: StoredProfile): QueryProfile {
	const eventCounts = new Map<string, number>();
	for (const event of profile.events) eventCounts.set(event.event, (eventCounts.get(event.event) ?? 0) + 1);
	return { eventCounts, traits: Object.fromEntries(Object.entries(profile.traits).map(([name, trait]) => [name, trait.value])) };
}

/** Segment makes an audience key from its name: lower case, words joined by underscores. */
export function audienceKeyOf(name: string): string {
	return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

const pad = (n: number) => String(n).padStart(3, '0');

/** Each Engage space sends through a source of its own, which is not among the workspace's Connections sources. */
export const engageSourceOf = (spaceId: string) => `src_engage_${spaceId}`;

export class EngageStore {
	readonly spaces: Array<{ id: string; slug: string; name: string }> = [];
	readonly audiences: FakeAudience[] = [];
	readonly computedTraits: Array<Record<string, unknown> & { id: string; spaceId: string }> = [];
	readonly previews = new Map<string, FakePreview>();
	readonly connections: FakeConnection[] = [];
	readonly activations: FakeActivation[] = [];
	/** Who is in each audience now, by segmentId, and who ever was (their trait is then false). */
	private readonly members = new Map<string, Set<string>>();
	private readonly formerMembers = new Map<string, Set<string>>();
	/** The Audience feature; Segment turns it on per workspace. */
	enabled = true;
	/** When set, previews made from now on fail with this reason. */
	failPreviewsWith: string | undefined;
	/** How many reads a preview takes to be done: the first is RUNNING. */
	previewReadsToFinish = 2;
	private count = 0;
	private messageCount = 0;

	constructor(private readonly spaceIds: string[] = [DEFAULT_SPACE_ID]) {
		this.seed();
	}

	seed(): this {
		for (const list of [this.spaces, this.audiences, this.computedTraits, this.connections, this.activations]) list.length = 0;
		this.previews.clear();
		this.members.clear();
		this.formerMembers.clear();
		this.enabled = true;
		this.failPreviewsWith = undefined;
		this.previewReadsToFinish = 2;
		this.spaceIds.forEach((id, n) => this.spaces.push({ id, slug: `space-${pad(n + 1)}`, name: n === 0 ? 'Production' : `Space ${pad(n + 1)}` }));
		const first = this.spaces[0].id;
		this.addAudience(first, { name: 'VIP Customers', query: "event('Order Completed').count() >= 3" });
		this.addAudience(first, { name: 'Churn Risk', query: "trait('churn_score') >= 70" });
		this.addAudience(first, { name: 'Old Newsletter', query: "trait('newsletter') = true", enabled: false });
		this.computedTraits.push(
			computedTrait('ct_001', first, 'Orders Count', "event('Order Completed').count()"),
			computedTrait('ct_002', first, 'Last Plan', "trait('plan').last()"),
		);
		return this;
	}

	nextId(prefix: string): string {
		return `${prefix}_${String(++this.count).padStart(4, '0')}`;
	}

	addAudience(spaceId: string, fields: { name: string; query: string; enabled?: boolean; description?: string; audienceType?: string; key?: string }): FakeAudience {
		const now = new Date().toISOString();
		const audience: FakeAudience = {
			id: this.nextId('aud'),
			spaceId,
			name: fields.name,
			key: fields.key ?? audienceKeyOf(fields.name),
			description: fields.description ?? '',
			enabled: fields.enabled !== false,
			audienceType: fields.audienceType ?? 'USERS',
			definition: { query: fields.query },
			status: fields.enabled === false ? 'Disabled' : 'Live',
			computeCadence: { type: 'REALTIME' },
			size: { count: 0, uniqueCount: 0, type: 'USERS' },
			options: {},
			schedules: fields.audienceType === 'LINKED' ? [{ id: this.nextId('sch'), strategy: 'PERIODIC', config: { interval: '1d' }, nextExecution: now }] : [],
			createdBy: 'usr_fake',
			updatedBy: 'usr_fake',
			createdAt: now,
			updatedAt: now,
		};
		this.audiences.push(audience);
		return audience;
	}

	/** Whether a query is one the fake's little language can read, or why not. */
	queryProblem(query: string): string | undefined {
		try {
			compileAudienceQuery(query);
			return undefined;
		} catch (error) {
			if (error instanceof AudienceQueryError) return error.message;
			throw error;
		}
	}

	/** Who `query` selects among `profiles`. */
	select(query: string, profiles: StoredProfile[]): StoredProfile[] {
		const predicate = compileAudienceQuery(query);
		return profiles.filter((profile) => profile.collection === 'users' && predicate(queryProfile(profile)));
	}

	/** Re-evaluates the enabled audiences for `profiles`; returns each entry and exit. */
	recompute(profiles: StoredProfile[], audiences: FakeAudience[] = this.audiences): MembershipEvent[] {
		const events: MembershipEvent[] = [];
		for (const audience of audiences) {
			if (!audience.enabled) continue;
			const members = this.membersOf(audience.id);
			const chosen = new Set(this.select(audience.definition.query, profiles).map((profile) => profile.segmentId));
			for (const profile of profiles) {
				const was = members.has(profile.segmentId);
				const is = chosen.has(profile.segmentId);
				if (was === is) continue;
				if (is) members.add(profile.segmentId);
				else {
					members.delete(profile.segmentId);
					this.formerOf(audience.id).add(profile.segmentId);
				}
				events.push({ audience, profile, entered: is });
			}
			audience.size = { count: members.size, uniqueCount: members.size, type: 'USERS' };
		}
		return events;
	}

	/** The audience traits the Profile API shows for a profile in a space: true for members, false for those who left. */
	audienceTraitsOf(profile: StoredProfile, spaceId: string): Record<string, boolean> {
		const traits: Record<string, boolean> = {};
		for (const audience of this.audiences) {
			if (audience.spaceId !== spaceId) continue;
			if (this.membersOf(audience.id).has(profile.segmentId)) traits[audience.key] = true;
			else if (this.formerOf(audience.id).has(profile.segmentId)) traits[audience.key] = false;
		}
		return traits;
	}

	/** Computed traits as the Profile API shows them: the fake computes the counts its queries name. */
	computedTraitsOf(profile: StoredProfile, spaceId: string): Record<string, unknown> {
		const traits: Record<string, unknown> = {};
		for (const trait of this.computedTraits) {
			if (trait.spaceId !== spaceId) continue;
			const query = String((trait.definition as { query: string }).query);
			const counted = /^event\('([^']+)'\)\.count\(\)$/.exec(query);
			if (counted) traits[String(trait.key)] = profile.events.filter((event) => event.event === counted[1]).length;
			const last = /^trait\('([^']+)'\)\.last\(\)$/.exec(query);
			if (last && profile.traits[last[1]] !== undefined) traits[String(trait.key)] = profile.traits[last[1]].value;
		}
		return traits;
	}

	/** Connects an audience to a destination by hand, as in Segment's app, sending `shape` calls. */
	connect(audienceId: string, destinationId: string, shape: MessageShape = 'identify'): FakeActivation {
		const audience = this.audiences.find((candidate) => candidate.id === audienceId)!;
		const connection = { id: this.nextId('conn'), spaceId: audience.spaceId, audienceId, destinationId };
		this.connections.push(connection);
		return this.activate(connection, {
			activationType: shape === 'track' ? 'Audience Entered' : 'Audience Membership Changed',
			activationName: 'By hand',
			enabled: true,
			performResync: false,
			personalization: { profile: { properties: ['email'] } },
		});
	}

	activate(connection: FakeConnection, input: Pick<FakeActivation, 'activationType' | 'activationName' | 'enabled' | 'performResync' | 'personalization'>): FakeActivation {
		const activation: FakeActivation = {
			id: this.nextId('act'),
			spaceId: connection.spaceId,
			audienceId: connection.audienceId,
			destinationId: connection.destinationId,
			destinationConnectionId: connection.id,
			...input,
			// Engage sends track events when the activation is about entering or leaving, identify calls otherwise.
			shape: /Entered|Exited/.test(input.activationType) ? 'track' : 'identify',
		};
		this.activations.push(activation);
		return activation;
	}

	removeAudience(id: string): void {
		const at = this.audiences.findIndex((audience) => audience.id === id);
		if (at !== -1) this.audiences.splice(at, 1);
		this.members.delete(id);
		this.formerMembers.delete(id);
		for (const list of [this.connections, this.activations] as Array<Array<{ audienceId: string }>>) {
			for (let i = list.length - 1; i >= 0; i--) if (list[i].audienceId === id) list.splice(i, 1);
		}
	}

	/**
	 * The messages Engage sends a destination for one membership change, in the activation's
	 * shape: one per identifier of the profile (its user ID, each of its emails), as Segment's
	 * docs say it does.
	 */
	messagesFor(event: MembershipEvent, activation: FakeActivation): FakeMessage[] {
		const { profile } = event;
		const userId = profile.externalIds.find((entry) => entry.type === 'user_id')?.id;
		const anonymousId = profile.externalIds.find((entry) => entry.type === 'anonymous_id')?.id;
		const emails = profile.externalIds.filter((entry) => entry.type === 'email').map((entry) => entry.id);
		const identifiers: Array<{ email?: string }> = [...(userId || emails.length === 0 ? [{}] : []), ...emails.map((email) => ({ email }))];
		// The activation's personalization adds the profile's email to every call.
		const profileEmail = emails[0] ?? (profile.traits.email?.value as string | undefined);
		return identifiers.map(({ email }) => this.messageFor(event, activation, { userId, anonymousId, email: email ?? profileEmail }));
	}

	/** The membership a profile has in the audiences that are sent somewhere, as Engage sends it again when the profile gains an ID. */
	currentMemberships(profile: StoredProfile): MembershipEvent[] {
		return this.audiences.filter((audience) => this.membersOf(audience.id).has(profile.segmentId)).map((audience) => ({ audience, profile, entered: true }));
	}

	private messageFor(event: MembershipEvent, activation: FakeActivation, who: { userId?: string; anonymousId?: string; email?: string }): FakeMessage {
		const { audience, entered } = event;
		const { userId, anonymousId, email } = who;
		const personas = {
			computation_class: 'audience',
			computation_id: audience.id,
			computation_key: audience.key,
			namespace: audience.spaceId,
			space_id: audience.spaceId,
		};
		const common = {
			...(userId ? { userId } : {}),
			...(anonymousId && !userId ? { anonymousId } : {}),
			messageId: `engage-${activation.id}-${++this.messageCount}`,
			timestamp: new Date().toISOString(),
		};
		if (activation.shape === 'track') {
			return {
				type: 'track',
				event: entered ? 'Audience Entered' : 'Audience Exited',
				properties: { audience_key: audience.key, [audience.key]: entered },
				context: { personas, traits: email ? { email } : {} },
				...common,
			};
		}
		return { type: 'identify', traits: { [audience.key]: entered, ...(email ? { email } : {}) }, context: { personas }, ...common };
	}

	private membersOf(audienceId: string): Set<string> {
		if (!this.members.has(audienceId)) this.members.set(audienceId, new Set());
		return this.members.get(audienceId)!;
	}

	private formerOf(audienceId: string): Set<string> {
		if (!this.formerMembers.has(audienceId)) this.formerMembers.set(audienceId, new Set());
		return this.formerMembers.get(audienceId)!;
	}
}

function computedTrait(id: string, spaceId: string, name: string, query: string) {
	const at = '2024-03-01T10:00:00.000Z';
	return {
		id,
		spaceId,
		name,
		key: audienceKeyOf(name),
		description: '',
		enabled: true,
		definition: { query, type: 'USERS' },
		status: 'Live',
		options: { includeHistoricalData: true, includeAnonymousUsers: false },
		createdBy: 'usr_fake',
		updatedBy: 'usr_fake',
		createdAt: at,
		updatedAt: at,
	};
}
