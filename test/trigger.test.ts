import type { IDataObject } from 'n8n-workflow';

import { accessTokenCredentials } from './support/credentials';
import { pollTrigger } from './support/engine';
import { advanceClock, setClock } from './support/clock';
import { useFakeSegment } from './support/fixtures';
import { fakeWithProfiles, minutesAgo, sendWithNode, trackEvent } from './support/profileFixtures';

const server = useFakeSegment(fakeWithProfiles);

beforeEach(() => server.fake.profiles.clear());

function watcher(parameters: Record<string, unknown> = {}) {
	const staticData: IDataObject = {};
	const poll = (mode: 'trigger' | 'manual' = 'trigger', credentials = accessTokenCredentials(server.fake.url)) =>
		pollTrigger({
			parameters: { watch: 'events', identifierType: 'user_id', identifier: 'shopper', ...parameters },
			credentials,
			staticData,
			mode,
		});
	return { poll, staticData };
}

const names = (items: { json: IDataObject }[] | null) => (items ?? []).map((item) => (item.json.properties as { n: number }).n);

describe('Segment Profile Trigger on new events', () => {
	test('activation starts from that moment: no backlog, then each new event once, oldest first', async () => {
		await sendWithNode(server.fake, [trackEvent('shopper', 'Order Completed', minutesAgo(5), { n: 0 })]);
		const { poll } = watcher();
		expect((await poll()).items).toBeNull();

		await sendWithNode(server.fake, [
			trackEvent('shopper', 'Order Completed', new Date(Date.now() + 2_000).toISOString(), { n: 2 }),
			trackEvent('shopper', 'Order Completed', new Date(Date.now() + 1_000).toISOString(), { n: 1 }),
		]);
		expect(names((await poll()).items)).toEqual([1, 2]);
		expect((await poll()).items).toBeNull();
	});

	test('a look-back replays the events of that many minutes on activation', async () => {
		await sendWithNode(server.fake, [
			trackEvent('shopper', 'Order Completed', minutesAgo(90), { n: 0 }),
			trackEvent('shopper', 'Order Completed', minutesAgo(30), { n: 1 }),
			trackEvent('shopper', 'Order Completed', minutesAgo(10), { n: 2 }),
		]);
		const { poll } = watcher({ options: { lookBackMinutes: 60 } });
		expect(names((await poll()).items)).toEqual([1, 2]);
		expect((await poll()).items).toBeNull();
	});

	test('events sharing a timestamp, and events arriving late within the window, are emitted once each', async () => {
		const { poll } = watcher({ options: { lookBackMinutes: 60, lateWindowMinutes: 10 } });
		const shared = minutesAgo(2);
		await sendWithNode(server.fake, [trackEvent('shopper', 'A', shared, { n: 1 })]);
		expect(names((await poll()).items)).toEqual([1]);
		// Same timestamp as one already emitted, arriving after the poll.
		await sendWithNode(server.fake, [trackEvent('shopper', 'A', shared, { n: 2 })]);
		// Reached Segment late: its time is before the newest event seen.
		await sendWithNode(server.fake, [trackEvent('shopper', 'A', minutesAgo(6), { n: 3 })]);
		expect(names((await poll()).items).sort()).toEqual([2, 3]);
		expect((await poll()).items).toBeNull();
		expect((await poll()).items).toBeNull();
	});

	test('pagination is followed: 250 events between two polls all arrive, in order', async () => {
		const { poll } = watcher();
		await poll();
		server.fake.clearRecords();
		const base = Date.now() + 1_000;
		await sendWithNode(
			server.fake,
			Array.from({ length: 250 }, (_, n) => trackEvent('shopper', 'Order Completed', new Date(base + n * 10).toISOString(), { n })),
		);
		server.fake.clearRecords();
		expect(names((await poll()).items)).toEqual(Array.from({ length: 250 }, (_, n) => n));
		expect(server.fake.requests.map((request) => request.path.includes('next='))).toEqual([false, true, true]);
	});

	test('include and exclude names; several profiles at once', async () => {
		const { poll } = watcher({ identifier: 'shopper, other', includeEvents: 'Order Completed, Refund' });
		await sendWithNode(server.fake, [
			{ type: 'identify', userId: 'shopper' },
			{ type: 'identify', userId: 'other' },
		]);
		await poll();
		await sendWithNode(server.fake, [
			trackEvent('other', 'Order Completed', new Date(Date.now() + 3_000).toISOString(), { n: 3 }),
			trackEvent('shopper', 'Page Viewed', new Date(Date.now() + 1_000).toISOString(), { n: 1 }),
			trackEvent('shopper', 'Refund', new Date(Date.now() + 2_000).toISOString(), { n: 2 }),
		]);
		expect(names((await poll()).items)).toEqual([2, 3]);
	});

	test('what it keeps stays small, whatever the number of polls', async () => {
		setClock('2026-11-20T12:00:00.000Z');
		const { poll, staticData } = watcher({ options: { lateWindowMinutes: 1 } });
		await poll();
		let emitted = 0;
		for (let round = 0; round < 15; round++) {
			// Each round's events are 2 minutes apart: older ones fall out of the window.
			advanceClock(120_000);
			const at = Date.now() - 1_000;
			await sendWithNode(
				server.fake,
				Array.from({ length: 20 }, (_, k) => trackEvent('shopper', 'Tick', new Date(at + k).toISOString(), { n: round * 20 + k })),
			);
			emitted += names((await poll()).items).length;
		}
		expect(emitted).toBe(300);
		const state = JSON.stringify(staticData);
		expect(Object.keys((Object.values(staticData)[0] as { events: Record<string, { seen: object }> }).events['user_id:shopper'].seen)).toHaveLength(20);
		expect(state.length).toBeLessThan(3_000);
		jest.useRealTimers();
	});

	test('"Fetch test event" returns the newest event and keeps no state; or says there is none', async () => {
		await sendWithNode(server.fake, [
			trackEvent('shopper', 'Order Completed', minutesAgo(20), { n: 1 }),
			trackEvent('shopper', 'Order Completed', minutesAgo(10), { n: 2 }),
		]);
		const { poll, staticData } = watcher();
		expect(names((await poll('manual')).items)).toEqual([2]);
		expect(Object.values(staticData).every((nodeData) => Object.keys(nodeData as object).length === 0)).toBe(true);

		await sendWithNode(server.fake, [{ type: 'identify', userId: 'quiet' }]);
		const quiet = await watcher({ identifier: 'quiet' }).poll('manual');
		expect(quiet.error?.message).toBe('No event in the last 14 days for user_id:quiet');
	});

	test('a profile Segment does not know yet is no error while active: its first events after activation are emitted', async () => {
		const { poll } = watcher({ identifier: 'newcomer' });
		expect(await poll()).toEqual({ items: null });
		expect(await poll()).toEqual({ items: null });
		await sendWithNode(server.fake, [trackEvent('newcomer', 'Signed Up', new Date().toISOString(), { n: 1 })]);
		expect(names((await poll()).items)).toEqual([1]);
		// Fetch Test Event still says when there is no such profile: a typo shows at once.
		expect((await watcher({ identifier: 'nobody' }).poll('manual')).error?.message).toBe('No profile for user_id:nobody in space spa_fake1');
	});

	test('a failed poll is an error the user sees; a 429 is retried', async () => {
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'shopper' }]);
		const { poll } = watcher();
		expect((await poll('trigger', accessTokenCredentials(server.fake.url, 'wrong'))).error?.message).toBe(
			"Segment's Profile API answered 401 authentication_error: The access token is not valid.",
		);

		let calls = 0;
		server.fake.faults = ({ path }) => (path.startsWith('/v1/spaces/') && ++calls === 1 ? { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } : undefined);
		const retried = await poll();
		expect(retried.error).toBeUndefined();
		expect(calls).toBe(2);
	});
});

describe('Segment Profile Trigger on trait changes', () => {
	test('reports each change once, with old and new values, for the watched traits only', async () => {
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'shopper', traits: { plan: 'free', seen: 1 } }]);
		const { poll } = watcher({ watch: 'traitChanges', traits: 'plan, email' });
		expect((await poll()).items).toBeNull();

		await sendWithNode(server.fake, [{ type: 'identify', userId: 'shopper', traits: { plan: 'pro', seen: 2, email: 'a@b.c' } }]);
		const changed = await poll();
		expect(changed.items).toEqual([
			{
				json: {
					identifierType: 'user_id',
					identifier: 'shopper',
					changes: { plan: { old: 'free', new: 'pro' }, email: { old: null, new: 'a@b.c' } },
					traits: { plan: 'pro', seen: 2, email: 'a@b.c' },
				},
			},
		]);
		expect((await poll()).items).toBeNull();

		await sendWithNode(server.fake, [{ type: 'identify', userId: 'shopper', traits: { seen: 3 } }]);
		expect((await poll()).items).toBeNull();
	});
});
