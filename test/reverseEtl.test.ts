import { PUBLIC_API_TOKEN } from './support/credentials';
import { FakeSegment } from './support/fakeSegment';
import { picked, publicApiCalls, queryOf, runOnWorkspace } from './support/publicApiFixtures';
import { RETL_SOURCE_ID } from './support/reverseEtl';

let fake: FakeSegment;

beforeAll(async () => {
	fake = await new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' } }).start();
});
afterAll(async () => await fake.stop());
beforeEach(() => {
	fake.workspace.seed();
	fake.clearRecords();
	fake.faults = undefined;
});

const run = (operation: string, parameters: Record<string, unknown> = {}, continueOnFail = false) => runOnWorkspace(fake, { resource: 'reverseEtl', operation, parameters, continueOnFail });
const quickWait = (extra: Record<string, unknown> = {}) => ({ waitForCompletion: true, waitOptions: { maxIntervalSeconds: 1, ...extra } });
const paths = () => publicApiCalls(fake).map((call) => `${call.method} ${new URL(call.path, 'http://x').pathname}`);

describe('models', () => {
	test('Get Many Models and Get Model, with the alpha media type Reverse ETL needs', async () => {
		const all = await run('getModels', { returnAll: true });
		expect(all.output.map((item) => item.json)).toEqual([
			expect.objectContaining({ id: 'rem_001', name: 'Churn Scores', sourceId: RETL_SOURCE_ID, queryIdentifierColumn: 'user_id' }),
			expect.objectContaining({ id: 'rem_002' }),
		]);
		const one = await run('getModel', { modelId: picked('rem_001') });
		expect(one.output[0].json).toEqual(expect.objectContaining({ id: 'rem_001', query: 'SELECT user_id, churn_score FROM analytics.churn_scores' }));
		expect(publicApiCalls(fake).every((call) => call.headers.accept === 'application/vnd.segment.v1alpha+json')).toBe(true);
	});
});

describe('Start Sync, with Wait for Completion', () => {
	test("starts one sync of the mapping, the model's source read from the model, and waits for its counts as numbers", async () => {
		const { output, error } = await run('startSync', { modelId: picked('rem_001'), subscriptionId: '1001', ...quickWait() });
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual(
			expect.objectContaining({
				syncId: expect.stringMatching(/^sync_/),
				syncStatus: 'SUCCESS',
				done: true,
				succeeded: true,
				subscriptionId: '1001',
				recordsExtracted: 1200,
				recordsAdded: 300,
				recordsUpdated: 900,
				recordsLoaded: 1200,
				recordsFailed: 0,
			}),
		);
		expect(paths()).toEqual(['GET /reverse-etl-models/rem_001', 'POST /reverse-etl-syncs', ...Array(3).fill(`GET /reverse-etl-models/rem_001/syncs/${output[0].json.syncId}`)]);
		const post = publicApiCalls(fake)[1];
		expect(JSON.parse(post.body)).toEqual({ sourceId: RETL_SOURCE_ID, modelId: 'rem_001', subscriptionId: '1001' });
		expect(post.headers['content-type']).toBe('application/vnd.segment.v1alpha+json');
	});

	test('a Source ID given saves the look-up; a partial success succeeds with its failed records counted', async () => {
		const { output } = await run('startSync', { modelId: picked('rem_001'), subscriptionId: '1003', sourceId: RETL_SOURCE_ID, ...quickWait() });
		expect(paths()[0]).toBe('POST /reverse-etl-syncs');
		expect(output[0].json).toEqual(expect.objectContaining({ syncStatus: 'PARTIAL_SUCCESS', succeeded: true, recordsLoaded: 480, recordsFailed: 20 }));
	});

	test("a failed sync fails the item with the warehouse's error; with Continue On Fail the status stays on the error item", async () => {
		const failed = await run('startSync', { modelId: picked('rem_002'), subscriptionId: '2001', ...quickWait() });
		expect(failed.error?.message).toMatch(/^The Reverse ETL sync sync_\d+ ended FAIL: Query failed: relation "analytics\.churn_v2" does not exist, code WAREHOUSE_QUERY_FAILED$/);
		const kept = await run('startSync', { modelId: picked('rem_002'), subscriptionId: '2001', ...quickWait() }, true);
		expect(kept.output[0].json).toEqual(expect.objectContaining({ syncStatus: 'FAIL', errorCode: 'WAREHOUSE_QUERY_FAILED', recordsExtracted: 0, error: expect.stringContaining('ended FAIL') }));
	});

	test('past its Timeout the item fails naming the sync, which goes on in Segment; without waiting the ID comes at once', async () => {
		fake.workspace.reverseEtl.readsToFinish = 1_000;
		const timedOut = await run('startSync', { modelId: picked('rem_001'), subscriptionId: '1001', sourceId: RETL_SOURCE_ID, ...quickWait({ timeoutSeconds: 2 }) });
		expect(timedOut.error?.message).toMatch(/^The Reverse ETL sync sync_\d+ was still IN_PROGRESS after 2 seconds$/);
		expect(timedOut.error?.description).toContain('Get Sync');
		const started = await run('startSync', { modelId: picked('rem_001'), subscriptionId: '1001', sourceId: RETL_SOURCE_ID, waitForCompletion: false });
		expect(started.output[0].json).toEqual(expect.objectContaining({ syncId: expect.stringMatching(/^sync_/), syncStatus: 'IN_PROGRESS', done: false }));
		expect(fake.workspace.reverseEtl.syncs).toHaveLength(2);
	});

	test('a 500 to the start is never sent again: a second sync could run, so the item says to look first', async () => {
		fake.faults = ({ method, path }) => (method === 'POST' && path === '/reverse-etl-syncs' ? { kind: 'status', status: 500 } : undefined);
		const { error } = await run('startSync', { modelId: picked('rem_001'), subscriptionId: '1001', sourceId: RETL_SOURCE_ID, ...quickWait() });
		expect(error?.message).toBe("Segment's Public API answered 500: Scripted failure");
		expect(error?.description).toContain('look (e.g. with Get Many) before running it again');
		expect(paths()).toEqual(['POST /reverse-etl-syncs']);
	});

	test('an unknown mapping is named in the error', async () => {
		const { error } = await run('startSync', { modelId: picked('rem_001'), subscriptionId: '9999', sourceId: RETL_SOURCE_ID, ...quickWait() });
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toContain('subscription (mapping)');
	});
});

