import { PUBLIC_API_TOKEN, READ_ONLY_TOKEN } from './support/credentials';
import { useFakeSegment } from './support/fixtures';
import type { WorkspaceRun } from './support/publicApiFixtures';
import { fakeWithWorkspace, picked, publicApiCalls, runOnWorkspace } from './support/publicApiFixtures';

const server = useFakeSegment(fakeWithWorkspace);
beforeEach(() => server.fake.workspace.seed());

const logged: string[] = [];
beforeEach(() => {
	logged.length = 0;
	for (const method of ['log', 'warn', 'error', 'info', 'debug'] as const) {
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
	}
	// n8n's logger may write to the streams directly.
	for (const stream of [process.stdout, process.stderr]) {
		jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
			logged.push(String(chunk));
			return true;
		});
	}
});
afterEach(() => jest.restoreAllMocks());

/** Runs, and checks that the token shows nowhere: not in outputs, errors, run data or logs. */
async function runWithoutLeaks(run: WorkspaceRun) {
	const result = await runOnWorkspace(server.fake, run);
	const token = run.token ?? PUBLIC_API_TOKEN;
	const everything = JSON.stringify(result.run) + JSON.stringify(result.error ?? {}) + String(result.error?.stack) + logged.join('\n');
	expect(everything).not.toContain(token);
	return result;
}

const statuses = () => publicApiCalls(server.fake).map((call) => call.status ?? call.fault);
const createDeletion = (subjectIds = 'user-1') => ({ resource: 'privacyRequest', operation: 'create', parameters: { subjectIds } });

describe("Segment's answers, in words a workflow builder understands", () => {
	test('401: a wrong token', async () => {
		const { error } = await runWithoutLeaks({ resource: 'source', operation: 'getAll', parameters: { returnAll: true }, token: 'revoked-token' });
		expect(error?.message).toBe("Segment's Public API answered 401: The token is missing, malformed or revoked");
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toContain('token of the Segment Public API credential');
		expect(statuses()).toEqual([401]);
	});

	test('403: a token that may only read, asked to change something', async () => {
		const { error } = await runWithoutLeaks({ resource: 'source', operation: 'update', parameters: { sourceId: picked('src_001'), updateFields: { enabled: false } }, token: READ_ONLY_TOKEN });
		expect(error?.message).toBe("Segment's Public API answered 403: The token has no permission to change this resource");
		expect(error?.description).toContain('Workspace Owner role');
		expect(server.fake.workspace.sources[0].enabled).toBe(true);
	});

	test('404 for an unknown ID, with the item named; Continue On Fail lets the other items through', async () => {
		const { output } = await runWithoutLeaks({
			resource: 'destination',
			operation: 'get',
			parameters: { destinationId: picked('={{ $json.id }}', 'id') },
			items: [{ id: 'dst_001' }, { id: 'dst_404' }, { id: 'dst_002' }],
			continueOnFail: true,
		});
		expect(output.map((item) => [item.json.id ?? item.json.error, item.pairedItem])).toEqual([
			['dst_001', { item: 0 }],
			["Segment's Public API answered 404: Resource not found", { item: 1 }],
			['dst_002', { item: 2 }],
		]);
		const stopped = await runWithoutLeaks({ resource: 'destination', operation: 'get', parameters: { destinationId: picked('dst_404') } });
		expect(stopped.error?.context?.itemIndex).toBe(0);
	});

	test("422: Segment's own message and the field it names", async () => {
		server.fake.faults = ({ method }) =>
			method === 'POST' ? { kind: 'status', status: 422, body: { errors: [{ type: 'validation', message: 'subjectIds has an invalid value', field: 'subjectIds' }] } } : undefined;
		const { error } = await runWithoutLeaks(createDeletion());
		expect(error?.message).toBe("Segment's Public API answered 422: subjectIds has an invalid value (field subjectIds)");
		expect(error?.httpCode).toBe('422');
	});
});

