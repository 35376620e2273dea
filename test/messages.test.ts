import { InvalidMessageError } from '../nodes/shared/messages/InvalidMessageError';
import { contentMessageId } from '../nodes/shared/messages/messageId';
import type { MessageDefaults } from '../nodes/shared/messages/prepareMessage';
import { prepareMessage } from '../nodes/shared/messages/prepareMessage';
import { applySharedFields } from '../nodes/shared/messages/sharedFields';
import { normalizeTimestamp } from '../nodes/shared/messages/timestamp';

const defaults: MessageDefaults = {
	now: '2024-01-15T08:30:00.000Z',
	library: { name: 'n8n-nodes-segment', version: '9.9.9' },
	newMessageId: () => 'generated-id',
};

function prepare(input: Record<string, unknown>, overrides: Partial<MessageDefaults> = {}) {
	return prepareMessage(input, { ...defaults, ...overrides }).message;
}

function refusal(input: Record<string, unknown>): string {
	try {
		prepareMessage(input, defaults);
	} catch (error) {
		expect(error).toBeInstanceOf(InvalidMessageError);
		return (error as Error).message;
	}
	throw new Error('the message was accepted');
}

describe('building a message', () => {
	test('fills in what Segment needs: messageId, timestamp, context.library, empty properties', () => {
		expect(prepare({ type: 'track', userId: 'u1', event: 'Signed Up' })).toEqual({
			type: 'track',
			userId: 'u1',
			event: 'Signed Up',
			properties: {},
			timestamp: '2024-01-15T08:30:00.000Z',
			context: { library: { name: 'n8n-nodes-segment', version: '9.9.9' } },
			messageId: 'generated-id',
		});
	});

	test('identify and group get empty traits, alias neither', () => {
		expect(prepare({ type: 'identify', anonymousId: 'a1' }).traits).toEqual({});
		expect(prepare({ type: 'group', userId: 'u1', groupId: 'g1' }).traits).toEqual({});
		const alias = prepare({ type: 'alias', userId: 'u1', previousId: 'a1' });
		expect(alias).not.toHaveProperty('traits');
		expect(alias).not.toHaveProperty('properties');
	});

	test('numbers given as ids are sent as strings, empty ids are left out', () => {
		const message = prepare({ type: 'group', userId: 42, anonymousId: '', groupId: 7 });
		expect(message.userId).toBe('42');
		expect(message.groupId).toBe('7');
		expect(message).not.toHaveProperty('anonymousId');
	});

	test("the user's context is merged over the node's library", () => {
		const message = prepare({ type: 'identify', userId: 'u1', context: { ip: '203.0.113.7', locale: 'en-GB' } });
		expect(message.context).toEqual({ library: defaults.library, ip: '203.0.113.7', locale: 'en-GB' });
	});

	test("a page's category is copied into its properties, as Segment's libraries do", () => {
		const message = prepare({ type: 'page', userId: 'u1', name: 'Pricing', category: 'Docs', properties: { path: '/pricing' } });
		expect(message.category).toBe('Docs');
		expect(message.properties).toEqual({ path: '/pricing', category: 'Docs' });
	});

	test("a user's messageId and timestamp are kept, the timestamp normalised to UTC", () => {
		const message = prepare({ type: 'track', userId: 'u', event: 'E', messageId: 'mine-1', timestamp: '2024-01-15T09:30:00+01:00' });
		expect(message.messageId).toBe('mine-1');
		expect(message.timestamp).toBe('2024-01-15T08:30:00.000Z');
	});

	test('the input object is not changed', () => {
		const input = { type: 'track', userId: 5, event: 'E', properties: { a: 1 } };
		prepare(input);
		expect(input).toEqual({ type: 'track', userId: 5, event: 'E', properties: { a: 1 } });
	});
});

describe('refusing what Segment would drop or reject', () => {
	test.each([
		[{ type: 'track', event: 'E' }, 'A track call needs a "userId" or an "anonymousId"'],
		[{ type: 'identify', userId: '  ' }, 'An identify call needs a "userId" or an "anonymousId"'],
		[{ type: 'track', userId: 'u' }, 'A track call needs "event"'],
		[{ type: 'group', userId: 'u' }, 'A group call needs "groupId"'],
		[{ type: 'alias', userId: 'u' }, 'An alias call needs both "userId" (the new id) and "previousId"'],
		[{ type: 'tracks', userId: 'u' }, '"type" must be one of track, identify, page, screen, group, alias; got the text "tracks"'],
		[{ userId: 'u' }, '"type" must be one of track, identify, page, screen, group, alias; got nothing'],
		[{ type: 'track', userId: 'u', event: 'E', properties: [1] }, '"properties" must be a JSON object, not a list'],
		[{ type: 'identify', userId: 'u', traits: 'plan=pro' }, '"traits" must be a JSON object, not the text "plan=pro"'],
		[{ type: 'track', userId: { id: 1 }, event: 'E' }, '"userId" must be text or a number, not an object'],
		[{ type: 'track', userId: 'u', event: 'E', messageId: 'x'.repeat(101) }, '"messageId" has 101 characters'],
	])('%j', (input, expected) => {
		expect(refusal(input)).toContain(expected);
	});

	test('a message of 32,000 bytes or more, counted in UTF-8', () => {
		// "é" is two bytes: 16,000 of them make 32,000 bytes but only 16,000 characters.
		const text = refusal({ type: 'track', userId: 'u', event: 'E', properties: { note: 'é'.repeat(16_000) } });
		expect(text).toMatch(/^The message is 32,\d{3} bytes; Segment rejects messages of 32,000 bytes or more/);
		expect(() => prepare({ type: 'track', userId: 'u', event: 'E', properties: { note: 'é'.repeat(15_800) } })).not.toThrow();
	});

	test('a label names the message in a list', () => {
		expect(() => prepareMessage({ type: 'track', userId: 'u' }, defaults, 'Message 3 of Messages')).toThrow(
			'Message 3 of Messages: A track call needs "event"',
		);
	});
});

