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
