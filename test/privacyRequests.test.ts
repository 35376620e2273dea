import { useFakeSegment } from './support/fixtures';
import { fakeWithWorkspace, picked, publicApiCalls, queryOf, runOnWorkspace } from './support/publicApiFixtures';

const server = useFakeSegment(fakeWithWorkspace);
beforeEach(() => server.fake.workspace.seed());

const run = (operation: string, parameters: Record<string, unknown> = {}, items?: Array<Record<string, unknown>>, continueOnFail = false) =>
	runOnWorkspace(server.fake, { resource: 'privacyRequest', operation, parameters, items, continueOnFail });

describe('creating a privacy request', () => {
	test('a deletion request from a form: workspace scope, Suppress and Delete, the ID it gets back', async () => {
		const { output, error } = await run('create', { subjectIds: '={{ $json.userId }}' }, [{ userId: 'user-1001', email: 'ada@example.com' }]);
		expect(error).toBeUndefined();
		const [call] = publicApiCalls(server.fake);
		expect([call.method, call.path, JSON.parse(call.body)]).toEqual([
			'POST',
			'/regulations',
			{ regulationType: 'SUPPRESS_WITH_DELETE', subjectType: 'USER_ID', subjectIds: ['user-1001'] },
		]);
		const [regulation] = server.fake.workspace.regulations;
		expect(output).toEqual([
			{
				json: { regulateId: regulation.id, scope: 'workspace', regulationType: 'SUPPRESS_WITH_DELETE', subjectType: 'USER_ID', subjectIds: ['user-1001'] },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('several IDs, with numbers from a spreadsheet and repeats, go out once each as text', async () => {
		await run('create', { regulationType: 'SUPPRESS_ONLY', subjectIds: '={{ $json.ids }}' }, [{ ids: [42, 'u-7', ' u-7 ', 43] }]);
		expect(JSON.parse(publicApiCalls(server.fake)[0].body).subjectIds).toEqual(['42', 'u-7', '43']);
		await run('create', { regulationType: 'UNSUPPRESS', subjectIds: 'a, b,,c ' });
		expect(JSON.parse(publicApiCalls(server.fake)[1].body)).toEqual({ regulationType: 'UNSUPPRESS', subjectType: 'USER_ID', subjectIds: ['a', 'b', 'c'] });
	});

	test('source scope, and a cloud source with its collection', async () => {
		const source = await run('create', { scope: 'source', sourceId: picked('src_002'), regulationType: 'DELETE_ONLY', subjectIds: 'u1' });
		expect(source.output[0].json).toEqual(expect.objectContaining({ scope: 'source', sourceId: 'src_002', regulateId: expect.any(String) }));
		const archive = await run('create', { scope: 'source', sourceId: picked('src_002'), regulationType: 'DELETE_ARCHIVE_ONLY', subjectType: 'ANONYMOUS_ID', subjectIds: 'anon-9' });
		expect(archive.error).toBeUndefined();
		const cloud = await run('create', { scope: 'cloudSource', sourceId: picked('src_003'), subjectType: 'OBJECT_ID', subjectIds: '0035g00000XyZ', collection: 'contacts' });
		expect(cloud.error).toBeUndefined();
		expect(publicApiCalls(server.fake).map((call) => [call.path, JSON.parse(call.body)])).toEqual([
			['/regulations/sources/src_002', { regulationType: 'DELETE_ONLY', subjectType: 'USER_ID', subjectIds: ['u1'] }],
			['/regulations/sources/src_002', { regulationType: 'DELETE_ARCHIVE_ONLY', subjectType: 'ANONYMOUS_ID', subjectIds: ['anon-9'] }],
			['/regulations/cloudsources/src_003', { regulationType: 'SUPPRESS_WITH_DELETE', subjectType: 'OBJECT_ID', subjectIds: ['0035g00000XyZ'], collection: 'contacts' }],
		]);
		expect(server.fake.workspace.regulations.map((regulation) => regulation.sourceId)).toEqual(['src_002', 'src_002', 'src_003']);
	});

	test.each([
		// An expression that gives nothing: n8n itself refuses a required field left empty.
		['no ID', { subjectIds: '={{ $json.missing }}' }, 'Subject IDs is empty: give the ID of the person (or object) the request is about'],
		['too many IDs', { subjectIds: Array.from({ length: 5_001 }, (_, i) => `u${i}`).join(',') }, '5001 subject IDs in one request; Segment takes at most 5,000'],
		['an anonymous ID for the workspace', { subjectType: 'ANONYMOUS_ID', subjectIds: 'a' }, 'Subject type ANONYMOUS_ID is not available for the Workspace scope: use USER_ID or OBJECT_ID'],
		['an anonymous ID with another type than archive deletion', { scope: 'source', sourceId: picked('src_001'), subjectType: 'ANONYMOUS_ID', subjectIds: 'a' }, 'Anonymous IDs can only be used with Delete From Archive Only'],
		['archive deletion for the workspace', { regulationType: 'DELETE_ARCHIVE_ONLY', subjectIds: 'a' }, 'Regulation type DELETE_ARCHIVE_ONLY is not available for the Workspace scope'],
		['a cloud source without its collection', { scope: 'cloudSource', sourceId: picked('src_001'), subjectType: 'OBJECT_ID', subjectIds: 'o1', collection: '={{ $json.missing }}' }, 'Collection is empty: give the cloud source collection the objects are in, e.g. users'],
	])('%s is refused before anything is sent, with the item named', async (_, parameters, message) => {
		const { error } = await run('create', parameters);
		expect(error?.message).toBe(message);
		expect(error?.context?.itemIndex).toBe(0);
		expect(publicApiCalls(server.fake)).toHaveLength(0);
	});

	test('with Continue On Fail a bad row fails alone and the others are sent', async () => {
		const { output } = await run('create', { subjectIds: '={{ $json.id }}' }, [{ id: 'u1' }, { id: '' }, { id: 'u3' }], true);
		expect(output.map((item) => (item.json.error as string | undefined)?.slice(0, 20) ?? item.json.subjectIds)).toEqual([['u1'], 'Subject IDs is empty', ['u3']]);
		expect(server.fake.workspace.regulations.map((regulation) => regulation.subjectIds)).toEqual([['u1'], ['u3']]);
	});
});

describe('following a privacy request', () => {
	test('Get: the status, and done once Segment has finished', async () => {
		const created = await run('create', { subjectIds: 'user-1001' });
		const regulateId = created.output[0].json.regulateId as string;
		const statuses: Array<[unknown, unknown]> = [];
		for (let poll = 0; poll < 3; poll++) {
			const { output } = await run('get', { regulateId: '={{ $json.regulateId }}' }, [{ regulateId }]);
			statuses.push([output[0].json.overallStatus, output[0].json.done]);
			expect(output[0].json).toEqual(expect.objectContaining({ id: regulateId, regulateId, workspaceId: expect.any(String), createdAt: expect.any(String) }));
		}
		expect(statuses).toEqual([
			['INITIALIZED', false],
			['RUNNING', false],
			['FINISHED', true],
		]);
		expect(publicApiCalls(server.fake).at(-1)!.path).toBe(`/regulations/${regulateId}`);
	});

	test('Get of an unknown request is a 404 in plain words', async () => {
		const { error } = await run('get', { regulateId: 'reg_nope' });
		expect(error?.message).toBe("Segment's Public API answered 404: Resource not found");
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toContain('Segment keeps privacy requests for 90 days: an older one answers 404');
	});

	test('Get Many filters by status and by types, sent as repeated parameters', async () => {
		for (const type of ['SUPPRESS_ONLY', 'DELETE_ONLY', 'SUPPRESS_WITH_DELETE']) await run('create', { regulationType: type, subjectIds: `u-${type}` });
		await run('get', { regulateId: server.fake.workspace.regulations[1].id });
		const all = await run('getAll', { returnAll: true });
		expect(all.output).toHaveLength(3);
		const filtered = await run('getAll', { returnAll: true, filters: { regulationTypes: ['DELETE_ONLY', 'SUPPRESS_ONLY'], status: 'RUNNING' } });
		expect(filtered.output.map((item) => item.json.id)).toEqual([server.fake.workspace.regulations[1].id]);
		const query = queryOf(publicApiCalls(server.fake).at(-1)!);
		expect(query.getAll('regulationTypes')).toEqual(['DELETE_ONLY', 'SUPPRESS_ONLY']);
		expect(query.get('status')).toBe('RUNNING');
	});

	test('the workspace list offers no Delete From Archive Only filter (only one source has such requests), and refuses it from an expression', async () => {
		const { nodeTypes } = await import('./support/engine');
		const filters = nodeTypes.segmentWorkspace.description.properties.filter((property) => property.name === 'filters' && property.displayOptions?.show?.resource?.includes('privacyRequest'));
		const typesOf = (scope: string) =>
			((filters.find((property) => property.displayOptions?.show?.scope?.includes(scope))!.options as Array<{ name: string; options?: Array<{ value: string }> }>).find((option) => option.name === 'regulationTypes')!.options ?? []).map(({ value }) => value);
		expect(typesOf('workspace')).not.toContain('DELETE_ARCHIVE_ONLY');
		expect(typesOf('source')).toContain('DELETE_ARCHIVE_ONLY');
		const { error } = await run('getAll', { returnAll: true, filters: { regulationTypes: '={{ ["DELETE_ARCHIVE_ONLY"] }}' } });
		expect(error?.message).toBe('Regulation Types: DELETE_ARCHIVE_ONLY cannot be listed for the Workspace scope');
		expect(publicApiCalls(server.fake)).toEqual([]);
	});

	test("one source's list has no cursor: a full page is marked as possibly cut, in the items and as a hint", async () => {
		for (let n = 0; n < 205; n++) server.fake.workspace.addRegulation({ regulationType: 'DELETE_ONLY', subjectType: 'USER_ID', subjectIds: [`u${n}`], sourceId: 'src_001' });
		const { output, run: execution } = await run('getAll', { scope: 'source', sourceId: picked('src_001'), returnAll: true });
		expect(output).toHaveLength(200);
		expect(output.every((item) => item.json.mayBeIncomplete === true)).toBe(true);
		const hints = execution.data.resultData.runData.Segment[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([expect.stringContaining('there may be others')]);
		const few = await run('getAll', { scope: 'source', sourceId: picked('src_002'), returnAll: true });
		expect(few.output).toEqual([]);
		const limited = await run('getAll', { scope: 'source', sourceId: picked('src_001'), returnAll: false, limit: 10 });
		expect(limited.output.map((item) => item.json.mayBeIncomplete)).toEqual(Array(10).fill(undefined));
	});

	test("Get Many for one source lists that source's requests", async () => {
		await run('create', { scope: 'source', sourceId: picked('src_001'), subjectIds: 'a' });
		await run('create', { scope: 'source', sourceId: picked('src_002'), subjectIds: 'b' });
		const { output } = await run('getAll', { scope: 'source', sourceId: picked('src_002'), returnAll: true });
		expect(output).toHaveLength(1);
		expect(new URL(publicApiCalls(server.fake).at(-1)!.path, 'http://x').pathname).toBe('/regulations/sources/src_002');
	});
});
