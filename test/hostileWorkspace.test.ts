import type { IDataObject } from 'n8n-workflow';

import { secretForms } from '../nodes/shared/transport/redact';
import { ACCESS_TOKEN, accessTokenCredentials, PUBLIC_API_TOKEN, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { pollTrigger, runNode } from './support/engine';
import type { FaultContext } from './support/fakeSegment';
import { FakeSegment } from './support/fakeSegment';
import { useFakeSegment } from './support/fixtures';
import { captureLogs } from './support/logs';
import { picked, publicApiCalls, runOnWorkspace } from './support/publicApiFixtures';
import { RETL_SOURCE_ID } from './support/reverseEtl';

/**
 * The monitoring, Engage and Reverse ETL surfaces against a Public API that answers badly:
 * cursors that never end, lists holding nulls, failures that echo the token, waits that
 * Segment asks to stretch, IDs that are no IDs. Nothing may loop, crash, leak or leave its
 * path; each item fails alone with words that name what is wrong.
 */

const server = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, accessTokens: { [ACCESS_TOKEN]: 'spa_fake1' }, sourceWriteKey: WRITE_KEY }));
const logs = captureLogs();
const SECRETS = secretForms([PUBLIC_API_TOKEN, ACCESS_TOKEN, WRITE_KEY]);
beforeEach(() => {
	server.fake.workspace.seed();
	server.fake.workspace.observability.lagMs = 0;
});

const run = (resource: string, operation: string, parameters: Record<string, unknown>, continueOnFail = false) => runOnWorkspace(server.fake, { resource, operation, parameters, continueOnFail });
const pathOf = (request: { path: string }) => new URL(request.path, 'http://x').pathname;
const leaked = (text: string) => SECRETS.filter((form) => text.includes(form));

/** Every GET of a list answers an empty page with a new cursor, for ever. */
function endlessCursor(list: string): (context: FaultContext) => ReturnType<NonNullable<FakeSegment['faults']>> {
	let page = 0;
	return ({ method, path }) => {
		if (method !== 'GET' || new URL(path, 'http://x').pathname !== list) return undefined;
		page++;
		return { kind: 'status', status: 200, body: { data: { [list.split('/').at(-1)!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())]: [], events: [], regulations: [], functions: [], filters: [], models: [], audiences: [], computedTraits: [], suppressed: [], pagination: { current: `c${page}`, next: `c${page + 1}` } } } };
	};
}

describe('nothing endless: Return All against a cursor that changes for ever', () => {
	const lists: Array<[string, string, string, Record<string, unknown>]> = [
		['/sources', 'source', 'getAll', {}],
		['/destinations', 'destination', 'getAll', {}],
		['/tracking-plans', 'trackingPlan', 'getAll', {}],
		['/warehouses', 'warehouse', 'getAll', {}],
		['/regulations', 'privacyRequest', 'getAll', {}],
		['/suppressions', 'suppression', 'getAll', {}],
		['/functions', 'function', 'getAll', {}],
		['/destination/dst_001/filters', 'destinationFilter', 'getAll', { destinationId: picked('dst_001') }],
		['/spaces/spa_fake1/audiences', 'audience', 'getAll', { spaceId: picked('spa_fake1') }],
		['/spaces/spa_fake1/computed-traits', 'computedTrait', 'getAll', { spaceId: picked('spa_fake1') }],
		['/reverse-etl-models', 'reverseEtl', 'getModels', {}],
		['/audit-events', 'auditEvent', 'getAll', {}],
	];

	test.each(lists)('%s: a clear error after a few pages, not an endless run', async (path, resource, operation, parameters) => {
		server.fake.faults = endlessCursor(path);
		const { error } = await run(resource, operation, { returnAll: true, ...parameters });
		expect(error?.message).toMatch(/empty pages in a row|would never end/);
		expect(server.fake.requests.filter((request) => pathOf(request) === path).length).toBeLessThanOrEqual(6);
	});

	test("the Workspace Trigger's poll ends too, with the reason in the execution list", async () => {
		server.fake.faults = endlessCursor('/destinations');
		const result = await pollTrigger({ type: 'segmentWorkspaceTrigger', parameters: { watch: 'deliveryFailures', destinationScope: 'source', sourceId: picked('src_001'), threshold: 1, windowMinutes: 15 }, credentials: { segmentPublicApi: { token: PUBLIC_API_TOKEN, region: 'Custom', baseUrl: server.fake.url } }, staticData: {} });
		expect(result.error?.message).toMatch(/empty pages in a row/);
	});
});

