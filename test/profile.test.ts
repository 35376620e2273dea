import { accessTokenCredentials, SPACE_ID } from './support/credentials';
import { runNode } from './support/engine';
import { useFakeSegment } from './support/fixtures';
import { fakeWithProfiles, minutesAgo, sendWithNode, trackEvent } from './support/profileFixtures';

const server = useFakeSegment(fakeWithProfiles);

function lookUp(parameters: Record<string, unknown>, items: Array<Record<string, unknown>> = [{}], continueOnFail = false, credentials = accessTokenCredentials(server.fake.url)) {
	return runNode({ parameters: { resource: 'profile', ...parameters }, items, credentials, continueOnFail });
}

const profileRequests = () => server.fake.requests.filter((request) => request.path.startsWith('/v1/spaces/'));

beforeEach(() => server.fake.profiles.clear());

describe('profile look-ups, from what the Segment node sent', () => {
	test('traits of a profile identified with the node, as one item', async () => {
		await sendWithNode(server.fake, [
			{ type: 'identify', userId: 'ada', traits: { email: 'ada@example.com', plan: 'pro' } },
			{ type: 'identify', userId: 'ada', traits: { plan: 'enterprise' } },
		]);
		const { output, error } = await lookUp({ operation: 'getTraits', identifierType: 'user_id', identifier: 'ada', returnAll: true });
		expect(error).toBeUndefined();
		expect(output).toEqual([
			{
				json: { identifierType: 'user_id', identifier: 'ada', traits: { email: 'ada@example.com', plan: 'enterprise' } },
				pairedItem: { item: 0 },
			},
		]);
		const [request] = profileRequests();
		expect(request.path).toBe(`/v1/spaces/${SPACE_ID}/collections/users/profiles/user_id:ada/traits?limit=200`);
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from('fake-profile-token:').toString('base64')}`);
	});

	test('traits follow the cursor while has_more, and stop at the limit', async () => {
		const traits = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`t${String(i).padStart(3, '0')}`, i]));
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'many', traits }]);
		const all = await lookUp({ operation: 'getTraits', identifier: 'many', returnAll: true });
		expect(Object.keys(all.output[0].json.traits as object)).toHaveLength(450);
		expect(profileRequests().map((request) => new URL(request.path, 'http://x').searchParams.has('next'))).toEqual([false, true, true]);

		server.fake.clearRecords();
		const some = await lookUp({ operation: 'getTraits', identifier: 'many', returnAll: false, limit: 30 });
		expect(Object.keys(some.output[0].json.traits as object)).toHaveLength(30);
		expect(profileRequests()).toHaveLength(1);
	});

	test('traits filters: include and verbose', async () => {
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'u', traits: { a: 1, b: 2, c: 3 } }]);
		const { output } = await lookUp({ operation: 'getTraits', identifier: 'u', returnAll: true, filters: { include: 'a, c', verbose: true } });
		expect(output[0].json.traits).toEqual({
			a: { value: 1, source_id: expect.any(String), updated_at: expect.any(String) },
			c: { value: 3, source_id: expect.any(String), updated_at: expect.any(String) },
		});
	});

	test('events: one item per event, newest first, pages followed, filtered by name and time', async () => {
		const now = Date.now();
		const events = Array.from({ length: 150 }, (_, i) =>
			trackEvent('shopper', i % 3 === 0 ? 'Page Viewed' : 'Order Completed', minutesAgo(150 - i, now), { n: i }),
		);
		await sendWithNode(server.fake, events);
		const all = await lookUp({ operation: 'getEvents', identifier: 'shopper', returnAll: true });
		expect(all.output).toHaveLength(150);
		expect(all.output[0].json).toMatchObject({ event: 'Order Completed', type: 'track', properties: { n: 149 }, message_id: expect.any(String) });
		expect(all.output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(profileRequests()).toHaveLength(2);

		const filtered = await lookUp({
			operation: 'getEvents',
			identifier: 'shopper',
			returnAll: true,
			filters: { exclude: 'Page Viewed', start: minutesAgo(30, now), sort: 'asc' },
		});
		const numbers = filtered.output.map((item) => (item.json.properties as { n: number }).n);
		// Events 120 to 149 are in the last 30 minutes; every third is a Page Viewed.
		expect(numbers).toEqual(Array.from({ length: 30 }, (_, k) => 120 + k).filter((n) => n % 3 !== 0));
	});

	test('an email with + and @ is URL-encoded and found', async () => {
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'u9', traits: { email: 'ada+news@example.com' } }]);
		const { output } = await lookUp({ operation: 'getExternalIds', identifierType: 'email', identifier: 'ada+news@example.com', returnAll: true });
		expect(profileRequests()[0].path).toContain('/profiles/email:ada%2Bnews%40example.com/external_ids');
		expect(output.map((item) => [item.json.type, item.json.id])).toEqual([
			['user_id', 'u9'],
			['email', 'ada+news@example.com'],
		]);
	});

	test('metadata as one item; links to the accounts of a group call; account traits by group id', async () => {
		await sendWithNode(server.fake, [
			{ type: 'identify', userId: 'emp', anonymousId: 'anon-emp', traits: {} },
			{ type: 'group', userId: 'emp', groupId: 'acme', traits: { name: 'Acme', employees: 120 } },
		]);
		const metadata = await lookUp({ operation: 'getMetadata', identifierType: 'anonymous_id', identifier: 'anon-emp' });
		expect(metadata.output).toEqual([
			{ json: expect.objectContaining({ identifierType: 'anonymous_id', identifier: 'anon-emp', created_at: expect.any(String), last_message_id: expect.any(String) }), pairedItem: { item: 0 } },
		]);
		const links = await lookUp({ operation: 'getLinks', identifier: 'emp', returnAll: true });
		expect(links.output.map((item) => item.json)).toEqual([
			{ to_collection: 'accounts', external_ids: [expect.objectContaining({ type: 'group_id', id: 'acme' })] },
		]);
		const account = await lookUp({ operation: 'getTraits', collection: 'accounts', identifier: 'acme', returnAll: true });
		expect(account.output[0].json).toEqual({ identifierType: 'group_id', identifier: 'acme', traits: { name: 'Acme', employees: 120 } });
		expect(profileRequests().at(-1)!.path).toContain('/collections/accounts/profiles/group_id:acme/traits');
	});

	test('each input item looks up its own profile', async () => {
		await sendWithNode(server.fake, [
			{ type: 'identify', userId: 'p1', traits: { n: 1 } },
			{ type: 'identify', userId: 'p2', traits: { n: 2 } },
		]);
		const { output } = await lookUp({ operation: 'getTraits', identifier: '={{ $json.id }}', returnAll: true }, [{ id: 'p2' }, { id: 'p1' }]);
		expect(output.map((item) => [item.json.traits, item.pairedItem])).toEqual([
			[{ n: 2 }, { item: 0 }],
			[{ n: 1 }, { item: 1 }],
		]);
	});
});

describe('profile look-ups that fail', () => {
	test('an unknown profile is a clear error naming it and the space', async () => {
		const { error } = await lookUp({ operation: 'getTraits', identifier: 'nobody', returnAll: true });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(`No profile for user_id:nobody in space ${SPACE_ID}`);
		expect(error?.context?.itemIndex).toBe(0);
		expect(error?.description).toContain('Return Nothing for an Unknown Profile');
	});

	test('…or nothing, when asked; with Continue On Fail the other items go on', async () => {
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'known', traits: { a: 1 } }]);
		const quiet = await lookUp({ operation: 'getEvents', identifier: 'nobody', returnAll: true, profileOptions: { emptyIfNotFound: true } });
		expect(quiet.error).toBeUndefined();
		expect(quiet.output).toEqual([]);
		const mixed = await lookUp({ operation: 'getTraits', identifier: '={{ $json.id }}', returnAll: true }, [{ id: 'nobody' }, { id: 'known' }], true);
		expect(mixed.output.map((item) => item.json.error ?? item.json.traits)).toEqual([`No profile for user_id:nobody in space ${SPACE_ID}`, { a: 1 }]);
	});

	test("a wrong token or another space: Segment's code and message", async () => {
		const wrong = await lookUp({ operation: 'getMetadata', identifier: 'x' }, [{}], false, accessTokenCredentials(server.fake.url, 'wrong-token'));
		expect(wrong.error?.message).toBe("Segment's Profile API answered 401 authentication_error: The access token is not valid.");
		expect(wrong.error?.description).toContain('access token');
		const other = await lookUp({ operation: 'getMetadata', identifier: 'x' }, [{}], false, accessTokenCredentials(server.fake.url, 'other-space-token'));
		expect(other.error?.message).toMatch(/^Segment's Profile API answered 403/);
	});

	test('429 and 5xx are retried', async () => {
		await sendWithNode(server.fake, [{ type: 'identify', userId: 'busy', traits: { a: 1 } }]);
		let profileCalls = 0;
		server.fake.faults = ({ path }) => {
			if (!path.startsWith('/v1/spaces/')) return undefined;
			profileCalls++;
			if (profileCalls === 1) return { kind: 'status', status: 429, headers: { 'Retry-After': '0' } };
			if (profileCalls === 2) return { kind: 'status', status: 503, headers: { 'Retry-After': '0' } };
			return undefined;
		};
		const { output, error } = await lookUp({ operation: 'getTraits', identifier: 'busy', returnAll: true });
		expect(error).toBeUndefined();
		expect(output[0].json.traits).toEqual({ a: 1 });
		expect(profileRequests().map((request) => request.status)).toEqual([429, 503, 200]);
	});
});
