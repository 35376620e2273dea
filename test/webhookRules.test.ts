import { authenticateDelivery } from '../nodes/SegmentWebhookTrigger/authenticateDelivery';
import type { DeliveryKeys } from '../nodes/SegmentWebhookTrigger/authenticateDelivery';
import { setupFingerprint } from '../nodes/SegmentWebhookTrigger/setupPlan';
import type { SetupPlan } from '../nodes/SegmentWebhookTrigger/setupPlan';
import { carriesRequestToken } from '../nodes/SegmentWebhookTrigger/signature';
import { fqlString, subscriptionTrigger } from '../nodes/SegmentWebhookTrigger/subscriptionTrigger';
import { keepEvent } from '../nodes/SegmentWebhookTrigger/delivery';
import { compileFql } from './support/fql';
import { segmentSignature } from './support/webhookDelivery';

const noFilter = { types: [], includeEvents: [], excludeEvents: [] };

describe('the subscription trigger (FQL), pure', () => {
	test.each([
		[noFilter, 'type = "track" or type = "identify" or type = "page" or type = "screen" or type = "group" or type = "alias"'],
		[{ ...noFilter, types: ['identify', 'track'] }, 'type = "track" or type = "identify"'],
		[{ ...noFilter, types: ['track'], includeEvents: ['Signed Up'] }, '(type = "track" and event = "Signed Up")'],
		[{ ...noFilter, types: ['track'], excludeEvents: ['A', 'B'] }, '(type = "track" and event != "A" and event != "B")'],
		[{ ...noFilter, types: ['track'], includeEvents: ['Say "hi"'] }, `(type = "track" and event = 'Say "hi"')`],
		[{ ...noFilter, types: ['track'], includeEvents: [`"it's"`, 'Other'] }, 'type = "track"'],
		[{ ...noFilter, types: ['page'], includeEvents: ['Signed Up'] }, 'type = "page"'],
	])('%j → %s', (filter, trigger) => {
		expect(subscriptionTrigger(filter)).toBe(trigger);
	});

	test('FQL strings: double quotes, single quotes for a name with a double quote, nothing for a name with both', () => {
		expect(fqlString('Signed Up')).toBe('"Signed Up"');
		expect(fqlString('a "b"')).toBe(`'a "b"'`);
		expect(fqlString(`a "b" it's`)).toBeUndefined();
	});

	// Every trigger must parse with Segment's grammar, and let through at least what the node keeps, so nothing it wants is lost.
	const names = ['Signed Up', 'Order "Big"', "Test's", `both "'`, 'and', 'or', 'x\\y', ' spaced ', 'émoji 🎉'];
	const events = [
		...names.map((event) => ({ type: 'track', event })),
		...['identify', 'page', 'screen', 'group', 'alias'].map((type) => ({ type })),
	];
	const filters = [
		noFilter,
		{ ...noFilter, includeEvents: names.slice(0, 3) },
		{ ...noFilter, excludeEvents: names },
		{ types: ['track', 'page'], includeEvents: names.slice(2, 6), excludeEvents: ['Signed Up'] },
		{ types: ['track'], includeEvents: [names[3]], excludeEvents: [] },
	];
	test.each(filters)('parses as FQL and passes everything the node keeps: %j', (filter) => {
		const matches = compileFql(subscriptionTrigger(filter));
		for (const event of events) {
			if (keepEvent(event, filter)) expect([event, matches(event)]).toEqual([event, true]);
		}
	});
});

describe('what a delivery must prove, pure', () => {
	const secret = 'the-shared-secret';
	const token = 'the-request-token';
	const event = { type: 'track', event: 'Signed Up', userId: 'u' };
	const one = Buffer.from(JSON.stringify(event));
	const batch = [event, { type: 'track', event: 'Forged', userId: 'x' }];
	const signature = segmentSignature(secret, event);
	const keys = (extra: Partial<DeliveryKeys>): DeliveryKeys => ({ secret, secretRequired: false, acceptBatches: false, ...extra });
	const statusOf = (k: DeliveryKeys, headers: { signature?: string; authorization?: string }, parsed: unknown, raw = one) => authenticateDelivery(k, headers, raw, parsed)?.status ?? 200;

	test.each([
		['one signed event', keys({}), { signature }, event, 200],
		['one unsigned event', keys({}), {}, event, 401],
		['a signed batch, batches off', keys({}), { signature }, batch, 400],
		['a signed batch, batches on, no token configured', keys({ acceptBatches: true }), { signature }, batch, 401],
		['a signed batch with the token', keys({ acceptBatches: true, requestToken: token }), { signature, authorization: `Bearer ${token}` }, batch, 200],
		['a signed batch with a wrong token', keys({ acceptBatches: true, requestToken: token }), { signature, authorization: 'Bearer nope' }, batch, 401],
		['one signed event without the token, batches on with a token', keys({ acceptBatches: true, requestToken: token }), { signature }, event, 401],
		['automatic set-up without a secret: fail closed', keys({ secret: undefined, secretRequired: true }), {}, event, 401],
		['by hand without a secret: taken, as documented', keys({ secret: undefined }), {}, event, 200],
		['by hand without a secret, a batch: refused all the same', keys({ secret: undefined }), {}, batch, 400],
	])('%s → %i', (_, k, headers, parsed, status) => {
		expect(statusOf(k, headers, parsed)).toBe(status);
	});

	test('the Authorization header: Bearer in any case, spaces or a percent-encoded space; nothing else', () => {
		expect(carriesRequestToken(token, `Bearer ${token}`)).toBe(true);
		expect(carriesRequestToken(token, `bearer  ${token} `)).toBe(true);
		expect(carriesRequestToken(token, `Bearer%20${token}`)).toBe(true);
		expect(carriesRequestToken(token, token)).toBe(false);
		expect(carriesRequestToken(token, `Basic ${token}`)).toBe(false);
		expect(carriesRequestToken(token, `Bearer ${token}x`)).toBe(false);
		expect(carriesRequestToken(token, undefined)).toBe(false);
	});
});

describe('the set-up fingerprint, pure', () => {
	const plan: SetupPlan = { sourceId: 'src_1', url: 'https://n8n.example.com/webhook/x/webhook', secret: 's1', filter: noFilter, batchSize: 100, workflowName: 'A' };
	test('changes with the secret, the token, the URL, the source, the filters and the batch size; not with the workflow name', () => {
		const base = setupFingerprint(plan);
		expect(setupFingerprint({ ...plan, workflowName: 'Renamed' })).toBe(base);
		for (const changed of [
			{ ...plan, secret: 's2' },
			{ ...plan, requestToken: 't' },
			{ ...plan, url: 'https://other.example.com/webhook/x/webhook' },
			{ ...plan, sourceId: 'src_2' },
			{ ...plan, filter: { ...noFilter, types: ['track'] } },
		]) {
			expect(setupFingerprint(changed)).not.toBe(base);
		}
		expect(setupFingerprint({ ...plan, requestToken: 't', batchSize: 50 })).not.toBe(setupFingerprint({ ...plan, requestToken: 't' }));
		expect(base).not.toContain('s1');
	});
});