describe('waits end at their own Timeout, whatever Segment asks', () => {
	// A status check answered 429 with a wait of two minutes: within what a retry may wait, far past the Timeout.
	const slowStatus = (match: RegExp) => ({ method, path }: FaultContext) => (method === 'GET' && match.test(path) ? { kind: 'status' as const, status: 429, headers: { 'Retry-After': '120' } } : undefined);

	test('Start Sync with Wait for Completion: fails after its Timeout, naming the sync, not two minutes later', async () => {
		server.fake.faults = slowStatus(/\/syncs\/sync_/);
		const started = Date.now();
		const { error } = await run('reverseEtl', 'startSync', { modelId: picked('rem_001'), subscriptionId: picked('1001'), sourceId: picked(RETL_SOURCE_ID), waitForCompletion: true, waitOptions: { timeoutSeconds: 2, maxIntervalSeconds: 1 } });
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(error?.message).toMatch(/^The Reverse ETL sync sync_\d+ was still running after 2 seconds: Segment asked to wait 120 seconds/);
	});

	test('Preview with Wait for Result: the same', async () => {
		server.fake.faults = slowStatus(/\/audiences\/previews\/prv_/);
		const started = Date.now();
		const { error } = await run('audience', 'preview', { spaceId: picked('spa_fake1'), definition: "event('Order Completed').count() >= 1", audienceType: 'USERS', waitForResult: true, waitOptions: { timeoutSeconds: 2, maxIntervalSeconds: 1 } });
		expect(Date.now() - started).toBeLessThan(15_000);
		expect(error?.message).toMatch(/^The audience preview prv_\d+ was still running after 2 seconds/);
	});
});

describe('no secret in failure text that came from Segment', () => {
	test("a sync's error and a preview's failure reason that echo the token reach neither the error, its details, the output nor the log", async () => {
		const echo = `upstream said: Authorization: Bearer ${PUBLIC_API_TOKEN}`;
		server.fake.faults = ({ method, path }) => {
			if (method === 'GET' && /\/syncs\/sync_/.test(path)) return { kind: 'status', status: 200, body: { data: { reverseETLSyncStatus: { syncId: 'sync_x', syncStatus: 'FAIL', error: echo } } } };
			if (method === 'GET' && /\/previews\/prv_/.test(path)) return { kind: 'status', status: 200, body: { data: { audiencePreview: { id: 'prv_x', status: 'FAILED', failureReason: echo } } } };
			return undefined;
		};
		const sync = await run('reverseEtl', 'startSync', { modelId: picked('rem_001'), subscriptionId: picked('1001'), sourceId: picked(RETL_SOURCE_ID), waitOptions: { timeoutSeconds: 5, maxIntervalSeconds: 1 } }, true);
		const preview = await run('audience', 'preview', { spaceId: picked('spa_fake1'), definition: "event('A').count() >= 1", audienceType: 'USERS', waitOptions: { timeoutSeconds: 5, maxIntervalSeconds: 1 } }, true);
		const shown = JSON.stringify([sync.output, preview.output, sync.run.data.resultData.runData, preview.run.data.resultData.runData, logs]);
		expect(String(sync.output[0].json.error)).toContain('upstream said');
		expect(String(preview.output[0].json.error)).toContain('upstream said');
		expect(leaked(shown)).toEqual([]);
	});
});

describe('IDs from answers are IDs too', () => {
	test.each([
		['a dot segment', '..'],
		['an object', { id: 'sync_1' }],
		['nothing', undefined],
		['a path up', '../../sources'],
	])('a sync ID Segment gives as %s: a clear error, no request leaves its path, and never a success', async (_, syncId) => {
		server.fake.faults = ({ method, path }) => (method === 'POST' && path === '/reverse-etl-syncs' ? { kind: 'status', status: 200, body: { data: { reverseETLManualSync: { syncId, startedAt: new Date().toISOString() } } } } : undefined);
		const { error, output } = await run('reverseEtl', 'startSync', { modelId: picked('rem_001'), subscriptionId: picked('1001'), sourceId: picked(RETL_SOURCE_ID), waitOptions: { timeoutSeconds: 3, maxIntervalSeconds: 1 } });
		expect(output).toEqual([]);
		expect(error?.message).toMatch(/^Segment started the sync but answered without a usable sync ID/);
		expect(error?.description).toContain('Do not start it again');
		expect(server.fake.requests.filter((request) => request.method === 'GET' && request.path.includes('/syncs/'))).toEqual([]);
	});
});

