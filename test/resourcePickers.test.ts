import { PUBLIC_API_TOKEN, publicApiCredentials } from './support/credentials';
import { loadOptionsContext, nodeTypes } from './support/engine';
import { useFakeSegment } from './support/fixtures';
import { fakeWithWorkspace, publicApiCalls, queryOf } from './support/publicApiFixtures';

const server = useFakeSegment(fakeWithWorkspace);
beforeEach(() => server.fake.workspace.seed({ sources: 250, destinations: 3, trackingPlans: 2, warehouses: 2 }));

/** Opens a picker of the Segment node as n8n's editor does: a list-search method in a LoadOptionsContext. */
async function openPicker(method: string, filter?: string, paginationToken?: string, parameters: Record<string, unknown> = { resource: 'source', operation: 'get' }) {
	const search = nodeTypes.segmentWorkspace.methods!.listSearch![method];
	const context = loadOptionsContext('segmentWorkspace', parameters, publicApiCredentials(server.fake.url));
	return await search.call(context, filter, paginationToken);
}

describe('picking a workspace resource from a list', () => {
	test('sources page by page, with the next page one scroll away', async () => {
		const first = await openPicker('searchSources');
		expect(first.results).toHaveLength(200);
		expect(first.results[0]).toEqual({ name: 'Source 001', value: 'src_001', description: 'HTTP API · on' });
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await openPicker('searchSources', undefined, first.paginationToken);
		expect(second.results.map((item) => item.value)).toEqual(Array.from({ length: 50 }, (_, i) => `src_${201 + i}`));
		expect(second.paginationToken).toBeUndefined();
		expect(publicApiCalls(server.fake).map((call) => [queryOf(call).get('pagination.count'), call.headers.authorization])).toEqual([
			['200', `Bearer ${PUBLIC_API_TOKEN}`],
			['200', `Bearer ${PUBLIC_API_TOKEN}`],
		]);
	});

	test('typing filters by name or ID', async () => {
		server.fake.workspace.sources[6].name = 'Checkout Website';
		const { results } = await openPicker('searchSources', 'checkout');
		expect(results.map((item) => item.value)).toEqual(['src_007']);
		expect((await openPicker('searchSources', 'SRC_012')).results.map((item) => item.name)).toEqual(['Source 012']);
	});

	test('destinations, tracking plans and warehouses', async () => {
		server.fake.workspace.destinations[1].enabled = false;
		expect((await openPicker('searchDestinations')).results[1]).toEqual({ name: 'Destination 002', value: 'dst_002', description: 'Mixpanel · off' });
		expect((await openPicker('searchTrackingPlans')).results.map((item) => item.name)).toEqual(['Tracking Plan 001', 'Tracking Plan 002']);
		expect((await openPicker('searchWarehouses')).results[0]).toEqual({ name: 'Warehouse 001', value: 'wh_001', description: 'Postgres · on' });
	});

	test('a failing Public API says why in the picker', async () => {
		server.fake.faults = () => ({ kind: 'status', status: 403, body: { errors: [{ type: 'forbidden', message: 'The token has no access to this workspace' }] } });
		await expect(openPicker('searchSources')).rejects.toThrow("Segment's Public API answered 403: The token has no access to this workspace");
	});

	test("Engage spaces, a space's audiences (searched by Segment) and computed traits, and Reverse ETL models, with the alpha media type", async () => {
		const inSpace = { resource: 'audience', operation: 'get', spaceId: { __rl: true, mode: 'list', value: 'spa_fake1' } };
		expect((await openPicker('searchSpaces')).results).toEqual([{ name: 'Production', value: 'spa_fake1', description: 'space-001' }]);
		const audiences = await openPicker('searchAudiences', 'churn', undefined, inSpace);
		expect(audiences.results).toEqual([{ name: 'Churn Risk', value: expect.stringMatching(/^aud_/), description: 'churn_risk · USERS' }]);
		expect(Object.fromEntries(queryOf(publicApiCalls(server.fake).at(-1)!))).toEqual({ 'search.type': 'NAME', 'search.query': 'churn', 'pagination.count': '200' });
		expect((await openPicker('searchComputedTraits', undefined, undefined, inSpace)).results.map((item) => item.description)).toEqual(['orders_count', 'last_plan']);
		expect((await openPicker('searchReverseEtlModels')).results[0]).toEqual({ name: 'Churn Scores', value: 'rem_001', description: 'Source src_retl01' });
		expect(publicApiCalls(server.fake).every((call) => call.headers.accept === 'application/vnd.segment.v1alpha+json')).toBe(true);
	});
});

