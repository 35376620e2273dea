import { audienceChangesOf } from '../nodes/shared/engage/audienceChange';
import { isInAudiences, membershipChanges, membershipOf } from '../nodes/shared/engage/audienceMembership';
import { audienceUpdate, readAudienceType, readDefinition, readSearch } from '../nodes/SegmentWorkspace/publicApi/audienceInput';
import { isFinalSyncStatus, syncFailureText, syncSummary } from '../nodes/SegmentWorkspace/publicApi/reverseEtlSync';
import { nextInterval, waitUntil } from '../nodes/shared/waitUntil';

const personas = (key: string, extra: Record<string, unknown> = {}) => ({ computation_class: 'audience', computation_key: key, computation_id: 'aud_1', space_id: 'spa_1', ...extra });

describe('what Engage sends for a membership change, read from the event', () => {
	test('an identify with the audience key as a boolean trait', () => {
		const event = { type: 'identify', userId: 'u1', messageId: 'm1', timestamp: '2026-12-01T10:00:00.000Z', traits: { churn_risk: true, email: 'ada@example.com' }, context: { personas: personas('churn_risk') } };
		expect(audienceChangesOf(event)).toEqual([
			{
				audienceKey: 'churn_risk',
				entered: true,
				userId: 'u1',
				anonymousId: null,
				email: 'ada@example.com',
				traits: { churn_risk: true, email: 'ada@example.com' },
				timestamp: '2026-12-01T10:00:00.000Z',
				messageId: 'm1',
				audienceId: 'aud_1',
				spaceId: 'spa_1',
			},
		]);
		expect(audienceChangesOf({ ...event, traits: { churn_risk: false } })[0].entered).toBe(false);
	});

	test('a track Audience Entered or Audience Exited, with properties.audience_key, in the same shape', () => {
		const entered = { type: 'track', anonymousId: 'a1', event: 'Audience Entered', properties: { audience_key: 'vip', vip: true }, context: { personas: personas('vip'), traits: { email: 'bo@example.com' } } };
		expect(audienceChangesOf(entered)).toEqual([expect.objectContaining({ audienceKey: 'vip', entered: true, anonymousId: 'a1', userId: null, email: 'bo@example.com', traits: { email: 'bo@example.com' } })]);
		expect(audienceChangesOf({ ...entered, event: 'Audience Exited', properties: { audience_key: 'vip', vip: false } })).toEqual([expect.objectContaining({ audienceKey: 'vip', entered: false })]);
		// Without context.personas, the documented property names the audience.
		const bare: Record<string, unknown> & { type: string } = { ...entered };
		delete bare.context;
		expect(audienceChangesOf(bare)).toEqual([expect.objectContaining({ audienceKey: 'vip', entered: true, audienceId: null })]);
		// A renamed event still says which way by the flag under the key.
		expect(audienceChangesOf({ ...entered, event: 'VIP Changed', properties: { vip: false } })).toEqual([expect.objectContaining({ audienceKey: 'vip', entered: false })]);
	});

	test('only the chosen keys; an unmarked identify only for them; computed traits and other events never', () => {
		const identify = { type: 'identify', userId: 'u1', traits: { vip: true }, context: { personas: personas('vip') } };
		expect(audienceChangesOf(identify, ['churn_risk'])).toEqual([]);
		expect(audienceChangesOf(identify, ['vip', 'churn_risk'])).toHaveLength(1);
		const signUp = { type: 'identify', userId: 'u1', traits: { newsletter: true, vip: false } };
		expect(audienceChangesOf(signUp)).toEqual([]);
		expect(audienceChangesOf(signUp, ['vip'])).toEqual([expect.objectContaining({ audienceKey: 'vip', entered: false })]);
		expect(audienceChangesOf({ ...identify, context: { personas: { ...personas('vip'), computation_class: 'computed_trait' } } })).toEqual([]);
		expect(audienceChangesOf({ type: 'track', userId: 'u1', event: 'Order Completed', properties: {} })).toEqual([]);
		expect(audienceChangesOf({ type: 'page', userId: 'u1', context: { personas: personas('vip') } })).toEqual([]);
	});
});

describe('audience membership from the Profile API', () => {
	test('booleans only; in all or any of the keys; no keys means in any audience', () => {
		const membership = membershipOf({ vip: true, churn_risk: false, old: 'true', score: 3 });
		expect(membership).toEqual({ vip: true, churn_risk: false, old: true });
		expect(isInAudiences(membership, ['vip', 'churn_risk'], 'all')).toBe(false);
		expect(isInAudiences(membership, ['vip', 'churn_risk'], 'any')).toBe(true);
		expect(isInAudiences(membership, ['unknown'], 'any')).toBe(false);
		expect(isInAudiences(membership, [], 'all')).toBe(true);
		expect(isInAudiences({ churn_risk: false }, [], 'all')).toBe(false);
	});

	test('changes between two readings: entries and exits, a first false is none, a vanished true is an exit', () => {
		expect(membershipChanges({ vip: true, churn_risk: false }, { vip: false, churn_risk: true, new_one: false, gone: undefined as unknown as boolean })).toEqual([
			{ audienceKey: 'churn_risk', entered: true },
			{ audienceKey: 'vip', entered: false },
		]);
		expect(membershipChanges({ vip: true }, {})).toEqual([{ audienceKey: 'vip', entered: false }]);
		expect(membershipChanges({}, { vip: true, churn_risk: true }, ['vip'])).toEqual([{ audienceKey: 'vip', entered: true }]);
	});
});

