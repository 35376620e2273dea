import type { IDataObject } from 'n8n-workflow';

import { secretForms } from '../nodes/shared/transport/redact';
import { ACCESS_TOKEN, accessTokenCredentials, PUBLIC_API_TOKEN, publicApiCredentials, WRITE_KEY, writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import type { Fault, FaultScript } from './support/fakeSegment';
import { seededRandom } from './support/fakeSegment';
import { useFakeSegment } from './support/fixtures';
import { captureLogs } from './support/logs';
import { fakeWithWorkspace, picked } from './support/publicApiFixtures';

/**
 * Hostile input and hostile answers, many at a time, the same way every run (a fixed
 * seed, loopback only): each case puts one hostile value into one field of the middle of
 * three items, and may have the fake Segment answer badly. For every case: nothing
 * thrown, the bad item fails alone with a readable error, the good items in the same run
 * are delivered once, nothing is reported delivered that Segment did not take, no
 * credential shows anywhere, and no identifier leaves its place in a path.
 */

const SEED = 20_261_201;
const CASES = 160;

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
	{ name: 'tracking plan rules', label: 'Rules', credentials: 'publicApi', parameters: { resource: 'trackingPlan', operation: 'updateRules', trackingPlanId: picked('tp_001'), rules: v }, good: (n) => ({ v: [{ type: 'TRACK', key: `Event ${n}`, version: 1, jsonSchema: {} }] }) },
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
			if (error === undefined) continue;
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