describe('IDs that were typed are picked from a list too', () => {
	const byId = (value: string) => ({ __rl: true, mode: 'id', value });

	test('functions of every kind, one kind a page', async () => {
		const first = await openPicker('searchFunctions', undefined, undefined, { resource: 'function', operation: 'get' });
		expect(first.results).toEqual([{ name: 'Stripe Webhooks', value: 'sfnc_001', description: 'source function' }]);
		const second = await openPicker('searchFunctions', undefined, first.paginationToken, { resource: 'function', operation: 'get' });
		expect(second.results).toEqual([{ name: 'Internal CRM', value: 'dfnc_001', description: 'destination function' }]);
		let token = second.paginationToken;
		while (token) token = (await openPicker('searchFunctions', undefined, token, { resource: 'function', operation: 'get' })).paginationToken;
		expect(publicApiCalls(server.fake).map((call) => queryOf(call).get('resourceType'))).toEqual(['SOURCE', 'DESTINATION', 'INSERT_SOURCE', 'INSERT_DESTINATION', 'INSERT_TRANSFORMATION']);
	});

	test("a destination's filters and mappings, once a destination is chosen; before, what to do", async () => {
		server.fake.workspace.destinationFilters.push({ id: 'flt_001', destinationId: 'dst_001', sourceId: 'src_001', title: 'Drop tests', if: 'event = "Test"', actions: [{ type: 'DROP' }], enabled: true, createdAt: '', updatedAt: '' });
		const chosen = { resource: 'destinationFilter', operation: 'get', destinationId: byId('dst_001') };
		expect((await openPicker('searchDestinationFilters', undefined, undefined, chosen)).results).toEqual([{ name: 'Drop tests', value: 'flt_001', description: 'event = "Test" · on' }]);
		await expect(openPicker('searchDestinationFilters', undefined, undefined, { resource: 'destinationFilter', operation: 'get' })).rejects.toThrow('Choose a Destination first');
		const hook = server.fake.workspace.addWebhookDestination('src_001', 'https://example.com/hook');
		const mappings = await openPicker('searchDestinationSubscriptions', undefined, undefined, { resource: 'destination', operation: 'updateSubscription', destinationId: byId(String(hook.id)) });
		expect(mappings.results).toEqual([{ name: 'Send', value: expect.stringMatching(/^sub/), description: expect.stringMatching(/^send · type = "track"/) }]);
	});

	test('privacy requests of the last 90 days', async () => {
		server.fake.workspace.addRegulation({ regulationType: 'SUPPRESS_WITH_DELETE', subjectType: 'USER_ID', subjectIds: ['user-1'] });
		const { results } = await openPicker('searchPrivacyRequests', undefined, undefined, { resource: 'privacyRequest', operation: 'get' });
		expect(results).toEqual([{ name: 'SUPPRESS_WITH_DELETE · INITIALIZED', value: server.fake.workspace.regulations[0].id, description: expect.any(String) }]);
	});

	test("a source's write keys, shown only by their last four characters", async () => {
		const { results } = await openPicker('searchWriteKeys', undefined, undefined, { resource: 'source', operation: 'removeWriteKey', sourceId: byId('src_002') });
		expect(results).toEqual([{ name: 'Write key 1 (…_002)', value: 'wk_002' }]);
		expect(JSON.stringify(results.map((item) => item.name))).not.toContain('wk_002');
		await expect(openPicker('searchWriteKeys', undefined, undefined, { resource: 'source', operation: 'removeWriteKey' })).rejects.toThrow('Choose a Source first');
	});

	test("a model's mappings (the subscriptions of its source's destinations that sync it) and its newest syncs", async () => {
		const model = { resource: 'reverseEtl', operation: 'getSync', modelId: byId('rem_001') };
		expect((await openPicker('searchReverseEtlMappings', undefined, undefined, model)).results.map((item) => item.value)).toEqual(['1001', '1003']);
		const { runNode } = await import('./support/engine');
		for (const subscriptionId of ['1001', '1003']) {
			await runNode({ parameters: { resource: 'reverseEtl', operation: 'startSync', modelId: byId('rem_001'), subscriptionId: byId(subscriptionId), waitForCompletion: false }, items: [{}], credentials: publicApiCredentials(server.fake.url) });
		}
		const syncs = await openPicker('searchReverseEtlSyncs', undefined, undefined, model);
		expect(syncs.results.map((item) => item.description).sort()).toEqual(['Mapping 1001', 'Mapping 1003']);
		expect(syncs.results.map((item) => item.value).sort()).toEqual(server.fake.workspace.reverseEtl.syncs.map((sync) => sync.syncId).sort());
		const ofOne = await openPicker('searchReverseEtlSyncs', undefined, undefined, { ...model, subscriptionId: byId('1003') });
		expect(ofOne.results.map((item) => item.description)).toEqual(['Mapping 1003']);
	});

	test("a space's audiences before a Space is chosen: choose one first, named when the workspace has only one", async () => {
		await expect(openPicker('searchAudiences', undefined, undefined, { resource: 'audience', operation: 'get' })).rejects.toThrow('Choose a Space first. This workspace has one: Production (spa_fake1).');
		await expect(openPicker('searchComputedTraits', undefined, undefined, { resource: 'computedTrait', operation: 'get' })).rejects.toThrow('Choose a Space first.');
		expect(publicApiCalls(server.fake).map((call) => new URL(call.path, 'http://x').pathname)).toEqual(['/spaces', '/spaces']);
	});
});