describe('no crash on odd answers', () => {
	test('null entries in a list are left out, said in the log, and never an item of null', async () => {
		server.fake.faults = ({ method, path }) =>
			method === 'GET' && pathOf({ path }) === '/destinations'
				? { kind: 'status', status: 200, body: { data: { destinations: [null, server.fake.workspace.destinations[0], 'text', [1]], pagination: { current: 'MA==', next: null } } } }
				: undefined;
		const { output, error } = await run('destination', 'getAll', { returnAll: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.id)).toEqual(['dst_001']);
		expect(logs.some((line) => line.level === 'warn' && line.message.includes('3 entries that are not objects'))).toBe(true);
	});

	test.each([
		['metric datasets and series', /^\/delivery-overview\//, { total: 3, dataset: [null, { total: 3, series: [null, { time: '2026-12-01T00:00:00Z', count: 3 }, 'x'] }, 7] }, 'deliveryOverview', 'getSourceMetrics', { stage: 'successfullyReceived', sourceId: picked('src_001') }],
		['volume results', /^\/events\/volume/, { result: [null, { total: 2, series: [null, { time: '2026-12-01T00:00:00Z', count: 2 }] }] }, 'usage', 'getEventVolume', {}],
		['MTU rows', /^\/usage\/mtu\//, { dailyWorkspaceMTUUsage: [null, { identified: '2', neverIdentified: '1', timestamp: '2026-12-01T00:00:00Z' }, 'x'] }, 'usage', 'getMtu', {}],
		['API call rows', /^\/usage\/api-calls\//, { dailyWorkspaceAPICallsUsage: [null, { apiCalls: '5', timestamp: '2026-12-01T00:00:00Z' }] }, 'usage', 'getApiCalls', {}],
		['sync statuses', /\/syncs(\?|$)/, { syncStatuses: [null, { syncId: 'sync_1', syncStatus: 'SUCCESS' }, 'x'] }, 'reverseEtl', 'getSyncs', { modelId: picked('rem_001'), subscriptionId: picked('1001'), returnAll: true }],
		['audit events', /^\/audit-events/, { events: [null, { id: 'a1', timestamp: '2026-12-01T00:00:00Z', type: 'Source Modified' }, 3] }, 'auditEvent', 'getAll', { returnAll: true }],
	])('null entries among %s: no TypeError, no item of null', async (_, match, data, resource, operation, parameters) => {
		server.fake.faults = ({ method, path }) => (method === 'GET' && match.test(path) ? { kind: 'status', status: 200, body: { data: { ...data, pagination: { current: 'MA==', next: null } } } } : undefined);
		const { output, error } = await run(resource, operation, parameters);
		expect(error?.message).toBeUndefined();
		expect(output.length).toBeGreaterThan(0);
		for (const item of output) {
			expect(item.json).not.toBeNull();
			expect(typeof item.json).toBe('object');
		}
		expect(JSON.stringify(output)).not.toMatch(/TypeError|Cannot read/);
	});

	test("the Workspace Trigger's polls with nulls in the lists they read: measured, not crashed", async () => {
		server.fake.faults = ({ method, path }) =>
			method === 'GET' && pathOf({ path }) === '/destinations'
				? { kind: 'status', status: 200, body: { data: { destinations: [null, server.fake.workspace.destinations[0]], pagination: { current: 'MA==', next: null } } } }
				: method === 'GET' && path.startsWith('/delivery-overview/')
					? { kind: 'status', status: 200, body: { data: { total: null, dataset: [null, 'x'] } } }
					: undefined;
		const result = await pollTrigger({ type: 'segmentWorkspaceTrigger', parameters: { watch: 'deliveryFailures', destinationScope: 'source', sourceId: picked('src_001'), threshold: 1, windowMinutes: 15 }, credentials: { segmentPublicApi: { token: PUBLIC_API_TOKEN, region: 'Custom', baseUrl: server.fake.url } }, staticData: {}, mode: 'manual' });
		expect(result.error?.message).toBeUndefined();
		expect(result.items?.map((item) => item.json.status)).toEqual(['ok']);
	});
});

describe('no false success', () => {
	test('a preview answer without a status is not done', async () => {
		server.fake.faults = ({ method, path }) => (method === 'GET' && /\/previews\/prv_/.test(path) ? { kind: 'status', status: 200, body: { data: { audiencePreview: { id: 'prv_1' } } } } : undefined);
		const got = await run('audience', 'getPreview', { spaceId: picked('spa_fake1'), previewId: 'prv_1' });
		expect(got.output[0].json).toEqual(expect.objectContaining({ done: false }));
		const waited = await run('audience', 'preview', { spaceId: picked('spa_fake1'), definition: "event('A').count() >= 1", audienceType: 'USERS', waitOptions: { timeoutSeconds: 2, maxIntervalSeconds: 1 } });
		expect(waited.error?.message).toMatch(/still running after 2 seconds/);
	});

	test('a sync status without a status is not done, and not a success', async () => {
		server.fake.faults = ({ method, path }) => (method === 'GET' && /\/syncs\/sync_/.test(path) ? { kind: 'status', status: 200, body: { data: { reverseETLSyncStatus: { syncId: 'sync_1' } } } } : undefined);
		const got = await run('reverseEtl', 'getSync', { modelId: picked('rem_001'), syncId: picked('sync_1') });
		expect(got.output[0].json).toEqual(expect.objectContaining({ done: false, succeeded: false }));
	});
});

describe('clear errors, before anything is sent', () => {
	test.each([
		['a megabyte of ID', 'source', 'get', { sourceId: picked('x'.repeat(1_048_576)) }, /^Source is 1,048,576 characters long: no Segment ID is longer than 1,000/],
		['a Granularity that is an object', 'deliveryOverview', 'getSourceMetrics', { stage: 'successfullyReceived', sourceId: picked('src_001'), granularity: '={{ { "a": 1 } }}' }, /^Granularity must be DAY, HOUR or MINUTE, not an object$/],
		['a Period that is an object', 'usage', 'getMtu', { period: '={{ { "a": 1 } }}' }, /^Period must be a month, not an object$/],
		['an audit window ending before it starts', 'auditEvent', 'getAll', { startTime: '2026-12-02T00:00:00Z', endTime: '2026-12-01T00:00:00Z', returnAll: true }, /^End Time \(2026-12-01T00:00:00.000Z\) must be after Start Time/],
		['an empty audit window', 'auditEvent', 'getAll', { startTime: '2026-12-01T00:00:00Z', endTime: '2026-12-01T00:00:00Z', returnAll: true }, /^End Time .* must be after Start Time/],
	])('%s', async (_, resource, operation, parameters, message) => {
		const { error } = await run(resource, operation, parameters);
		expect(error?.message).toMatch(message);
		expect(publicApiCalls(server.fake)).toEqual([]);
	});

	test.each([' .. ', '  ../  ', ' %2e%2e ', '\t..\n'])('an ID %j with spaces around a dot segment is refused, not trimmed into one', async (id) => {
		for (const [resource, operation, parameters] of [
			['source', 'get', { sourceId: picked(id) }],
			['reverseEtl', 'getSync', { modelId: picked('rem_001'), syncId: picked(id) }],
			['audience', 'get', { spaceId: picked('spa_fake1'), audienceId: picked(id) }],
		] as const) {
			const { error } = await run(resource, operation, parameters);
			expect(error?.message).toMatch(/is not an ID: it would point at another place|is empty/);
		}
		expect(publicApiCalls(server.fake)).toEqual([]);
	});
});

describe('the older surfaces', () => {
	test.each([
		['a dot segment', '..'],
		['a lone surrogate', `spa${String.fromCharCode(0xd800)}`],
		['a path', 'spa_fake1/../other'],
	])("the access token credential's Space ID as %s: a clear error naming it, and no request leaves its path", async (_, spaceId) => {
		const { error } = await runNode({ parameters: { resource: 'profile', operation: 'getTraits', identifier: 'u1' }, items: [{}], credentials: { segmentAccessTokenApi: { ...accessTokenCredentials(server.fake.url).segmentAccessTokenApi, spaceId } } });
		expect(error?.message).toMatch(/^The Segment Access Token API credential's Space ID (".*" is not an ID|holds a broken character)/);
		expect(error?.message).not.toMatch(/URIError|URI malformed/);
		expect(server.fake.requests.filter((request) => request.path.startsWith('/v1/spaces/'))).toEqual([]);
	});

	test('a run-level option out of range with Continue On Fail: every item says so, none passes through unmarked', async () => {
		const { output } = await runNode({
			parameters: { operation: 'track', userId: '={{ $json.id }}', event: 'E', options: { maxAttempts: 0 } },
			items: [{ id: 'a' }, { id: 'b' }],
			credentials: writeKeyCredentials(server.fake.url),
			continueOnFail: true,
		});
		expect(output.map((item) => [item.pairedItem, (item.json as IDataObject).error])).toEqual([
			[{ item: 0 }, expect.stringMatching(/^Options → Max Attempts must be a whole number from 1 to 20/)],
			[{ item: 1 }, expect.stringMatching(/^Options → Max Attempts/)],
		]);
		expect(server.fake.requests).toEqual([]);
	});
});