describe('Get Sync, Get Syncs, Cancel Sync', () => {
	test("Get Syncs pages with Segment's own count and cursor, newest first", async () => {
		const model = fake.workspace.reverseEtl.models[0];
		for (let n = 0; n < 105; n++) fake.workspace.reverseEtl.start(model, '1001');
		const all = await run('getSyncs', { modelId: picked('rem_001'), subscriptionId: '1001', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.output).toHaveLength(105);
		expect(all.output[0].json.syncId).toBe(fake.workspace.reverseEtl.syncs.at(-1)!.syncId);
		expect(publicApiCalls(fake).map((call) => [queryOf(call).get('count'), queryOf(call).has('cursor'), queryOf(call).has('pagination.count')])).toEqual([
			['100', false, false],
			['100', true, false],
		]);
		fake.clearRecords();
		const some = await run('getSyncs', { modelId: picked('rem_001'), subscriptionId: '1001', returnAll: false, limit: 3 });
		expect(some.output).toHaveLength(3);
		expect(queryOf(publicApiCalls(fake)[0]).get('count')).toBe('3');
	});

	test('Get Sync reads one; Cancel Sync stops one in progress and says when there was nothing to stop', async () => {
		const sync = fake.workspace.reverseEtl.start(fake.workspace.reverseEtl.models[0], '1001');
		const read = await run('getSync', { modelId: picked('rem_001'), syncId: sync.syncId });
		expect(read.output[0].json).toEqual(expect.objectContaining({ syncId: sync.syncId, syncStatus: 'IN_PROGRESS', done: false }));
		const cancel = await run('cancelSync', { modelId: picked('rem_001'), syncId: sync.syncId, reasonForCanceling: 3 });
		expect(cancel.output[0].json).toEqual({ modelId: 'rem_001', syncId: sync.syncId, status: 'CANCELLING', canceling: true, errorCode: null, errorMessage: null });
		expect(JSON.parse(publicApiCalls(fake).at(-1)!.body)).toEqual({ reasonForCanceling: 3 });
		const again = await run('cancelSync', { modelId: picked('rem_001'), syncId: sync.syncId });
		expect(again.output[0].json).toEqual(expect.objectContaining({ canceling: false, errorCode: 'SyncAlreadyCanceled', errorMessage: 'sync already canceled' }));
	});

	test('a Sync ID that is not one is refused before sending', async () => {
		const { error } = await run('getSync', { modelId: picked('rem_001'), syncId: '..' });
		expect(error?.message).toBe('Sync ID ".." is not an ID: it would point at another place in Segment\'s API');
		expect(publicApiCalls(fake)).toEqual([]);
	});
});
