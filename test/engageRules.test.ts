import { audienceChangesOf, dropRepeatedChanges } from '../nodes/shared/engage/audienceChange';
import { isInAudiences, membershipChanges, membershipOf } from '../nodes/shared/engage/audienceMembership';
import { audienceUpdate, readAudienceType, readDefinition, readSearch } from '../nodes/SegmentWorkspace/publicApi/audienceInput';
import { isFinalSyncStatus, syncFailureText, syncSummary } from '../nodes/SegmentWorkspace/publicApi/reverseEtlSync';
import { nextInterval, waitUntil } from '../nodes/shared/waitUntil';

const personas = (key: string, extra: Record<string, unknown> = {}) => ({ computation_class: 'audience', computation_key: key, computation_id: 'aud_1', space_id: 'spa_1', ...extra });

describe('what Engage sends for a membership change, read as Segment reads it (engageAudienceMembership)', () => {
	test('an identify: the boolean trait under the computation key', () => {
		const event = { type: 'identify', userId: 'u1', messageId: 'm1', timestamp: '2026-12-01T10:00:00.000Z', traits: { churn_risk: true, email: 'ada@example.com' }, context: { personas: personas('churn_risk') } };
		expect(audienceChangesOf(event)).toEqual([
			{
				audienceKey: 'churn_risk',
				entered: true,
				computationClass: 'audience',
				audienceType: 'users',
				userId: 'u1',
				anonymousId: null,
				groupId: null,
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

	test('a track: the boolean property under the computation key decides, whatever the event is called', () => {
		const entered = { type: 'track', anonymousId: 'a1', event: 'Audience Entered', properties: { audience_key: 'vip', vip: true }, context: { personas: personas('vip'), traits: { email: 'bo@example.com' } } };
		expect(audienceChangesOf(entered)).toEqual([expect.objectContaining({ audienceKey: 'vip', entered: true, anonymousId: 'a1', userId: null, email: 'bo@example.com', traits: { email: 'bo@example.com' } })]);
		// "Audience Entered" carrying false is an exit: the flag wins over the name.
		expect(audienceChangesOf({ ...entered, properties: { audience_key: 'vip', vip: false } })).toEqual([expect.objectContaining({ entered: false })]);
		expect(audienceChangesOf({ ...entered, event: 'VIP Changed', properties: { vip: true } })).toEqual([expect.objectContaining({ entered: true })]);
		// No flag under the key: Segment cannot tell, and neither does the node.
		expect(audienceChangesOf({ ...entered, properties: { audience_key: 'vip' } })).toEqual([]);
	});

	test('a journey step is read exactly like an audience', () => {
		const stepKey = ['j', 'welcome', 'step', '2'].join('_');
		const step = { type: 'identify', userId: 'u1', traits: { [stepKey]: true }, context: { personas: personas(stepKey, { computation_class: 'journey_step' }) } };
		expect(audienceChangesOf(step)).toEqual([expect.objectContaining({ audienceKey: stepKey, entered: true, computationClass: 'journey_step' })]);
	});

	test('an account audience: one group call per account, the flag in its traits', () => {
		const group = { type: 'group', userId: 'u1', groupId: 'acme', traits: { big_accounts: true, name: 'Acme' }, context: { personas: personas('big_accounts') } };
		expect(audienceChangesOf(group)).toEqual([expect.objectContaining({ audienceKey: 'big_accounts', entered: true, audienceType: 'accounts', groupId: 'acme' })]);
	});

	test('only what Engage marked: no personas, no key, a computed trait, another kind of call, or another audience is no change', () => {
		const identify = { type: 'identify', userId: 'u1', traits: { vip: true }, context: { personas: personas('vip') } };
		expect(audienceChangesOf(identify, ['churn_risk'])).toEqual([]);
		expect(audienceChangesOf(identify, ['vip', 'churn_risk'])).toHaveLength(1);
		const signUp = { type: 'identify', userId: 'u1', traits: { newsletter: true, vip: false } };
		expect(audienceChangesOf(signUp)).toEqual([]);
		expect(audienceChangesOf(signUp, ['vip'])).toEqual([]);
		expect(audienceChangesOf({ ...identify, context: { personas: { ...personas('vip'), computation_class: 'computed_trait' } } })).toEqual([]);
		expect(audienceChangesOf({ ...identify, context: { personas: { ...personas('vip'), computation_key: '' } } })).toEqual([]);
		expect(audienceChangesOf({ type: 'track', userId: 'u1', event: 'Order Completed', properties: {} })).toEqual([]);
		expect(audienceChangesOf({ type: 'page', userId: 'u1', context: { personas: personas('vip') } })).toEqual([]);
		expect(audienceChangesOf({ ...identify, traits: { vip: 'true' } })).toEqual([]);
	});
});

describe('one change of one person in one audience, once', () => {
	const change = (entered: boolean, who: Record<string, string | null>, key = 'vip') =>
		audienceChangesOf({ type: 'identify', ...who, traits: { [key]: entered, ...(who.email ? { email: who.email } : {}) }, context: { personas: personas(key, { computation_id: `aud_${key}` }) } })[0];

	test("Engage's call per identifier and its re-sync on a new ID are repeats; an exit and a new entry are not", () => {
		let step = dropRepeatedChanges([change(true, { userId: 'u1', email: 'a@x.com' }), change(true, { userId: 'u1', email: 'b@x.com' })], undefined);
		expect(step.fresh).toHaveLength(1);
		step = dropRepeatedChanges([change(true, { userId: 'u1', email: 'c@x.com' })], JSON.parse(JSON.stringify(step.memory)));
		expect(step.fresh).toEqual([]);
		step = dropRepeatedChanges([change(false, { userId: 'u1' }), change(true, { userId: 'u1' })], step.memory);
		expect(step.fresh.map((item) => item.entered)).toEqual([false, true]);
		// Another person, another audience: their own.
		expect(dropRepeatedChanges([change(true, { userId: 'u2' }), change(true, { userId: 'u1' }, 'churn_risk')], step.memory).fresh).toHaveLength(2);
	});

	test('the memory is bounded, the oldest forgotten first, and a memory that is not one starts empty', () => {
		const many = Array.from({ length: 30 }, (_, n) => change(true, { userId: `u${n}` }));
		const { memory } = dropRepeatedChanges(many, undefined, 10);
		expect(Object.keys(memory)).toHaveLength(10);
		expect(dropRepeatedChanges([change(true, { userId: 'u29' })], memory, 10).fresh).toEqual([]);
		expect(dropRepeatedChanges([change(true, { userId: 'u0' })], memory, 10).fresh).toHaveLength(1);
		for (const stored of [null, 'x', [], { ['__proto__']: 1 }, { abc: 1 }]) expect(dropRepeatedChanges([change(true, { userId: 'u1' })], stored).fresh).toHaveLength(1);
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
