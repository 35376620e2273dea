import { regulationRequest, subjectIdList, isFinalStatus } from '../nodes/SegmentWorkspace/publicApi/regulation';
import { checkRules } from '../nodes/SegmentWorkspace/publicApi/trackingPlanRules';
import { enabledAndNameUpdate } from '../nodes/SegmentWorkspace/publicApi/enabledAndName';
import { nextCursor, pageCount } from '../nodes/shared/transport/cursorPages';
import { mayRetry, publicApiErrorText } from '../nodes/shared/transport/publicApiTransport';

describe('privacy requests, built before sending (pure)', () => {
	test('each scope has its own path; a cloud source adds its collection', () => {
		const base = { regulationType: 'SUPPRESS_WITH_DELETE', subjectType: 'USER_ID', subjectIds: 'u1' };
		expect(regulationRequest({ ...base, scope: 'workspace' })).toEqual({ path: '/regulations', body: { ...base, subjectIds: ['u1'] } });
		expect(regulationRequest({ ...base, scope: 'source', sourceId: 'src%2F1' }).path).toBe('/regulations/sources/src%2F1');
		expect(regulationRequest({ ...base, scope: 'cloudSource', sourceId: 's', subjectType: 'OBJECT_ID', collection: ' accounts ' })).toEqual({
			path: '/regulations/cloudsources/s',
			body: { regulationType: 'SUPPRESS_WITH_DELETE', subjectType: 'OBJECT_ID', subjectIds: ['u1'], collection: 'accounts' },
		});
	});

	test('subject IDs: text or lists, numbers as text, blanks and repeats dropped', () => {
		expect(subjectIdList(' a,b , ,a ')).toEqual(['a', 'b']);
		expect(subjectIdList([1, '1', 2, null, ' '])).toEqual(['1', '2']);
		expect(subjectIdList(12345)).toEqual(['12345']);
		expect(subjectIdList(undefined)).toEqual([]);
	});

	test('exactly 5,000 IDs go out; 5,001 do not', () => {
		const ids = Array.from({ length: 5_000 }, (_, i) => `u${i}`);
		expect(regulationRequest({ scope: 'workspace', regulationType: 'DELETE_ONLY', subjectType: 'USER_ID', subjectIds: ids }).body.subjectIds).toHaveLength(5_000);
		expect(() => regulationRequest({ scope: 'workspace', regulationType: 'DELETE_ONLY', subjectType: 'USER_ID', subjectIds: [...ids, 'one-more'] })).toThrow(
			'5001 subject IDs in one request; Segment takes at most 5,000',
		);
	});

	test('done means nothing more will happen', () => {
		expect(['FINISHED', 'PARTIAL_SUCCESS', 'FAILED', 'INVALID', 'NOT_SUPPORTED'].every(isFinalStatus)).toBe(true);
		expect(['INITIALIZED', 'RUNNING', undefined].some(isFinalStatus)).toBe(false);
	});
});

describe('tracking plan rules (pure)', () => {
	test('rules read back from Segment are cleaned to what it takes', () => {
		expect(
			checkRules({
				rules: [
					{ type: 'track', key: ' Order Completed ', jsonSchema: { a: 1 }, version: 2, createdAt: 'x', updatedAt: 'y', deprecatedAt: null },
					{ type: 'IDENTIFY', key: null, jsonSchema: {} },
				],
			}),
		).toEqual([
			{ type: 'TRACK', key: 'Order Completed', jsonSchema: { a: 1 }, version: 2 },
			{ type: 'IDENTIFY', jsonSchema: {}, version: 1 },
		]);
	});

	test('a version that is not a whole number from 1 is refused', () => {
		expect(() => checkRules([{ type: 'PAGE', jsonSchema: {}, version: 0 }])).toThrow('Rule 1 has version 0; it must be a whole number from 1');
	});
});

describe('source and destination updates (pure)', () => {
	test('only what is set, the name trimmed', () => {
		expect(enabledAndNameUpdate({ enabled: false }, 'source')).toEqual({ enabled: false });
		expect(enabledAndNameUpdate({ name: ' New ' }, 'source')).toEqual({ name: 'New' });
		expect(() => enabledAndNameUpdate({ name: '  ' }, 'destination')).toThrow('Name is empty: give the destination a name, or remove the field');
		expect(() => enabledAndNameUpdate({ enabled: 'yes' }, 'source')).toThrow('Enabled must be true or false, not "yes"');
	});
});

describe('the Public API transport, without HTTP', () => {
	test.each([
		['GET', 429, true],
		['GET', 503, true],
		['PATCH', 500, true],
		['PUT', 502, true],
		['GET', 404, false],
		['GET', 501, false],
		['POST', 429, true],
		['POST', 503, false],
		['POST', 500, false],
	] as const)('%s answered %i: retried %s', (method, statusCode, retried) => {
		expect(mayRetry(method, { statusCode })).toBe(retried);
	});

	test.each([
		['GET', 'ECONNRESET', true],
		['GET', 'ETIMEDOUT', true],
		['POST', 'ECONNRESET', false],
		['POST', 'ECONNABORTED', false],
		['POST', 'ECONNREFUSED', true],
		['POST', 'ENOTFOUND', true],
		['GET', undefined, false],
	] as const)('%s failed with %s: retried %s', (method, networkError, retried) => {
		expect(mayRetry(method, { networkError, message: '' })).toBe(retried);
	});

	test("Segment's error messages, with the fields they name", () => {
		expect(publicApiErrorText({ errors: [{ type: 'validation', message: 'name is taken', field: 'name' }, { type: 'x', message: 'and more' }] })).toBe(
			'name is taken (field name); and more',
		);
		expect(publicApiErrorText({ errors: [{ type: 'not-found' }] })).toBe('not-found');
		expect(publicApiErrorText('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
		expect(publicApiErrorText(undefined)).toBe('no details');
	});

	test('pages: the count asked for, the next cursor, and a cursor seen before', () => {
		expect(pageCount(undefined, 400)).toBe(200);
		expect(pageCount(250, 200)).toBe(50);
		expect(pageCount(10, 0)).toBe(10);
		expect(nextCursor({ current: 'a', next: 'b' }, new Set(['a']))).toEqual({ next: 'b', stuck: false });
		expect(nextCursor({ current: 'b', next: null }, new Set(['a']))).toEqual({ stuck: false });
		expect(nextCursor({ next: 'a' }, new Set(['a']))).toEqual({ next: 'a', stuck: true });
		expect(nextCursor(undefined, new Set())).toEqual({ stuck: false });
	});
});
