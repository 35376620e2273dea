import { accessTokenCredentials, ACCESS_TOKEN, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { sentMessages, useFakeSegment } from './support/fixtures';
import { fakeWithWorkspace, picked, publicApiCalls, runOnWorkspace } from './support/publicApiFixtures';
import { WebhookHarness } from './support/webhookHarness';

const server = useFakeSegment(() => {
	const fake = fakeWithWorkspace();
	(fake as unknown as { accessTokens: Map<string, string> }).accessTokens.set(ACCESS_TOKEN, 'spa_fake1');
	return fake;
});
beforeEach(() => server.fake.workspace.seed());

const tracking = (parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, continueOnFail = true) =>
	runNode({ parameters: { resource: 'tracking', ...parameters }, items, credentials: writeKeyCredentials(server.fake.url), continueOnFail });

/** `{"a": {"a": … 1 … }}` nested `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
	let value: Record<string, unknown> = { leaf: 1 };
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}
const nestedText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('identifiers never leave their place in the path', () => {
	test.each(['..', '.', '%2e%2e', '.%2E', '%2e'])('a source ID of %s is refused before sending, with the field named', async (id) => {
		const { output } = await runOnWorkspace(server.fake, { resource: 'source', operation: 'get', parameters: { sourceId: picked('={{ $json.id }}', 'id') }, items: [{ id }, { id: 'src_001' }], continueOnFail: true });
		expect(output[0].json.error).toBe(`Source "${id}" is not an ID: it would point at another place in Segment's API`);
		expect(output[1].json.id).toBe('src_001');
		expect(publicApiCalls(server.fake).map((call) => call.path)).toEqual(['/sources/src_001']);
	});

	test('a privacy request for source ".." is never turned into a request for the whole workspace', async () => {
		const { error } = await runOnWorkspace(server.fake, { resource: 'privacyRequest', operation: 'create', parameters: { scope: 'source', sourceId: picked('..', 'id'), subjectIds: 'u1' } });
		expect(error?.message).toBe(`Source ".." is not an ID: it would point at another place in Segment's API`);
		expect(publicApiCalls(server.fake)).toEqual([]);
		expect(server.fake.workspace.regulations).toEqual([]);
	});

	test('an update of destination ".." never becomes a PATCH of the root', async () => {
		const { error } = await runOnWorkspace(server.fake, { resource: 'destination', operation: 'update', parameters: { destinationId: picked('..', 'id'), updateFields: { enabled: false } } });
		expect(error?.message).toContain('is not an ID');
		expect(publicApiCalls(server.fake)).toEqual([]);
	});

	test('an ID with a broken UTF-16 surrogate: a clear item error, not a URIError', async () => {
		const { error } = await runOnWorkspace(server.fake, { resource: 'source', operation: 'get', parameters: { sourceId: picked('={{ "src" + String.fromCharCode(0xd800) }}', 'id') } });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('Source holds a broken character (half of a UTF-16 surrogate pair)');
	});

	test('an empty ID', async () => {
		const { error } = await runOnWorkspace(server.fake, { resource: 'warehouse', operation: 'get', parameters: { warehouseId: picked('={{ "" }}', 'id') } });
		expect(error?.message).toBe('Warehouse is empty: pick one from the list or give its ID');
	});
});

describe('objects are never sent as "[object Object]"', () => {
	test.each([
		['a By-ID source', { resource: 'source', operation: 'get', sourceId: picked('={{ $json.obj }}', 'id') }, 'Source must be text, not an object'],
		['a privacy request ID', { resource: 'privacyRequest', operation: 'get', regulateId: '={{ $json.obj }}' }, 'Privacy Request ID must be text, not an object'],
		['a destination name', { resource: 'destination', operation: 'update', destinationId: picked('dst_001'), updateFields: { name: '={{ $json.obj }}' } }, 'Name must be text, not an object'],
		['a rule key', { resource: 'trackingPlan', operation: 'updateRules', trackingPlanId: picked('tp_001'), rules: '={{ [{ type: "TRACK", key: $json.obj, jsonSchema: {}, version: 1 }] }}' }, 'Rule 1 "key" must be text, not an object'],
		['subject IDs', { resource: 'privacyRequest', operation: 'create', subjectIds: '={{ [$json.obj] }}' }, 'Subject IDs (an entry) must be text, not an object'],
	])('%s', async (_, parameters, message) => {
		const { resource, operation, ...rest } = parameters as Record<string, string>;
		const { error } = await runOnWorkspace(server.fake, { resource, operation, parameters: rest, items: [{ obj: { id: 'x' } }] });
		expect(error?.message).toBe(message);
		expect(publicApiCalls(server.fake).filter((call) => call.method !== 'GET')).toEqual([]);
		expect(JSON.stringify(server.fake.requests)).not.toContain('[object Object]');
	});

	test('a profile identifier', async () => {
		const { error } = await runNode({ parameters: { resource: 'profile', operation: 'getTraits', identifier: '={{ $json.obj }}', returnAll: true }, items: [{ obj: { id: 1 } }], credentials: accessTokenCredentials(server.fake.url) });
		expect(error?.message).toBe('Identifier must be text, not an object');
		expect(server.fake.requests).toEqual([]);
	});
});

describe('values nested thousands of levels deep', () => {
	test('properties as JSON text, traits from an expression, context: each item fails alone, naming what; the others go out', async () => {
		const { output } = await tracking({ operation: 'track', userId: '={{ $json.id }}', event: 'E', properties: '={{ $json.props }}' }, [
			{ id: 'deep-text', props: nestedText(10_000) },
			{ id: 'good-1', props: { plan: 'pro' } },
			{ id: 'deep-object', props: nested(10_000) },
			{ id: 'good-2', props: {} },
		]);
		expect(output.map((item) => item.json.error ?? item.json.userId)).toEqual([
			'Properties is nested deeper than 1,000 levels (or refers to itself), which no Segment message needs',
			'good-1',
			expect.stringMatching(/^(Properties is nested too deeply for n8n to read|The message is nested deeper than 1,000 levels)/),
			'good-2',
		]);
		expect(sentMessages(server.fake).map((message) => message.userId)).toEqual(['good-1', 'good-2']);
	});

	test('in a bulk batch from input items, with Continue On Fail, the deep row fails alone', async () => {
		const { output } = await tracking({ operation: 'batch', messagesFrom: 'inputItems' }, [
			{ type: 'track', userId: 'a', event: 'E' },
			{ type: 'identify', userId: 'b', traits: nested(10_000) },
			{ type: 'track', userId: 'c', event: 'E' },
		]);
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({
			success: false,
			count: 2,
			failed: [{ index: 1, reason: 'The message is nested deeper than 1,000 levels (or refers to itself), which no Segment message needs' }],
		});
		expect(sentMessages(server.fake).map((message) => message.userId)).toEqual(['a', 'c']);
	});

	test('a webhook delivery that deep is answered 400 (a 500 would make Segment send it again and again)', async () => {
		const harness = await new WebhookHarness({ parameters: { setUp: 'manual', messageTypes: [], includeEvents: '', excludeEvents: '' } }).start();
		try {
			const body = `{"type": "track", "event": "E", "userId": "u", "properties": ${nestedText(10_000)}}`;
			const answer = await harness.post(body);
			expect(answer.status).toBe(400);
			expect((answer.body as { error: string }).error).toBe('The body is nested deeper than 1,000 levels (or refers to itself), which no Segment message needs');
			expect(harness.thrown).toEqual([]);
		} finally {
			await harness.stop();
		}
	});
});

describe('what is echoed back is cut to a readable length', () => {
	test('a 1 MB timestamp', async () => {
		const { output } = await tracking({ operation: 'identify', userId: 'u', additionalFields: { timestamp: '={{ $json.at }}' } }, [{ at: 'x'.repeat(1_048_576) }]);
		const error = String(output[0].json.error);
		expect(error).toBe(`Timestamp "${'x'.repeat(60)}…" (1,048,576 characters) is not an ISO-8601 date and time`);
	});

	test('a 1 MB Get Events date', async () => {
		const { error } = await runNode({
			parameters: { resource: 'profile', operation: 'getEvents', identifier: 'u', returnAll: true, filters: { start: '={{ $json.at }}' } },
			items: [{ at: '9'.repeat(1_048_576) }],
			credentials: accessTokenCredentials(server.fake.url),
		});
		expect(error!.message.length).toBeLessThan(200);
		expect(error!.message).toMatch(/^From "9{60}…" \(1,048,576 characters\) is not a date$/);
	});

	test('invalid JSON: the field, the line and column, what was expected, and the hint; never the whole text', async () => {
		const { output } = await tracking({ operation: 'track', userId: 'u', event: 'E', properties: '={{ $json.props }}' }, [
			{ props: '{\n  "plan": "pro",\n  "seats": }' },
			{ props: `{"blob": "${'y'.repeat(1_048_576)}", oops}` },
		]);
		expect(output[0].json).toEqual({
			error: 'Properties is not valid JSON: expected a value at line 3, column 12, found "}"',
			hint: 'Write a JSON object such as {"plan": "pro"}, or map an object with an expression.',
		});
		expect(String(output[1].json.error)).toBe('Properties is not valid JSON: expected a property name in double quotes at line 1, column 1048590, found "oops}"');
	});
});

describe('numeric options out of range stop the run before anything is sent', () => {
	test.each([
		[{ timeout: 0 }, 'Options → Request Timeout must be a whole number from 100 to 600,000 milliseconds; got 0'],
		[{ timeout: -1 }, 'Options → Request Timeout must be a whole number from 100 to 600,000 milliseconds; got -1'],
		[{ timeout: 1e12 }, 'Options → Request Timeout must be a whole number from 100 to 600,000 milliseconds; got 1000000000000'],
		[{ timeout: 2 ** 31 }, 'Options → Request Timeout must be a whole number from 100 to 600,000 milliseconds; got 2147483648'],
		[{ maxAttempts: 2.5 }, 'Options → Max Attempts must be a whole number from 1 to 20; got 2.5'],
		[{ concurrency: 'many' }, 'Options → Parallel Requests must be a whole number from 1 to 16; got "many"'],
		[{ retryDelay: -5 }, 'Options → Retry Delay must be a whole number from 0 to 60,000 milliseconds; got -5'],
	])('%j', async (options, message) => {
		const { error } = await tracking({ operation: 'track', userId: 'u', event: 'E', options }, [{}, {}], false);
		expect(error?.message).toBe(message);
		expect(server.fake.requests).toEqual([]);
	});

	test('Get Events with a Limit that is not a number is refused, not answered with nothing', async () => {
		const { error } = await runNode({ parameters: { resource: 'profile', operation: 'getEvents', identifier: 'u', returnAll: false, limit: '={{ "ten" }}' }, items: [{}], credentials: accessTokenCredentials(server.fake.url) });
		expect(error?.message).toBe('Limit must be a whole number of 1 or more, not "ten"');
		expect(server.fake.requests).toEqual([]);
	});
});