describe('retries', () => {
	test('429 waits until X-RateLimit-Reset (an RFC 5322 date), then goes on', async () => {
		let calls = 0;
		server.fake.faults = () => {
			calls++;
			// A whole second ahead at least: the header has no finer resolution.
			const reset = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
			return calls === 1 ? { kind: 'status', status: 429, headers: { 'X-RateLimit-Reset': reset, 'X-RateLimit-Remaining': '0' } } : undefined;
		};
		const { output, error } = await runWithoutLeaks({ resource: 'source', operation: 'getAll', parameters: { returnAll: true } });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		const [limited, retried] = publicApiCalls(server.fake);
		expect(statuses()).toEqual([429, 200]);
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(950);
	});

	test("429 without headers waits the body's msBeforeNext", async () => {
		let calls = 0;
		server.fake.faults = () =>
			++calls === 1 ? { kind: 'status', status: 429, body: { errors: [{ type: 'rate-limit', message: 'Too many requests', data: { msBeforeNext: 700 } }] } } : undefined;
		await runWithoutLeaks({ resource: 'warehouse', operation: 'getAll', parameters: { returnAll: true } });
		const [limited, retried] = publicApiCalls(server.fake);
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(690);
	});

	test('5xx on a read is retried; after the last attempt the error says how many were made', async () => {
		let calls = 0;
		server.fake.faults = () => (++calls <= 2 ? { kind: 'status', status: 503, headers: { 'Retry-After': '0' }, body: { errors: [{ type: 'unavailable', message: 'Try again' }] } } : undefined);
		const read = await runWithoutLeaks({ resource: 'source', operation: 'get', parameters: { sourceId: picked('src_001') } });
		expect(read.output[0].json.id).toBe('src_001');
		expect(statuses()).toEqual([503, 503, 200]);

		server.fake.clearRecords();
		server.fake.faults = () => ({ kind: 'status', status: 502, headers: { 'Retry-After': '0' }, body: { errors: [{ type: 'bad-gateway', message: 'Bad gateway' }] } });
		const failed = await runWithoutLeaks({ resource: 'source', operation: 'get', parameters: { sourceId: picked('src_001') } });
		expect(failed.error?.message).toBe("Segment's Public API answered 502: Bad gateway (gave up after 5 attempts)");
		expect(statuses()).toEqual([502, 502, 502, 502, 502]);
	});

	test('a dropped connection on a read is retried', async () => {
		let calls = 0;
		server.fake.faults = () => (++calls === 1 ? { kind: 'drop', afterProcessing: false } : undefined);
		const { output, error } = await runWithoutLeaks({ resource: 'trackingPlan', operation: 'get', parameters: { trackingPlanId: picked('tp_001') } });
		expect(error).toBeUndefined();
		expect(output[0].json.id).toBe('tp_001');
		expect(statuses()).toEqual(['drop', 200]);
	});

	test('a privacy request is not sent twice: a 5xx or a lost answer after Segment took it is not retried', async () => {
		server.fake.faults = ({ method }) => (method === 'POST' ? { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } : undefined);
		const unavailable = await runWithoutLeaks(createDeletion());
		expect(unavailable.error?.message).toBe("Segment's Public API answered 503: Scripted failure");
		expect(unavailable.error?.description).toMatch(/^Segment may have taken the request before the answer was lost/);
		expect(statuses()).toEqual([503]);

		server.fake.clearRecords();
		server.fake.faults = ({ method }) => (method === 'POST' ? { kind: 'drop', afterProcessing: true } : undefined);
		const lost = await runWithoutLeaks(createDeletion());
		expect(lost.error?.message).toMatch(/^Could not reach Segment's Public API \(ECONNRESET/);
		expect(lost.error?.description).toMatch(/look \(e\.g\. with Get Many\) before running it again/);
		expect(statuses()).toEqual(['drop']);
		// Segment took it once; the node did not try again and create a second one.
		expect(server.fake.workspace.regulations).toHaveLength(1);
	});

	test('a privacy request refused for the rate limit is sent again, and created once', async () => {
		let calls = 0;
		server.fake.faults = ({ method }) => (method === 'POST' && ++calls === 1 ? { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } : undefined);
		const { output, error } = await runWithoutLeaks(createDeletion('user-9'));
		expect(error).toBeUndefined();
		expect(statuses()).toEqual([429, 200]);
		expect(server.fake.workspace.regulations.map((regulation) => regulation.subjectIds)).toEqual([['user-9']]);
		expect(output[0].json.regulateId).toBe(server.fake.workspace.regulations[0].id);
	});
});

describe('limits that reset far away fail at once, saying when', () => {
	test("privacy requests past the month's quota: one attempt, the reset time in words, not minutes of waiting", async () => {
		server.fake.workspace.regulationUsersPerMonth = 3;
		await runWithoutLeaks(createDeletion('u1, u2, u3'));
		const started = Date.now();
		const { error } = await runWithoutLeaks(createDeletion('u4'));
		expect(Date.now() - started).toBeLessThan(2_000);
		const nextMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString().replace('.000Z', 'Z');
		expect(error?.message).toMatch(new RegExp(`^Segment's rate limit for this endpoint is used up until ${nextMonth} \\(in \\d+ (hours|days|minutes)\\): Regulation quota exceeded for this month$`));
		expect(error?.description).toContain('110,000 users a calendar month');
		expect(statuses()).toEqual([200, 429]);
	});

	test("the body's exact msBeforeNext is preferred over the header's second", async () => {
		let calls = 0;
		server.fake.faults = () =>
			++calls === 1
				? { kind: 'status', status: 429, headers: { 'X-RateLimit-Reset': new Date(Date.now() + 86_400_000).toUTCString() }, body: { errors: [{ type: 'rate-limit', message: 'Too many', data: { msBeforeNext: 300 } }] } }
				: undefined;
		const { error } = await runWithoutLeaks({ resource: 'source', operation: 'getAll', parameters: { returnAll: true } });
		expect(error).toBeUndefined();
		const [limited, retried] = publicApiCalls(server.fake);
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(290);
		expect(retried.at - limited.at).toBeLessThan(5_000);
	});
});

describe('hints that say what an answer means for this resource', () => {
	test('401 may also be a token without the permission', async () => {
		const { error } = await runWithoutLeaks({ resource: 'source', operation: 'getAll', parameters: { returnAll: true }, token: 'revoked-token' });
		expect(error?.description).toContain('or the token lacks a permission this needs (Segment answers 401 for both)');
	});

	test('a tracking plan 404 names Protocols', async () => {
		const { error } = await runWithoutLeaks({ resource: 'trackingPlan', operation: 'get', parameters: { trackingPlanId: picked('tp_404') } });
		expect(error?.description).toContain('or the workspace does not have Protocols');
	});
});

describe('pagination', () => {
	test('a cursor that never advances is an error, not an endless loop', async () => {
		server.fake.faults = () => ({
			kind: 'status',
			status: 200,
			body: { data: { sources: [{ id: 'src_loop' }], pagination: { current: 'c1', next: 'c1', totalEntries: 9 } } },
		});
		const { error } = await runWithoutLeaks({ resource: 'source', operation: 'getAll', parameters: { returnAll: true } });
		expect(error?.message).toBe(`Segment's Public API sent the page cursor "c1" a second time, so the list would never end; nothing was returned`);
		expect(publicApiCalls(server.fake)).toHaveLength(2);
	});
});
