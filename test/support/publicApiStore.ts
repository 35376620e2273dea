import { randomBytes } from 'node:crypto';

import { AuditTrail } from './auditTrail';
import { applyFilter } from './destinationFilters';
import type { MembershipEvent } from './engage';
import { EngageStore, engageSourceOf } from './engage';
import { Observability } from './observability';
import type { StoredProfile } from './profileStore';
import { ReverseEtlStore } from './reverseEtl';

/**
 * The workspace behind the fake Public API: sources with their schema settings,
 * destinations, tracking plans with rules, warehouses and privacy requests ("regulations"),
 * in the shapes Segment's Public API returns them.
 */

export const WORKSPACE = { id: 'ws_fake1', slug: 'fake-workspace', name: 'Fake Workspace' };

export type Entity = Record<string, unknown> & { id: string };

export interface FakeRule {
	type: string;
	key?: string;
	jsonSchema: unknown;
	version: number;
	createdAt: string;
	updatedAt: string;
}

export interface FakeRegulation extends Entity {
	workspaceId: string;
	overallStatus: string;
	createdAt: string;
	finishedAt?: string;
	streamStatus: unknown[];
	regulationType: string;
	subjectType: string;
	subjectIds: string[];
	sourceId?: string;
}

/** A subscription of an Actions destination: which events (an FQL trigger) go to which action. */
export interface FakeSubscription extends Entity {
	name: string;
	actionId: string;
	actionSlug: string;
	destinationId: string;
	enabled: boolean;
	trigger: string;
	settings: Record<string, unknown>;
}

/** A destination filter: events its FQL `if` matches are dropped (or sampled, or stripped of fields) on the way to one destination. */
export interface FakeDestinationFilter extends Entity {
	sourceId: string;
	destinationId: string;
	if: string;
	actions: Array<{ type: string; percent?: number; path?: string; fields?: Record<string, string[]> }>;
	title: string;
	description?: string | null;
	enabled: boolean;
	createdAt: string;
	updatedAt: string;
}

/** The HTTP API source in Segment's sources catalog. */
export const HTTP_API_SOURCE = { id: 'IqDTy1TpoU', slug: 'http-api', name: 'HTTP API' };

/** Segment's Webhooks (Actions) destination in the catalog, and its one action. */
export const WEBHOOKS_ACTIONS = { metadataId: '614a3c7d791c91c41bae7599', slug: 'actions-webhook', sendActionId: 'sLfqVHmHW1asGanWo7UaB8' };

export interface SeedSizes {
	sources?: number;
	destinations?: number;
	trackingPlans?: number;
	warehouses?: number;
}

/** Regulations move on one step each time they are read, so a workflow's wait loop ends. */
export const REGULATION_PROGRESS: Record<string, string> = { INITIALIZED: 'RUNNING', RUNNING: 'FINISHED' };

const pad = (n: number) => String(n).padStart(3, '0');