describe('audience input, checked before sending', () => {
	test('definition, type, search and update fields', () => {
		expect(readDefinition("  event('A').count() >= 1 ")).toEqual({ query: "event('A').count() >= 1" });
		expect(() => readDefinition('')).toThrow('Definition is empty');
		expect(() => readDefinition({ query: 'x' })).toThrow('Definition must be text, not an object');
		expect(readAudienceType('users')).toBe('USERS');
		expect(() => readAudienceType('PEOPLE')).toThrow('Audience Type must be one of USERS, ACCOUNTS, LINKED');
		expect(() => readSearch('x'.repeat(256))).toThrow('at most 255');
		expect(audienceUpdate({ enabled: false, definition: "trait('a') = 1" })).toEqual({ enabled: false, definition: { query: "trait('a') = 1" } });
		expect(() => audienceUpdate({})).toThrow('Nothing to update');
		expect(() => audienceUpdate({ name: ' ' })).toThrow('Name is empty');
	});
});

describe('a Reverse ETL sync status, as a workflow reads it', () => {
	test('counts from text to numbers, with plain names; final statuses; the failure in words', () => {
		const summary = syncSummary({
			syncId: 's1',
			modelId: 'm1',
			sourceId: 'src',
			syncStatus: 'PARTIAL_SUCCESS',
			startedAt: 'a',
			finishedAt: 'b',
			duration: '42s',
			extractPhase: { addedCount: '3', updatedCount: '7', deletedCount: '0', extractCount: '10', errorCode: '' },
			loadPhase: { deliverSuccessCount: '8', deliverFailureCount: '2', errorCode: '' },
		});
		expect(summary).toEqual(expect.objectContaining({ done: true, succeeded: true, recordsExtracted: 10, recordsAdded: 3, recordsUpdated: 7, recordsDeleted: 0, recordsLoaded: 8, recordsFailed: 2, errorCode: null }));
		const running = syncSummary({ syncId: 's2', syncStatus: 'IN_PROGRESS', extractPhase: { extractCount: 'many' } });
		expect(running).toEqual(expect.objectContaining({ done: false, succeeded: false, recordsExtracted: null, recordsLoaded: null }));
		expect(isFinalSyncStatus('QUEUED')).toBe(false);
		expect(isFinalSyncStatus('FAIL')).toBe(true);
		const failed = syncSummary({ syncId: 's3', syncStatus: 'FAIL', error: 'Query failed', errorCode: 'WAREHOUSE_QUERY_FAILED' });
		expect(syncFailureText(failed)).toBe('The Reverse ETL sync s3 ended FAIL: Query failed, code WAREHOUSE_QUERY_FAILED');
	});
});

describe('waiting for Segment: checks that back off, within a time limit', () => {
	test('pauses of 1, 2, 4 … seconds up to the longest, never past the time left', () => {
		const plan = { timeoutMs: 60_000, maxIntervalMs: 10_000 };
		const pauses: number[] = [];
		let previous: number | undefined;
		for (let n = 0; n < 6; n++) pauses.push((previous = nextInterval(previous, plan, 60_000)));
		expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
		expect(nextInterval(8_000, plan, 3_000)).toBe(3_000);
	});

	test('ends when done, or when the time is up with the last answer', async () => {
		let clock = 0;
		const slept: number[] = [];
		const tools = { now: () => clock, sleep: async (ms: number) => void slept.push((clock += ms)) };
		const answers = ['RUNNING', 'RUNNING', 'DONE'];
		const done = await waitUntil(async () => answers.shift()!, (status) => status === 'DONE', { timeoutMs: 60_000, maxIntervalMs: 30_000 }, tools);
		expect(done).toEqual({ last: 'DONE', done: true, checks: 3, waitedMs: 3_000 });

		clock = 0;
		slept.length = 0;
		const stuck = await waitUntil(async () => 'RUNNING', (status) => status === 'DONE', { timeoutMs: 10_000, maxIntervalMs: 4_000 }, tools);
		expect(stuck).toEqual({ last: 'RUNNING', done: false, checks: 5, waitedMs: 10_000 });
		expect(slept).toEqual([1_000, 3_000, 7_000, 10_000]);
	});
});
