import type { IDataObject } from 'n8n-workflow';

import { secretForms } from '../nodes/shared/transport/redact';
import { ACCESS_TOKEN, accessTokenCredentials, PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { advanceClock, PAST_SEGMENT_LAG_MS, useFixedClock } from './support/clock';
import { pollTrigger, runNode } from './support/engine';
import type { Fault, FaultScript } from './support/fakeSegment';
import { FakeSegment, seededRandom } from './support/fakeSegment';
import { useFakeSegment } from './support/fixtures';
import { captureLogs } from './support/logs';
import { fakeWithWorkspace, picked } from './support/publicApiFixtures';
import { RETL_SOURCE_ID } from './support/reverseEtl';

/**
 * Hostile input and hostile answers, many at a time, the same way every run (a fixed
 * seed, loopback only): each case puts one hostile value into one field of the middle of
 * three items, and may have the fake Segment answer badly. For every case: nothing
 * thrown, the bad item fails alone with a readable error, the good items in the same run
 * are delivered once, nothing is reported delivered that Segment did not take, no
 * credential shows anywhere, and no identifier leaves its place in a path.
 */

const SEED = 20_261_201;
const CASES = 320;

const server = useFakeSegment(() => {
	const fake = fakeWithWorkspace();
	(fake as unknown as { accessTokens: Map<string, string> }).accessTokens.set(ACCESS_TOKEN, 'spa_fake1');
	return fake;
});
const logs = captureLogs();
const SECRETS = secretForms([WRITE_KEY, ACCESS_TOKEN, PUBLIC_API_TOKEN]);

function nestedObject(depth: number): unknown {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

const HOSTILE_VALUES: Array<[string, unknown]> = [
	['null', null],
	['empty text', ''],
	['spaces', '   '],
	['a dot segment', '..'],
	['a dot', '.'],
	['an encoded dot segment', '%2e%2e'],
	['a path', 'a/../../b'],
	['a query and fragment', 'a?b=1#c'],
	['a megabyte of text', 'x'.repeat(1_048_576)],
	['a lone surrogate', `id${String.fromCharCode(0xd800)}`],
	['an object', { id: 'x', nested: { deeper: true } }],
	['a list', ['a', { b: 1 }]],
	['a number', 42],
	['a negative number', -1],
	['a huge number', 1e308],
	['a boolean', true],
	['JSON nested 5,000 deep', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
	['an object nested 5,000 deep', nestedObject(5_000)],
	['broken JSON', '{"plan": '],
	['JSON with a trailing comma', '[1, 2,]'],
	['markup', '<script>alert(1)</script>'],
	['emoji', '🎉 ünïcödé'],
	['a NUL character', 'a\u0000b'],
	['a header injection', 'x\r\nAuthorization: Bearer stolen'],
];

interface Scenario {
	name: string;
	/** The label errors about the field use. */
	label: string;
	parameters: Record<string, unknown>;
	credentials: 'writeKey' | 'accessToken' | 'publicApi';
	/** An item that must get through, numbered so that it can be found again. */
	good(n: number): Record<string, unknown>;
	/** One request per run of items (a bulk send answers with one item for all). */
	bulk?: boolean;
	/** What the workspace must hold for a good item to find something. */
	prepare?(fake: FakeSegment): void;
}

const v = '={{ $json.v }}';
const retryFast = { maxAttempts: 2, retryDelay: 0 };

const SCENARIOS: Scenario[] = [
	{ name: 'track userId', label: 'userId', credentials: 'writeKey', parameters: { resource: 'tracking', operation: 'track', userId: v, event: 'E', options: retryFast }, good: (n) => ({ v: `good-${n}` }) },
	{ name: 'track properties', label: 'Properties', credentials: 'writeKey', parameters: { resource: 'tracking', operation: 'track', userId: '={{ $json.id }}', event: 'E', properties: v, options: retryFast }, good: (n) => ({ id: `good-${n}`, v: '{"plan": "pro"}' }) },
	{ name: 'identify traits', label: 'Traits', credentials: 'writeKey', parameters: { resource: 'tracking', operation: 'identify', userId: '={{ $json.id }}', traits: v, options: retryFast }, good: (n) => ({ id: `good-${n}`, v: { plan: 'pro' } }) },
	{ name: 'track timestamp', label: 'Timestamp', credentials: 'writeKey', parameters: { resource: 'tracking', operation: 'track', userId: '={{ $json.id }}', event: 'E', additionalFields: { timestamp: v }, options: retryFast }, good: (n) => ({ id: `good-${n}`, v: '2024-01-15T08:30:00Z' }) },
	{ name: 'track context', label: 'Context', credentials: 'writeKey', parameters: { resource: 'tracking', operation: 'track', userId: '={{ $json.id }}', event: 'E', additionalFields: { context: v }, options: retryFast }, good: (n) => ({ id: `good-${n}`, v: { ip: '203.0.113.9' } }) },
	{ name: 'track messageId', label: 'messageId', credentials: 'writeKey', parameters: { resource: 'tracking', operation: 'track', userId: '={{ $json.id }}', event: 'E', additionalFields: { messageId: v }, options: retryFast }, good: (n) => ({ id: `good-${n}`, v: `mid-${n}-${Date.now()}` }) },
	{ name: 'batch from input items', label: 'message', credentials: 'writeKey', bulk: true, parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: retryFast }, good: (n) => ({ type: 'identify', userId: `good-${n}`, traits: { plan: 'pro' } }) },
	{ name: 'profile identifier', label: 'Identifier', credentials: 'accessToken', parameters: { resource: 'profile', operation: 'getTraits', identifier: v, returnAll: true }, good: (n) => ({ v: `good-${n}` }) },
	{ name: 'profile events from', label: 'From', credentials: 'accessToken', parameters: { resource: 'profile', operation: 'getEvents', identifier: 'u', returnAll: true, filters: { start: v } }, good: () => ({ v: '2024-01-15T08:30:00Z' }) },
	{ name: 'source by ID', label: 'Source', credentials: 'publicApi', parameters: { resource: 'source', operation: 'get', sourceId: picked(v, 'id') }, good: () => ({ v: 'src_001' }) },
	{ name: 'destination name', label: 'Name', credentials: 'publicApi', parameters: { resource: 'destination', operation: 'update', destinationId: picked('dst_001'), updateFields: { name: v } }, good: (n) => ({ v: `Destination ${n}` }) },
	{ name: 'privacy request subject IDs', label: 'Subject IDs', credentials: 'publicApi', parameters: { resource: 'privacyRequest', operation: 'create', subjectIds: v }, good: (n) => ({ v: `good-${n}` }) },
	{ name: 'privacy request source', label: 'Source', credentials: 'publicApi', parameters: { resource: 'privacyRequest', operation: 'create', scope: 'source', sourceId: picked(v, 'id'), subjectIds: 'u1' }, good: () => ({ v: 'src_002' }) },
	{ name: 'privacy request ID', label: 'Privacy Request ID', credentials: 'publicApi', parameters: { resource: 'privacyRequest', operation: 'get', regulateId: v }, good: () => ({ v: 'reg_unknown' }) },
	{ name: 'tracking plan rules', label: 'Rule', credentials: 'publicApi', parameters: { resource: 'trackingPlan', operation: 'updateRules', trackingPlanId: picked('tp_001'), rules: v }, good: (n) => ({ v: [{ type: 'TRACK', key: `Event ${n}`, version: 1, jsonSchema: {} }] }) },
	// The monitoring, Engage and Reverse ETL surfaces, and the waits: the same rules.
	{ name: 'tracking plan rules to remove', label: 'Rule', credentials: 'publicApi', parameters: { resource: 'trackingPlan', operation: 'removeRules', trackingPlanId: picked('tp_001'), rules: v }, good: (n) => ({ v: [{ type: 'TRACK', key: `Event ${n}`, version: 1 }] }) },
	{ name: 'audience ID', label: 'Audience', credentials: 'publicApi', parameters: { resource: 'audience', operation: 'get', spaceId: picked('spa_fake1'), audienceId: picked(v, 'id') }, good: (n) => ({ v: `aud_unknown${n}` }) },
	{ name: 'audience space', label: 'Space', credentials: 'publicApi', parameters: { resource: 'audience', operation: 'getAll', spaceId: picked(v, 'id'), returnAll: true }, good: () => ({ v: 'spa_fake1' }) },
	{ name: 'audience preview, waited for', label: 'Definition', credentials: 'publicApi', parameters: { resource: 'audience', operation: 'preview', spaceId: picked('spa_fake1'), definition: v, audienceType: 'USERS', waitForResult: true, waitOptions: { timeoutSeconds: 2, maxIntervalSeconds: 1 } }, good: () => ({ v: "event('Order Completed').count() >= 1" }) },
	{ name: 'computed trait ID', label: 'Computed Trait', credentials: 'publicApi', parameters: { resource: 'computedTrait', operation: 'get', spaceId: picked('spa_fake1'), computedTraitId: picked(v, 'id') }, good: () => ({ v: 'ct_001' }) },
	{ name: 'Reverse ETL sync ID', label: 'Sync ID', credentials: 'publicApi', parameters: { resource: 'reverseEtl', operation: 'getSync', modelId: picked('rem_001'), syncId: picked(v, 'id') }, good: (n) => ({ v: `sync_unknown${n}` }) },
	{ name: 'Reverse ETL sync, waited for', label: 'Model', credentials: 'publicApi', prepare: (fake) => (fake.workspace.reverseEtl.readsToFinish = 2), parameters: { resource: 'reverseEtl', operation: 'startSync', modelId: picked(v, 'id'), subscriptionId: picked('1001'), sourceId: picked(RETL_SOURCE_ID), waitForCompletion: true, waitOptions: { timeoutSeconds: 2, maxIntervalSeconds: 1 } }, good: () => ({ v: 'rem_001' }) },
	{ name: 'destination metrics', label: 'Destination', credentials: 'publicApi', parameters: { resource: 'deliveryOverview', operation: 'getDestinationMetrics', stage: 'failedDelivery', sourceId: picked('src_001'), destinationId: picked(v, 'id'), output: 'summary' }, good: () => ({ v: 'dst_001' }) },
	{ name: 'source metrics start', label: 'Start Time', credentials: 'publicApi', parameters: { resource: 'deliveryOverview', operation: 'getSourceMetrics', stage: 'successfullyReceived', sourceId: picked('src_001'), startTime: v, output: 'summary' }, good: () => ({ v: new Date(Date.now() - 3_600_000).toISOString() }) },
	{ name: 'usage period', label: 'Period', credentials: 'publicApi', parameters: { resource: 'usage', operation: 'getMtu', period: v }, good: () => ({ v: new Date().toISOString().slice(0, 7) }) },
	{ name: 'audit events start', label: 'Start Time', credentials: 'publicApi', prepare: (fake) => fake.workspace.audit.record('Source Modified', { id: 'src_001', type: 'source' }, new Date(Date.now() - 60_000)), parameters: { resource: 'auditEvent', operation: 'getAll', startTime: v, returnAll: true }, good: () => ({ v: new Date(Date.now() - 86_400_000).toISOString() }) },
	{ name: 'destination filter ID', label: 'Filter ID', credentials: 'publicApi', parameters: { resource: 'destinationFilter', operation: 'get', destinationId: picked('dst_001'), filterId: v }, good: (n) => ({ v: `flt_unknown${n}` }) },
	{ name: 'function ID', label: 'Function ID', credentials: 'publicApi', parameters: { resource: 'function', operation: 'get', functionId: picked(v, 'id') }, good: () => ({ v: 'sfnc_001' }) },
];

const HOSTILE_ANSWERS: Array<[string, Fault | undefined]> = [
	['none', undefined],
	['none', undefined],
	['none', undefined],
	['a 500', { kind: 'status', status: 500 }],
	['a dropped connection', { kind: 'drop', afterProcessing: false }],
	['a connection dropped after processing', { kind: 'drop', afterProcessing: true }],
	['a redirect elsewhere', { kind: 'redirect', location: 'http://127.0.0.1:9/stolen' }],
	['an echo of the request', { kind: 'echo', status: 400 }],
	['a 429 to wait 0 s', { kind: 'status', status: 429, headers: { 'Retry-After': '0' } }],
];

const credentialsFor = (scenario: Scenario, url: string) =>
	scenario.credentials === 'writeKey' ? writeKeyCredentials(url) : scenario.credentials === 'accessToken' ? accessTokenCredentials(url) : publicApiCredentials(url);

const random = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

const cases = Array.from({ length: CASES }, (_, n) => {
	const scenario = pick(SCENARIOS);
	const [valueName, value] = pick(HOSTILE_VALUES);
	const [answerName, answer] = pick(HOSTILE_ANSWERS);
	// Public API and Profile API reads retry 5xx and lost connections with back-off of seconds: keep their bad answers to the ones answered at once.
	const slow = scenario.credentials !== 'writeKey' && answer !== undefined && (answer.kind === 'drop' || (answer.kind === 'status' && answer.status === 500));
	return { n, scenario, valueName, value, answerName: slow ? 'none' : answerName, answer: slow ? undefined : answer };
});

function dotSegmentIn(path: string): boolean {
	const pathname = path.split('?')[0];
	return pathname.split('/').some((segment) => {
		let decoded = segment;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			// not decodable: not a dot segment either
		}
		return decoded === '.' || decoded === '..';
	});
}

describe(`adversarial cases (seed ${SEED})`, () => {
	test.each(cases.map((c) => [`${c.n}: ${c.scenario.name} ← ${c.valueName}, answer: ${c.answerName}`, c] as const))('%s', async (_, { n, scenario, value, answer }) => {
		server.fake.workspace.seed();
		server.fake.forgetMessageIds();
		scenario.prepare?.(server.fake);
		// The hostile answer hits one request in two, so that some good items get through it and some not.
		let requests = 0;
		const script: FaultScript | undefined = answer ? () => (++requests % 2 === 1 ? answer : undefined) : undefined;
		server.fake.faults = script;
		const items = [scenario.good(n * 10 + 1), { ...scenario.good(n * 10 + 2), v: value }, scenario.good(n * 10 + 3)];
		if (scenario.bulk) items[1] = { type: 'identify', userId: `hostile-${n}`, traits: value as IDataObject };

		const result = await runNode({ parameters: scenario.parameters, items, credentials: credentialsFor(scenario, server.fake.url), continueOnFail: true });

		// Nothing thrown out of the node: Continue On Fail keeps every item's fate in the output.
		expect(result.error?.message).toBeUndefined();
		expect(result.output.length).toBeGreaterThan(0);
		for (const item of result.output) expect(item.pairedItem).toBeDefined();
		if (!scenario.bulk) expect(new Set(result.output.map((item) => (item.pairedItem as { item: number }).item))).toEqual(new Set([0, 1, 2]));

		// Errors are words of a readable length; an input error names its field.
		for (const item of result.output) {
			const error = item.json.error;
			// A sync's own error field is null when it has none.
			if (error === undefined || error === null) continue;
			expect(typeof error).toBe('string');
			expect((error as string).length).toBeGreaterThan(10);
			expect((error as string).length).toBeLessThan(2_000);
			if (!answer && (item.pairedItem as { item: number }).item === 1 && !String(error).startsWith('Segment') && !String(error).startsWith('No profile')) {
				expect([String(error), String(error).toLowerCase().includes(scenario.label.toLowerCase()) || /nested|message/.test(String(error))]).toEqual([String(error), true]);
			}
		}
		if (scenario.bulk) for (const failure of (result.output[0].json.failed as Array<{ reason: string }>) ?? []) expect(failure.reason.length).toBeLessThan(2_000);

		if (scenario.credentials === 'writeKey') {
			// Never twice; and whatever the node calls delivered, Segment has.
			expect([...server.fake.deliveredCounts().values()].every((count) => count === 1)).toBe(true);
			const delivered = new Set(server.fake.delivered.map(({ message }) => String(message.messageId)));
			for (const item of result.output) if (item.json.success === true && item.json.messageId) expect(delivered.has(String(item.json.messageId))).toBe(true);
			if (scenario.bulk) expect(server.fake.delivered.length).toBeGreaterThanOrEqual(Number(result.output[0].json.count));
			// Without a bad answer, the good items get through.
			if (!answer && scenario.bulk) expect(Number(result.output[0].json.count)).toBeGreaterThanOrEqual(2);
			if (!answer && !scenario.bulk) for (const index of [0, 2]) expect(result.output[index].json.success).toBe(true);
		}

		// No credential in any form, anywhere.
		// The node's own run data (the start node's holds the hostile input itself, as n8n keeps it).
		const shown = [JSON.stringify(result.run.data.resultData.runData.Segment), JSON.stringify(result.run.data.resultData.error ?? null), JSON.stringify(logs)].join('\n');
		for (const form of SECRETS) expect(shown.includes(form) ? form : 'absent').toBe('absent');
		// Every request stayed on its path.
		for (const request of server.fake.requests) expect([request.path, dotSegmentIn(request.path)]).toEqual([request.path, false]);
		expect(JSON.stringify(server.fake.requests.map((request) => request.body))).not.toContain('[object Object]');
	});
});

describe(`hostile deliveries to the webhook trigger (seed ${SEED})`, () => {
	const bodies: Array<[string, string]> = [
		['nested 10,000 deep', `{"type": "track", "event": "E", "properties": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
		['a batch nested deep', `[${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)}]`],
		['a lone surrogate', '{"type": "track", "event": "\\ud800", "userId": "u"}'],
		['a NUL byte', '{"type": "track", "event": "a\\u0000b", "userId": "u"}'],
		['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1')],
		['a type that is an object', '{"type": {"toString": 1}}'],
		['a megabyte of text', `{"type": "track", "event": "${'x'.repeat(1_048_576)}", "userId": "u"}`],
		['a number', '42'],
		['a string', '"track"'],
		['null', 'null'],
		['truncated', '{"type": "tr'],
		['a prototype key', '{"type": "track", "__proto__": {"polluted": true}, "userId": "u", "event": "E"}'],
	];
	const random = seededRandom(SEED + 1);

	test.each(bodies)('%s: a 2xx or a clear 4xx, never a 5xx or a throw, and nothing polluted', async (_, body) => {
		const { WebhookHarness } = await import('./support/webhookHarness');
		const acceptBatches = random() < 0.5;
		const harness = await new WebhookHarness({ parameters: { setUp: 'manual', messageTypes: [], includeEvents: '', excludeEvents: '', acceptBatches } }).start();
		try {
			const answer = await harness.post(body, { 'content-type': random() < 0.5 ? 'application/json' : 'text/plain' });
			expect(answer.status).toBeLessThan(500);
			if (answer.status >= 400 && typeof answer.body === 'object') expect(JSON.stringify(answer.body).length).toBeLessThan(2_000);
			expect(harness.thrown).toEqual([]);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		} finally {
			await harness.stop();
		}
	});
});

describe(`hostile answers to the Workspace Trigger's polls (seed ${SEED})`, () => {
	const START = Date.parse('2026-11-20T12:00:00.000Z');
	const MINUTE = 60_000;
	const watched = useFakeSegment(() => new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner' }, sourceWriteKey: WRITE_KEY }));
	useFixedClock(START);

	async function send(n: number, event = 'Order Completed') {
		const items = Array.from({ length: n }, (_, i) => ({ type: 'track', userId: `user-${i}`, event }));
		const { error } = await runNode({ parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems' }, items, credentials: writeKeyCredentials(watched.fake.url) });
		if (error) throw error;
		advanceClock(PAST_SEGMENT_LAG_MS);
	}

	/** Each watch with the traffic that makes it alarm on the first poll. */
	const WATCHES: Array<[string, Record<string, unknown>, () => Promise<void>]> = [
		['Delivery Failures', { watch: 'deliveryFailures', destinationScope: 'source', sourceId: picked('src_001'), thresholdType: 'count', threshold: 2, windowMinutes: 15 }, async () => {
			watched.fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx' });
			await send(4);
		}],
		['Source Goes Silent', { watch: 'sourceSilent', sourceIds: ['src_001', 'src_002'], minimumEvents: 1, windowMinutes: 15 }, async () => {
			await send(5);
			advanceClock(20 * MINUTE);
		}],
		['Event Volume Change', { watch: 'volumeChange', volumeOf: 'event', eventName: 'Order Completed', percent: 50, direction: 'fall', comparedWith: 'day', windowMinutes: 60 }, async () => {
			jest.setSystemTime(START - 86_400_000);
			await send(10);
			jest.setSystemTime(START);
			await send(2);
		}],
		['MTU Threshold', { watch: 'mtuThreshold', mtuScope: 'workspace', monthlyBudget: 2, percents: '50, 100' }, async () => await send(3)],
		['Audit Trail Events', { watch: 'auditEvents', auditTypes: '' }, async () => {
			advanceClock(MINUTE);
			for (const id of ['src_a', 'src_b', 'src_c']) watched.fake.workspace.audit.record('Source Modified', { id, type: 'source', name: id });
			advanceClock(1_000);
		}],
	];

	const endless = { kind: 'status', status: 200, body: { data: { pagination: { current: 'x', next: 'again' } } } } as const;
	const ANSWERS: Array<[string, (path: string, n: number) => Fault]> = [
		['null', () => ({ kind: 'status', status: 200, body: null })],
		['text', () => ({ kind: 'status', status: 200, body: 'ok' })],
		['a list', () => ({ kind: 'status', status: 200, body: [] })],
		['data: null', () => ({ kind: 'status', status: 200, body: { data: null } })],
		['nulls for every field', () => ({ kind: 'status', status: 200, body: { data: { destinations: [null], sources: [null], dataset: null, total: null, result: [null], events: [null, 7], dailyWorkspaceMTUUsage: [null], pagination: null } } })],
		['an endless cursor', (_, n) => ({ ...endless, body: { data: { destinations: [], sources: [], events: [], result: [], pagination: { current: `c${n}`, next: `c${n + 1}` } } } })],
		['the token echoed in an error', () => ({ kind: 'status', status: 400, body: { errors: [{ type: 'bad-request', message: `token ${PUBLIC_API_TOKEN} refused` }] } })],
		['an echo of the request', () => ({ kind: 'echo', status: 400 })],
		['a 429 to wait 0 s', () => ({ kind: 'status', status: 429, headers: { 'Retry-After': '0' } })],
		['a redirect elsewhere', () => ({ kind: 'redirect', location: 'http://127.0.0.1:9/stolen' })],
	];
	const random = seededRandom(SEED + 2);
	const triggerCases = Array.from({ length: 40 }, (_, n) => ({ n, watch: WATCHES[n % WATCHES.length], answer: ANSWERS[Math.floor(random() * ANSWERS.length)], everyOther: random() < 0.5 }));
	const alarmKey = (item: IDataObject) => JSON.stringify([item.watch, item.status, item.destinationId, item.sourceId, item.eventName, item.threshold, item.id]);

	test.each(triggerCases.map((c) => [`${c.n}: ${c.watch[0]} ← ${c.answer[0]}${c.everyOther ? ', one Public API answer in two' : ''}`, c] as const))('%s', async (_, { watch: [, parameters, traffic], answer: [, hostile], everyOther }) => {
		watched.fake.workspace.seed();
		watched.fake.forgetMessageIds();
		const staticData: IDataObject = {};
		const poll = () => pollTrigger({ type: 'segmentWorkspaceTrigger', parameters, credentials: publicApiCredentials(watched.fake.url), staticData });
		expect((await poll()).error).toBeUndefined();
		await traffic();

		let requests = 0;
		watched.fake.faults = ({ path }) => (path.startsWith('/v1/') || (everyOther && ++requests % 2 === 0) ? undefined : hostile(path, requests++));
		const results = [await poll()];
		watched.fake.faults = undefined;
		const requestsOfHostilePoll = watched.fake.requests.length;
		for (let next = 0; next < 2; next++) {
			advanceClock(MINUTE);
			results.push(await poll());
		}

		// Nothing endless: a poll asks a bounded number of times.
		expect(requestsOfHostilePoll).toBeLessThan(2_000);
		// A failed poll is a readable n8n error; the polls after a hostile one work again.
		const [hostilePoll, ...later] = results;
		if (hostilePoll.error) {
			expect(hostilePoll.error.constructor.name).toMatch(/^Node(Api|Operation)Error$/);
			expect(hostilePoll.error.message.length).toBeGreaterThan(10);
			expect(hostilePoll.error.message.length).toBeLessThan(2_000);
		}
		for (const result of later) expect(result.error?.message).toBeUndefined();
		// Items are objects, never null; no alarm twice over the three polls.
		const items = results.flatMap((result) => result.items ?? []);
		for (const item of items) expect(typeof item.json === 'object' && item.json !== null).toBe(true);
		const alarms = items.map((item) => alarmKey(item.json));
		expect(alarms.filter((key, index) => alarms.indexOf(key) !== index)).toEqual([]);
		// What the polls still alarmed on: Segment answering again, the alarm comes (unless the hostile poll raised it).
		expect(items.length).toBeGreaterThan(0);
		// No secret in what n8n shows or keeps.
		const shown = [JSON.stringify(items), JSON.stringify(staticData), JSON.stringify(logs), ...results.map((result) => `${result.error?.message} ${result.error?.description}`)].join('\n');
		for (const form of SECRETS) expect(shown.includes(form) ? form : 'absent').toBe('absent');
	});
});

describe(`hostile audience calls to the Webhook Trigger's Audience Changes (seed ${SEED})`, () => {
	const SECRET = ['hostile', 'audience', 'secret'].join('-');
	const personas = (key: unknown, extra: Record<string, unknown> = {}) => ({ personas: { computation_key: key, computation_class: 'audience', computation_id: 'aud_x', space_id: 'spa_fake1', ...extra } });
	const calls: Array<[string, unknown]> = [
		['a flag that is null', { type: 'identify', userId: 'u1', traits: { vip: null }, context: personas('vip') }],
		['a flag that is the text "true"', { type: 'identify', userId: 'u1', traits: { vip: 'true' }, context: personas('vip') }],
		['a computation key __proto__', { type: 'identify', userId: 'u1', traits: JSON.parse('{"__proto__": {"polluted": true}}'), context: personas('__proto__') }],
		['a computation key constructor', { type: 'track', userId: 'u1', event: 'Audience Entered', properties: { constructor: true }, context: personas('constructor') }],
		['a computation key that is an object', { type: 'identify', userId: 'u1', traits: { vip: true }, context: personas({ toString: 'vip' }) }],
		['a megabyte computation key', { type: 'identify', userId: 'u1', traits: { vip: true }, context: personas('k'.repeat(1_048_576)) }],
		['personas null', { type: 'identify', userId: 'u1', traits: { vip: true }, context: { personas: null } }],
		['personas a list', { type: 'identify', userId: 'u1', traits: { vip: true }, context: { personas: ['vip'] } }],
		['traits that are text', { type: 'identify', userId: 'u1', traits: 'vip', context: personas('vip') }],
		['properties that are a list', { type: 'track', userId: 'u1', event: 'Audience Exited', properties: [false], context: personas('vip') }],
		['a journey step without a key', { type: 'track', userId: 'u1', event: 'Audience Entered', properties: {}, context: personas(undefined, { computation_class: 'journey_step' }) }],
		['an account audience call with traits null', { type: 'group', groupId: 'g1', userId: 'u1', traits: null, context: personas('accounts', { computation_class: 'audience' }) }],
		// Segment gives every call a message ID; a retried delivery carries the same one.
		['no identity at all', { type: 'identify', messageId: 'engage-1', traits: { vip: true }, context: personas('vip') }],
		['a user ID that is an object', { type: 'identify', messageId: 'engage-2', userId: { id: 'u1' }, traits: { vip: true }, context: personas('vip') }],
		['a user ID that is a number', { type: 'identify', userId: 42, traits: { vip: true }, context: personas('vip') }],
		['a batch of the same change 500 times', Array.from({ length: 500 }, () => ({ type: 'identify', userId: 'u1', traits: { vip: true }, context: personas('vip') }))],
	];
	const random = seededRandom(SEED + 3);

	test.each(calls)('%s, delivered twice: a 2xx or a clear 4xx, no throw, no pollution, no secret, at most one execution for one change', async (_, call) => {
		const { WebhookHarness } = await import('./support/webhookHarness');
		const { rawSignature } = await import('./support/webhookDelivery');
		const harness = await new WebhookHarness({ parameters: { mode: 'audienceChanges', setUp: 'manual', acceptBatches: true }, credentials: { segmentWebhookSecretApi: { sharedSecret: SECRET } } }).start();
		try {
			const body = Buffer.from(JSON.stringify(call), 'utf8');
			const headers = { 'content-type': random() < 0.5 ? 'application/json' : 'text/plain', 'x-signature': rawSignature(SECRET, body) };
			const answers = [await harness.post(body, headers), await harness.post(body, headers)];
			await harness.settled();
			for (const answer of answers) {
				expect(answer.status).toBeLessThan(500);
				if (answer.status >= 400) expect(JSON.stringify(answer.body).length).toBeLessThan(2_000);
				expect(JSON.stringify(answer.body ?? '')).not.toContain(SECRET);
			}
			expect(harness.thrown).toEqual([]);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect(harness.executions.length).toBeLessThanOrEqual(1);
			for (const item of harness.executions.flatMap((execution) => execution.collected)) expect([typeof item.audienceKey, typeof item.entered]).toEqual(['string', 'boolean']);
			expect(JSON.stringify(harness.staticData).length).toBeLessThan(1_048_576);
		} finally {
			await harness.stop();
		}
	});
});
