import { ACCESS_TOKEN, accessTokenCredentials, PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import type { Elsewhere } from './support/elsewhere';
import { startElsewhere } from './support/elsewhere';
import type { RunResult } from './support/engine';
import { runNode } from './support/engine';
import { useFakeSegment } from './support/fixtures';
import { captureLogs } from './support/logs';
import { fakeWithWorkspace, picked } from './support/publicApiFixtures';
import { secretForms } from '../nodes/shared/transport/redact';

const server = useFakeSegment(() => {
	const fake = fakeWithWorkspace();
	(fake as unknown as { accessTokens: Map<string, string> }).accessTokens.set(ACCESS_TOKEN, 'spa_fake1');
	return fake;
});
const logs = captureLogs();
let elsewhere: Elsewhere;
beforeAll(async () => {
	elsewhere = await startElsewhere();
});
afterAll(async () => await elsewhere.stop());
beforeEach(() => {
	elsewhere.requests.length = 0;
	server.fake.workspace.seed();
});

const ALL_SECRETS = secretForms([WRITE_KEY, ACCESS_TOKEN, PUBLIC_API_TOKEN]);

/** Everything a run leaves behind: outputs, the error and its cause, the stored run data, and n8n's log. */
function everythingShown(result: RunResult): string {
	const error = result.error as (Error & { cause?: unknown; description?: unknown }) | undefined;
	return [JSON.stringify(result.run), JSON.stringify(result.output), error?.message, String(error?.description), error?.stack, JSON.stringify(error?.cause ?? null), JSON.stringify(logs)].join('\n');
}

function expectNoSecret(result: RunResult): void {
	const shown = everythingShown(result);
	for (const form of ALL_SECRETS) expect(shown.includes(form) ? form : 'absent').toBe('absent');
}

const track = (continueOnFail = true, options: Record<string, unknown> = {}) =>
	runNode({
		parameters: { resource: 'tracking', operation: 'track', userId: '={{ $json.id }}', event: 'Order Completed', options },
		items: [{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }],
		credentials: writeKeyCredentials(server.fake.url),
		continueOnFail,
	});

describe('a redirect is never followed: no event reported delivered elsewhere, no secret carried there', () => {
	test('Tracking API: every item fails with the redirect named; the other host hears nothing', async () => {
		server.fake.faults = () => ({ kind: 'redirect', location: `${elsewhere.url}/v1/batch` });
		const result = await track();
		expect(result.output.map((item) => item.json.success ?? item.json.error)).toEqual(
			Array(3).fill(`Segment answered 302, a redirect to ${elsewhere.url}/v1/batch: Segment's Tracking API never redirects, so it was not followed (and the events were not sent there); check the credential's region and base URL`),
		);
		expect(elsewhere.requests).toEqual([]);
		expect(server.fake.delivered).toEqual([]);
		// A redirect is no passing fault: not retried.
		expect(server.fake.requests).toHaveLength(1);
		expectNoSecret(result);
	});

	test('a 307 (which would keep the POST and its body) is refused the same way', async () => {
		server.fake.faults = () => ({ kind: 'redirect', status: 307, location: `${elsewhere.url}/v1/batch` });
		const result = await track(false);
		expect(result.error?.message).toMatch(/^Segment answered 307, a redirect to/);
		expect(elsewhere.requests).toEqual([]);
	});

	test('Profile API', async () => {
		server.fake.faults = () => ({ kind: 'redirect', location: `${elsewhere.url}/v1/spaces/x` });
		const result = await runNode({ parameters: { resource: 'profile', operation: 'getTraits', identifier: 'u1', returnAll: true }, items: [{}], credentials: accessTokenCredentials(server.fake.url) });
		expect(result.error?.message).toBe(`Segment's Profile API answered 302, a redirect to ${elsewhere.url}/v1/spaces/x`);
		expect(result.error?.description).toContain('never redirect');
		expect(elsewhere.requests).toEqual([]);
		expectNoSecret(result);
	});

	test('Public API', async () => {
		server.fake.faults = () => ({ kind: 'redirect', location: `${elsewhere.url}/sources` });
		const result = await runNode({ parameters: { resource: 'source', operation: 'getAll', returnAll: true }, items: [{}], credentials: publicApiCredentials(server.fake.url) });
		expect(result.error?.message).toBe(`Segment's Public API answered 302, a redirect to ${elsewhere.url}/sources`);
		expect(elsewhere.requests).toEqual([]);
		expectNoSecret(result);
	});
});

describe('an answer that echoes the request back never shows its credentials, in any form', () => {
	test('Tracking API: a 400 with the Authorization header in its body', async () => {
		server.fake.faults = () => ({ kind: 'echo', status: 400 });
		// Segment's answer is cut at 300 characters: without the gzip headers the echoed
		// Authorization header falls inside the cut, where its redaction shows.
		const result = await track(true, { compressRequests: false });
		expect(result.output).toHaveLength(3);
		expect(String(result.output[0].json.error)).toContain('Segment answered 400');
		expect(String(result.output[0].json.error)).toContain('[redacted]');
		expectNoSecret(result);
	});

	test('Tracking API without Continue On Fail: the error, its description and the stored run', async () => {
		server.fake.faults = () => ({ kind: 'echo', status: 403 });
		const result = await track(false);
		expect(result.error).toBeDefined();
		expectNoSecret(result);
	});

	test('Profile API: a 500 echo, retried and given up on', async () => {
		server.fake.faults = () => ({ kind: 'echo', status: 400 });
		const result = await runNode({ parameters: { resource: 'profile', operation: 'getTraits', identifier: 'u1', returnAll: true }, items: [{}], credentials: accessTokenCredentials(server.fake.url) });
		expect(result.error?.message).toMatch(/^Segment's Profile API answered 400/);
		expect(result.error!.message.length).toBeLessThan(500);
		expectNoSecret(result);
	});

	test('Public API: a 422 echo', async () => {
		server.fake.faults = () => ({ kind: 'echo', status: 422 });
		const result = await runNode({ parameters: { resource: 'source', operation: 'get', sourceId: picked('src_001') }, items: [{}], credentials: publicApiCredentials(server.fake.url) });
		expect(result.error?.message).toMatch(/^Segment's Public API answered 422/);
		expectNoSecret(result);
	});
});

describe('a dropped connection leaves no client error with the request in it', () => {
	test.each([
		['Tracking API', { resource: 'tracking', operation: 'track', userId: 'u1', event: 'E', options: { maxAttempts: 1 } }, writeKeyCredentials],
		['Profile API', { resource: 'profile', operation: 'getTraits', identifier: 'u1', returnAll: true }, accessTokenCredentials],
		// A POST is not sent again after a lost connection: one attempt.
		['Public API', { resource: 'privacyRequest', operation: 'create', subjectIds: 'u1' }, publicApiCredentials],
	])('%s', async (_, parameters, credentials) => {
		server.fake.faults = () => ({ kind: 'drop', afterProcessing: false });
		const result = await runNode({ parameters, items: [{}], credentials: credentials(server.fake.url) });
		expect(result.error?.message).toMatch(/ECONNRESET|socket hang up|Could not reach/);
		expectNoSecret(result);
	}, 30_000);
});