export class PublicApiStore {
	readonly sources: Entity[] = [];
	readonly schemaSettings = new Map<string, Record<string, unknown>>();
	readonly destinations: Entity[] = [];
	readonly trackingPlans: Entity[] = [];
	readonly rules = new Map<string, FakeRule[]>();
	readonly warehouses: Entity[] = [];
	readonly regulations: FakeRegulation[] = [];
	readonly subscriptions: FakeSubscription[] = [];
	readonly destinationFilters: FakeDestinationFilter[] = [];
	/** Segment's destination catalog: a few hundred entries, Webhooks (Actions) among them. */
	readonly catalog: Entity[] = catalogEntries();
	/** Segment's source catalog. */
	readonly sourceCatalog: Entity[] = sourceCatalogEntries();
	/** The workspace's labels, which sources can carry. */
	readonly labels: Array<{ key: string; value: string; description?: string }> = [];
	readonly functions: Entity[] = [];
	/** Which sources each tracking plan checks. */
	readonly trackingPlanSources = new Map<string, Set<string>>();
	/** Write keys taken away (or of deleted sources): the Tracking API drops what is sent with them. */
	readonly revokedWriteKeys = new Set<string>();
	/** The warehouses each source loads into. */
	readonly sourceWarehouses = new Map<string, Set<string>>();
	/** What the fake measured of its own traffic: Delivery Overview, event volume, usage. */
	readonly observability = new Observability();
	/** Every change the Public API made. */
	readonly audit = new AuditTrail();
	/** Engage: spaces, audiences, computed traits, and audiences connected to destinations. */
	readonly engage: EngageStore;
	readonly reverseEtl = new ReverseEtlStore();
	/** The profiles Engage computes audiences over; the fake hands in its own. */
	engageProfiles: () => StoredProfile[] = () => [];
	/** Where Engage's membership changes go: the fake sends them to connected destinations. */
	onMembership: (events: MembershipEvent[]) => void = () => undefined;
	/** Users a calendar month may be the subject of privacy requests: Segment's quota. */
	regulationUsersPerMonth = 110_000;
	private regulatedThisMonth = 0;
	/** Destination subscriptions are an alpha feature Segment turns on per workspace. */
	subscriptionsEnabled = true;
	private regulationCount = 0;
	private createdCount = 0;

	/** `writeKey`, when given, belongs to the first source, so that messages sent with it reach that source's destinations. */
	constructor(sizes: SeedSizes = {}, private readonly writeKey?: string, spaceIds?: string[]) {
		this.engage = new EngageStore(spaceIds);
		this.seed(sizes);
	}

	/** Audiences created or changed: computed again over every profile, their changes sent on. */
	engageChanged(audiences: Parameters<EngageStore['recompute']>[1]): void {
		this.onMembership(this.engage.recompute(this.engageProfiles(), audiences));
	}

