/**
 * Reverse ETL in the fake: models with their mappings (subscriptions), and manual syncs
 * that move on one step each time they are read, through Segment's statuses, with counts
 * as text as Segment sends them. One model's query is broken: its syncs fail.
 */

export interface FakeModel {
	id: string;
	sourceId: string;
	name: string;
	description: string;
	enabled: boolean;
	query: string;
	queryIdentifierColumn: string;
	subscriptionIds: string[];
}

export interface FakeSync {
	syncId: string;
	modelId: string;
	sourceId: string;
	subscriptionId: string;
	startedAt: string;
	finishedAt?: string;
	reads: number;
	syncStatus: string;
	canceled: boolean;
}

/** How a sync of each mapping ends: how many rows, how many of them fail, or the warehouse's error. */
const OUTCOMES: Record<string, { rows: number; failed: number; error?: string }> = {
	'1001': { rows: 1200, failed: 0 },
	'1003': { rows: 500, failed: 20 },
	'2001': { rows: 0, failed: 0, error: 'Query failed: relation "analytics.churn_v2" does not exist' },
};

export const RETL_SOURCE_ID = 'src_retl01';

/** The destination the models' mappings send to: a Reverse ETL mapping is a subscription of a destination on the Reverse ETL source. */
export const RETL_DESTINATION = {
	id: 'dst_retl01',
	name: 'CRM (Actions)',
	enabled: true,
	sourceId: RETL_SOURCE_ID,
	metadata: { id: '5f7dd8e302173ff732db5cc4', slug: 'actions-crm', name: 'CRM (Actions)' },
	settings: {},
};

export class ReverseEtlStore {
	readonly models: FakeModel[] = [];
	readonly syncs: FakeSync[] = [];
	/** How many reads a sync takes to end: extracting, loading, done. */
	readsToFinish = 3;
	private count = 0;

	constructor() {
		this.seed();
	}

	seed(): this {
		this.models.length = 0;
		this.syncs.length = 0;
		this.readsToFinish = 3;
		this.models.push(
			{
				id: 'rem_001',
				sourceId: RETL_SOURCE_ID,
				name: 'Churn Scores',
				description: 'Daily churn scores from dbt',
				enabled: true,
				query: 'SELECT user_id, churn_score FROM analytics.churn_scores',
				queryIdentifierColumn: 'user_id',
				subscriptionIds: ['1001', '1003'],
			},
			{
				id: 'rem_002',
				sourceId: RETL_SOURCE_ID,
				name: 'Churn Scores v2',
				description: 'Reads a table that is not there yet',
				enabled: true,
				query: 'SELECT user_id, churn_score FROM analytics.churn_v2',
				queryIdentifierColumn: 'user_id',
				subscriptionIds: ['2001'],
			},
		);
		return this;
	}

	/** The models' mappings, as the subscriptions of the Reverse ETL destination that Segment lists. */
	mappings(): Array<Record<string, unknown>> {
		return this.models.flatMap((model) =>
			model.subscriptionIds.map((id) => ({
				id,
				name: `Sync ${model.name}`,
				actionId: 'act_upsert',
				actionSlug: 'upsertRecord',
				destinationId: RETL_DESTINATION.id,
				enabled: true,
				settings: {},
				trigger: '',
				modelId: model.id,
				reverseETLSchedule: { strategy: 'MANUAL', config: null },
			})),
		);
	}

	/** A model as Segment shows it: its mappings are not part of it. */
	modelView(model: FakeModel): Record<string, unknown> {
		const view: Record<string, unknown> = { ...model };
		delete view.subscriptionIds;
		return view;
	}

	start(model: FakeModel, subscriptionId: string): FakeSync {
		const sync: FakeSync = {
			syncId: `sync_${String(++this.count).padStart(5, '0')}`,
			modelId: model.id,
			sourceId: model.sourceId,
			subscriptionId,
			startedAt: new Date().toISOString(),
			reads: 0,
			syncStatus: 'IN_PROGRESS',
			canceled: false,
		};
		this.syncs.push(sync);
		return sync;
	}

	/** A sync as Segment shows it; reading it moves it on: extracting, loading, then done. */
	read(sync: FakeSync): Record<string, unknown> {
		sync.reads++;
		const outcome = OUTCOMES[sync.subscriptionId] ?? { rows: 10, failed: 0 };
		if (sync.syncStatus === 'IN_PROGRESS' && sync.reads >= this.readsToFinish) {
			sync.syncStatus = sync.canceled ? 'CANCELED' : outcome.error ? 'FAIL' : outcome.failed > 0 ? 'PARTIAL_SUCCESS' : 'SUCCESS';
			sync.finishedAt = new Date().toISOString();
		}
		return this.view(sync);
	}

	view(sync: FakeSync): Record<string, unknown> {
		const outcome = OUTCOMES[sync.subscriptionId] ?? { rows: 10, failed: 0 };
		const done = sync.syncStatus !== 'IN_PROGRESS';
		const extracted = done || sync.reads >= 2;
		const view: Record<string, unknown> = {
			syncId: sync.syncId,
			modelId: sync.modelId,
			sourceId: sync.sourceId,
			syncStatus: sync.syncStatus,
			duration: done ? '42s' : '',
			startedAt: sync.startedAt,
			...(sync.finishedAt ? { finishedAt: sync.finishedAt } : {}),
		};
		if (outcome.error && done && !sync.canceled) {
			return { ...view, error: outcome.error, errorCode: 'WAREHOUSE_QUERY_FAILED', extractPhase: { addedCount: '0', updatedCount: '0', deletedCount: '0', extractCount: '0', errorCode: 'WAREHOUSE_QUERY_FAILED', startedAt: sync.startedAt, finishedAt: sync.finishedAt } };
		}
		if (extracted) {
			view.extractPhase = {
				addedCount: String(Math.round(outcome.rows * 0.25)),
				updatedCount: String(outcome.rows - Math.round(outcome.rows * 0.25)),
				deletedCount: '0',
				extractCount: String(outcome.rows),
				errorCode: '',
				startedAt: sync.startedAt,
				finishedAt: sync.startedAt,
			};
		}
		if (done && !sync.canceled) {
			view.loadPhase = { deliverSuccessCount: String(outcome.rows - outcome.failed), deliverFailureCount: String(outcome.failed), errorCode: '', startedAt: sync.startedAt, finishedAt: sync.finishedAt };
		}
		return view;
	}
}