describe('timestamps', () => {
	test.each([
		['2024-01-15T08:30:00Z', '2024-01-15T08:30:00.000Z'],
		['2024-01-15T08:30:00.5Z', '2024-01-15T08:30:00.500Z'],
		['2024-01-15T08:30:00.123456Z', '2024-01-15T08:30:00.123Z'],
		['2024-01-15T09:30:00+01:00', '2024-01-15T08:30:00.000Z'],
		['2024-01-15T03:30:00-0500', '2024-01-15T08:30:00.000Z'],
		['2024-01-15 08:30Z', '2024-01-15T08:30:00.000Z'],
	])('%s is sent as %s', (input, expected) => {
		expect(normalizeTimestamp(input)).toBe(expected);
	});

	test('dates from expressions: a JavaScript Date and a Luxon-like DateTime', () => {
		expect(normalizeTimestamp(new Date('2024-01-15T08:30:00Z'))).toBe('2024-01-15T08:30:00.000Z');
		expect(normalizeTimestamp({ toJSDate: () => new Date('2024-01-15T08:30:00Z') })).toBe('2024-01-15T08:30:00.000Z');
	});

	test.each([
		['2024-01-15T08:30:00', 'Timestamp "2024-01-15T08:30:00" has no timezone'],
		['2024-01-15', 'Timestamp "2024-01-15" has no timezone'],
		['15/01/2024 08:30', 'is not an ISO-8601 date and time'],
		['2024-02-30T08:30:00Z', 'is not a valid date'],
		[1705307400, 'Timestamp is the number 1705307400'],
	])('%s is refused', (input, expected) => {
		let error: InvalidMessageError | undefined;
		try {
			normalizeTimestamp(input);
		} catch (caught) {
			error = caught as InvalidMessageError;
		}
		expect(error?.message).toContain(expected);
		expect(error?.hint).toContain('2024-01-15T08:30:00.000Z');
	});
});

describe('messageId from content', () => {
	const message = { type: 'track', userId: 'u', event: 'E', timestamp: '2024-01-15T08:30:00.000Z', properties: { a: 1, b: 2 } };

	test('is the same for the same content, whatever the key order, sentAt or library version', () => {
		const first = prepare(message, { messageIdFromContent: true }).messageId;
		const reordered = prepare(
			{ properties: { b: 2, a: 1 }, event: 'E', timestamp: '2024-01-15T09:30:00+01:00', userId: 'u', type: 'track' },
			{ messageIdFromContent: true, library: { name: 'n8n-nodes-segment', version: '10.0.0' } },
		).messageId;
		expect(reordered).toBe(first);
		expect(contentMessageId({ ...message, sentAt: 'later' })).toBe(contentMessageId(message));
		expect(first).toMatch(/^n8n-[0-9a-f]{64}$/);
		expect(first.length).toBeLessThanOrEqual(100);
	});

	test('differs when anything else differs', () => {
		const first = prepare(message, { messageIdFromContent: true }).messageId;
		expect(prepare({ ...message, properties: { a: 1, b: 3 } }, { messageIdFromContent: true }).messageId).not.toBe(first);
		expect(prepare({ ...message, timestamp: '2024-01-15T08:30:01Z' }, { messageIdFromContent: true }).messageId).not.toBe(first);
	});

	test("a user's own messageId wins", () => {
		expect(prepare({ ...message, messageId: 'mine' }, { messageIdFromContent: true }).messageId).toBe('mine');
	});
});

describe('shared context and integrations of a batch', () => {
	test("go into every message, under the message's own", () => {
		const shared = { context: { ip: '1.1.1.1', locale: 'en' }, integrations: { All: false } };
		expect(applySharedFields({ type: 'track', context: { ip: '2.2.2.2' } }, shared)).toEqual({
			type: 'track',
			context: { ip: '2.2.2.2', locale: 'en' },
			integrations: { All: false },
		});
	});
});