	/** Replaces everything with `sizes` of each kind, named and numbered predictably. */
	seed({ sources = 3, destinations = 2, trackingPlans = 2, warehouses = 1 }: SeedSizes = {}): this {
		this.sources.length = 0;
		this.destinations.length = 0;
		this.trackingPlans.length = 0;
		this.warehouses.length = 0;
		this.regulations.length = 0;
		this.subscriptions.length = 0;
		this.destinationFilters.length = 0;
		this.subscriptionsEnabled = true;
		this.observability.clear();
		this.audit.clear();
		this.engage.seed();
		this.reverseEtl.seed();
		this.regulationUsersPerMonth = 110_000;
		this.regulatedThisMonth = 0;
		this.schemaSettings.clear();
		this.rules.clear();
		this.labels.length = 0;
		this.labels.push({ key: 'env', value: 'production' }, { key: 'env', value: 'staging' }, { key: 'team', value: 'growth', description: 'Growth team' });
		this.functions.length = 0;
		this.functions.push(
			{ id: 'sfnc_001', resourceType: 'SOURCE', displayName: 'Stripe Webhooks', description: 'Turns Stripe events into track calls', code: 'async function onRequest(request, settings) {}', deployedAt: null, settings: [], isLatestVersion: false },
			{ id: 'dfnc_001', resourceType: 'DESTINATION', displayName: 'Internal CRM', description: 'Posts to the CRM', code: 'async function onTrack(event, settings) {}', deployedAt: '2024-05-01T00:00:00.000Z', settings: [], isLatestVersion: true },
		);
		this.trackingPlanSources.clear();
		this.revokedWriteKeys.clear();
		this.sourceWarehouses.clear();
		const createdAt = '2024-01-15T08:30:00.000Z';
		for (let i = 1; i <= sources; i++) {
			const id = `src_${pad(i)}`;
			this.sources.push({
				id,
				slug: `source-${pad(i)}`,
				name: `Source ${pad(i)}`,
				workspaceId: WORKSPACE.id,
				enabled: true,
				writeKeys: [i === 1 && this.writeKey ? this.writeKey : `wk_${pad(i)}`],
				metadata: { id: 'IqDTy1TpoU', slug: 'http-api', name: 'HTTP API', categories: ['Server'], description: 'The HTTP API source', isCloudEventSource: false },
				settings: {},
				labels: [],
			});
			this.schemaSettings.set(id, {
				track: { allowUnplannedEvents: true, allowUnplannedEventProperties: true, allowEventOnViolations: true, allowPropertiesOnViolations: true, commonEventOnViolations: 'ALLOW' },
				identify: { allowTraitsOnViolations: true, allowUnplannedTraits: true, commonEventOnViolations: 'ALLOW' },
				group: { allowTraitsOnViolations: true, allowUnplannedTraits: true, commonEventOnViolations: 'ALLOW' },
				forwardingViolationsTo: null,
				forwardingBlockedEventsTo: null,
			});
		}
		for (let i = 1; i <= destinations; i++) {
			this.destinations.push({
				id: `dst_${pad(i)}`,
				name: `Destination ${pad(i)}`,
				enabled: true,
				workspaceId: WORKSPACE.id,
				sourceId: this.sources[(i - 1) % Math.max(1, sources)]?.id ?? 'src_001',
				metadata: { id: '54521fd525e721e32a72ee91', slug: 'mixpanel', name: 'Mixpanel' },
				settings: { apiKey: `mixpanel-key-${i}` },
			});
		}
		for (let i = 1; i <= trackingPlans; i++) {
			const id = `tp_${pad(i)}`;
			this.trackingPlans.push({ id, slug: `plan-${pad(i)}`, name: `Tracking Plan ${pad(i)}`, description: '', type: 'LIVE', createdAt, updatedAt: createdAt });
			this.rules.set(id, [
				{ type: 'TRACK', key: 'Order Completed', jsonSchema: { properties: { properties: { type: 'object', required: ['order_id'] } } }, version: 1, createdAt, updatedAt: createdAt },
				{ type: 'IDENTIFY', jsonSchema: { properties: { traits: { type: 'object' } } }, version: 1, createdAt, updatedAt: createdAt },
			]);
		}
		for (const source of this.sources) this.sourceWarehouses.set(source.id, new Set(Array.from({ length: warehouses }, (_, n) => `wh_${pad(n + 1)}`)));
		for (let i = 1; i <= warehouses; i++) {
			this.warehouses.push({ id: `wh_${pad(i)}`, workspaceId: WORKSPACE.id, enabled: true, metadata: { id: 'aea3cc8d2a', slug: 'postgres', name: 'Postgres' }, settings: { name: `Warehouse ${pad(i)}` } });
		}
		return this;
	}

	/**
	 * A Webhooks (Actions) destination added to an Engage space in Segment's app (Engage →
	 * Engage settings → Destinations): on the space's own source. Only such a destination
	 * can be connected to an audience. With `url`, its Send mapping goes there.
	 */
	addEngageWebhookDestination(spaceId: string, url?: string, sharedSecret?: string): Entity {
		return this.addWebhookDestination(engageSourceOf(spaceId), url, sharedSecret);
	}

	/** A Webhooks (Actions) destination on a source, sending every event to `url` (when given), as set up by hand in Segment. */
	addWebhookDestination(sourceId: string, url?: string, sharedSecret?: string): Entity {
		const destination: Entity = {
			id: this.nextId('dst'),
			name: 'Webhooks (Actions)',
			enabled: true,
			workspaceId: WORKSPACE.id,
			sourceId,
			metadata: { id: WEBHOOKS_ACTIONS.metadataId, slug: WEBHOOKS_ACTIONS.slug, name: 'Webhooks (Actions)' },
			settings: sharedSecret ? { sharedSecret } : {},
		};
		this.destinations.push(destination);
		if (url === undefined) return destination;
		this.subscriptions.push({
			id: this.nextId('sub'),
			name: 'Send',
			actionId: WEBHOOKS_ACTIONS.sendActionId,
			actionSlug: 'send',
			destinationId: destination.id,
			enabled: true,
			trigger: 'type = "track" or type = "identify" or type = "page" or type = "screen" or type = "group" or type = "alias"',
			settings: { url, method: 'POST', data: { '@path': '$.' } },
		});
		return destination;
	}

