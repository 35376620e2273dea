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
	private regulationCount = 0;

	constructor(sizes: SeedSizes = {}) {
		this.seed(sizes);
	}

	/** Replaces everything with `sizes` of each kind, named and numbered predictably. */
	seed({ sources = 3, destinations = 2, trackingPlans = 2, warehouses = 1 }: SeedSizes = {}): this {
		this.sources.length = 0;
		this.destinations.length = 0;
		this.trackingPlans.length = 0;
		this.warehouses.length = 0;
		this.regulations.length = 0;
		this.schemaSettings.clear();
		this.rules.clear();
		const createdAt = '2024-01-15T08:30:00.000Z';
		for (let i = 1; i <= sources; i++) {
			const id = `src_${pad(i)}`;
			this.sources.push({
				id,
				slug: `source-${pad(i)}`,
				name: `Source ${pad(i)}`,
				workspaceId: WORKSPACE.id,
				enabled: true,
				writeKeys: [`wk_${pad(i)}`],
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
		for (let i = 1; i <= warehouses; i++) {
			this.warehouses.push({ id: `wh_${pad(i)}`, workspaceId: WORKSPACE.id, enabled: true, metadata: { id: 'aea3cc8d2a', slug: 'postgres', name: 'Postgres' }, settings: { name: `Warehouse ${pad(i)}` } });
		}
		return this;
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
