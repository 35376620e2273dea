import { PUBLIC_API_TOKEN, publicApiCredentials } from './support/credentials';
import { loadOptionsContext, nodeTypes } from './support/engine';
import { useFakeSegment } from './support/fixtures';
import { fakeWithWorkspace, publicApiCalls, queryOf } from './support/publicApiFixtures';

const server = useFakeSegment(fakeWithWorkspace);
beforeEach(() => server.fake.workspace.seed({ sources: 250, destinations: 3, trackingPlans: 2, warehouses: 2 }));

/** Opens a picker of the Segment node as n8n's editor does: a list-search method in a LoadOptionsContext. */
async function openPicker(method: string, filter?: string, paginationToken?: string) {
	const search = nodeTypes.segment.methods!.listSearch![method];
	const context = loadOptionsContext('segment', { resource: 'source', operation: 'get' }, publicApiCredentials(server.fake.url));
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
});