	/** An event after the enabled filters of a destination, or null when one drops it. */
	filteredFor(destinationId: string, event: Record<string, unknown>): Record<string, unknown> | null {
		let current: Record<string, unknown> | null = event;
		for (const filter of this.destinationFilters) {
			if (current === null) return null;
			if (filter.destinationId === destinationId && filter.enabled) current = applyFilter(filter, current);
		}
		return current;
	}

	/** Whether an event gets past the enabled filters of a destination. */
	passesDestinationFilters(destinationId: string, event: Record<string, unknown>): boolean {
		return this.filteredFor(destinationId, event) !== null;
	}

	/** The source a write key belongs to. */
	sourceOfWriteKey(writeKey: string): Entity | undefined {
		return this.sources.find((source) => (source.writeKeys as string[]).includes(writeKey));
	}

	/** A write key, made as Segment makes them: long and random. */
	newWriteKey(): string {
		return `wk${randomBytes(16).toString('hex')}`;
	}

	nextId(prefix: string): string {
		return `${prefix}_n${String(++this.createdCount).padStart(4, '0')}`;
	}

	/**
	 * Counts `users` against the month's quota, or answers as Segment does past it: 429,
	 * with the reset at the start of next month (header to the second, body to the millisecond).
	 */
	regulationQuota(users: number, now = new Date()): { status: number; body: unknown; headers: Record<string, string> } | undefined {
		if (this.regulatedThisMonth + users <= this.regulationUsersPerMonth) {
			this.regulatedThisMonth += users;
			return undefined;
		}
		const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
		return {
			status: 429,
			headers: { 'X-RateLimit-Reset': reset.toUTCString(), 'X-RateLimit-Remaining': '0' },
			body: { errors: [{ type: 'rate-limit', message: 'Regulation quota exceeded for this month', status: 429, data: { msBeforeNext: reset.getTime() - now.getTime(), remainingPoints: 0 } }] },
		};
	}

	addRegulation(fields: Pick<FakeRegulation, 'regulationType' | 'subjectType' | 'subjectIds' | 'sourceId'>): FakeRegulation {
		const regulation: FakeRegulation = {
			id: `reg_${String(++this.regulationCount).padStart(6, '0')}`,
			workspaceId: WORKSPACE.id,
			overallStatus: 'INITIALIZED',
			createdAt: new Date().toISOString(),
			streamStatus: [],
			...fields,
		};
		this.regulations.push(regulation);
		return regulation;
	}
}

function sourceCatalogEntries(): Entity[] {
	const entries: Entity[] = Array.from({ length: 240 }, (_, i) => ({ id: `srcmeta_${pad(i + 1)}`, name: `Catalog Source ${pad(i + 1)}`, slug: `catalog-source-${pad(i + 1)}`, categories: ['Other'], options: [] }));
	entries.splice(57, 0, { id: HTTP_API_SOURCE.id, name: 'HTTP API', slug: 'http-api', categories: ['Server'], description: 'The HTTP API source', isCloudEventSource: false, options: [] });
	return entries;
}

function catalogEntries(): Entity[] {
	const entries: Entity[] = Array.from({ length: 450 }, (_, i) => ({
		id: `meta_${pad(i + 1)}`,
		name: `Catalog Destination ${pad(i + 1)}`,
		slug: `catalog-destination-${pad(i + 1)}`,
		actions: [],
	}));
	entries.splice(5, 0, { id: '54521fd525e721e32a72ee91', name: 'Mixpanel', slug: 'mixpanel', actions: [] });
	// Deep in the catalog, as in Segment's: finding it takes paging.
	entries.splice(321, 0, {
		id: WEBHOOKS_ACTIONS.metadataId,
		name: 'Webhooks (Actions)',
		slug: WEBHOOKS_ACTIONS.slug,
		actions: [{ id: WEBHOOKS_ACTIONS.sendActionId, slug: 'send', name: 'Send', platform: 'CLOUD', hidden: false, defaultTrigger: null }],
	});
	return entries;
}
