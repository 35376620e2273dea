import type { IDataObject } from 'n8n-workflow';

import { accessTokenCredentials, ACCESS_TOKEN, SPACE_ID } from './support/credentials';
import { pollTrigger, runNode } from './support/engine';
import { FakeSegment } from './support/fakeSegment';
import { sendWithNode } from './support/profileFixtures';

let fake: FakeSegment;

beforeAll(async () => {
	fake = await new FakeSegment({ accessTokens: { [ACCESS_TOKEN]: SPACE_ID } }).start();
});
afterAll(async () => await fake.stop());
beforeEach(() => {
	fake.workspace.seed();
	fake.profiles.clear();
	fake.clearRecords();
	fake.forgetMessageIds();
});

const orders = (userId: string, count: number, from = 0) => Array.from({ length: count }, (_, n) => ({ type: 'track', userId, event: 'Order Completed', properties: { order_id: `${userId}-${from + n}` } }));
const churnScore = (userId: string, score: number) => ({ type: 'identify', userId, traits: { churn_score: score, email: `${userId}@example.com` } });

describe('Profile → Get Audiences: is this person in the audience?', () => {
	const getAudiences = (identifier: string, parameters: Record<string, unknown> = {}) =>
		runNode({ parameters: { resource: 'profile', operation: 'getAudiences', identifierType: 'user_id', identifier, ...parameters }, items: [{}], credentials: accessTokenCredentials(fake.url) });

	test("the person's audiences from their audience traits, and In Audience for the keys given, ready for an IF node", async () => {
		await sendWithNode(fake, [...orders('ada', 3), churnScore('ada', 20)]);
		const all = await getAudiences('ada', { audienceKeys: 'vip_customers' });
		expect(all.error).toBeUndefined();
		expect(all.output[0].json).toEqual({ identifierType: 'user_id', identifier: 'ada', audiences: { vip_customers: true }, inAudience: true });
		expect(new URL(fake.requests.at(-1)!.path, 'http://x').searchParams.get('class')).toBe('audience');

		const both = await getAudiences('ada', { audienceKeys: 'vip_customers, churn_risk', keyMatch: 'all' });
		expect(both.output[0].json.inAudience).toBe(false);
		const either = await getAudiences('ada', { audienceKeys: 'vip_customers, churn_risk', keyMatch: 'any' });
		expect(either.output[0].json.inAudience).toBe(true);
	});

	test('someone who left an audience has it as false, and is not in it', async () => {
		await sendWithNode(fake, [churnScore('bo', 90)]);
		await sendWithNode(fake, [churnScore('bo', 10)]);
		const { output } = await getAudiences('bo', { audienceKeys: 'churn_risk' });
		expect(output[0].json).toEqual(expect.objectContaining({ audiences: { churn_risk: false }, inAudience: false }));
	});

	test('a person Segment does not know fails the item, as every profile look-up does, unless asked for nothing', async () => {
		const unknown = await getAudiences('nobody');
		expect(unknown.error?.message).toContain('user_id:nobody');
		const nothing = await getAudiences('nobody', { profileOptions: { emptyIfNotFound: true } });
		expect(nothing.error).toBeUndefined();
		expect(nothing.output).toEqual([]);
	});
});

describe('Segment Trigger, Watch Audience Changes', () => {
	const staticData: IDataObject = {};
	const poll = (parameters: Record<string, unknown> = {}, mode: 'trigger' | 'manual' = 'trigger') =>
		pollTrigger({ parameters: { watch: 'audienceChanges', identifierType: 'user_id', identifier: 'cy, di', ...parameters }, credentials: accessTokenCredentials(fake.url), staticData, mode });

	beforeEach(() => {
		for (const key of Object.keys(staticData)) delete staticData[key];
	});

	test('the first poll takes note; then one item per entry and exit, across polls, and nothing when nothing changed', async () => {
		await sendWithNode(fake, [...orders('cy', 3)]);
		expect((await poll()).items).toBeNull();

		await sendWithNode(fake, [churnScore('cy', 95), ...orders('di', 3)]);
		const second = await poll();
		expect(second.error).toBeUndefined();
		expect(second.items?.map((item) => [item.json.identifier, item.json.audienceKey, item.json.entered])).toEqual([
			['cy', 'churn_risk', true],
			['di', 'vip_customers', true],
		]);
		expect(second.items![0].json).toEqual(
			expect.objectContaining({ identifierType: 'user_id', userId: 'cy', anonymousId: null, email: null, audiences: { vip_customers: true, churn_risk: true }, timestamp: expect.any(String) }),
		);

		expect((await poll()).items).toBeNull();

		await sendWithNode(fake, [churnScore('cy', 5)]);
		expect((await poll()).items?.map((item) => [item.json.identifier, item.json.audienceKey, item.json.entered])).toEqual([['cy', 'churn_risk', false]]);
	});

	test('Audience Keys keeps only those audiences', async () => {
		expect((await poll({ audienceKeys: 'churn_risk' })).items).toBeNull();
		await sendWithNode(fake, [churnScore('cy', 95), ...orders('cy', 3)]);
		expect((await poll({ audienceKeys: 'churn_risk' })).items?.map((item) => item.json.audienceKey)).toEqual(['churn_risk']);
	});

	test("Fetch Test Event shows the audiences a profile is in now, and says so when it is in none", async () => {
		await sendWithNode(fake, [...orders('cy', 3)]);
		const test = await poll({ identifier: 'cy' }, 'manual');
		expect(test.items?.map((item) => [item.json.audienceKey, item.json.entered])).toEqual([['vip_customers', true]]);
		// A test fetch leaves the trigger's readings alone.
		expect(JSON.stringify(staticData)).not.toContain('vip_customers');
		await sendWithNode(fake, [churnScore('di', 1)]);
		const none = await poll({ identifier: 'di' }, 'manual');
		expect(none.error?.message).toBe('user_id:di is in none of the audiences watched');
	});
});
