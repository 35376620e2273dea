import { bulkMessages } from '../nodes/Segment/actions/tracking/bulkMessages';
import { LIBRARY } from '../nodes/shared/messages/library';
import { seededMessageIds } from '../nodes/shared/messages/messageId';
import { normalizeTimestamp } from '../nodes/shared/messages/timestamp';
import { UUID } from './support/fixtures';

const rows = (count: number) => Array.from({ length: count }, (_, i) => ({ json: { type: 'track', userId: `u${i}`, event: 'Order Completed', properties: { i } } }));
const defaults = { now: '2026-12-01T10:00:00.000Z', library: LIBRARY };

describe('the bulk path builds each message once and keeps only a budget of them', () => {
	test('within the budget every JSON is kept; past it, the rest is built again identically, same messageId', () => {
		const all = bulkMessages(rows(50), {}, defaults, () => undefined);
		const some = bulkMessages(rows(50), {}, defaults, () => undefined, 1_000);
		const first = JSON.parse(all.jsonOf(40));
		expect(all.count).toBe(50);
		expect(first.messageId).toMatch(UUID);
		expect(some.jsonOf(40)).toBe(some.jsonOf(40));
		expect(JSON.parse(some.jsonOf(40)).messageId).toBe(some.messageIdOf(40));
		expect(JSON.parse(some.jsonOf(40))).toEqual({ ...first, messageId: some.messageIdOf(40) });
		expect(Array.from(some.sizes)).toEqual(Array.from(all.sizes));
	});

	test('a settled batch is let go; invalid rows are reported with their index and left out', () => {
		const invalid: number[] = [];
		const input = rows(5);
		input[2].json = { type: 'track', userId: 'u2' } as never;
		const messages = bulkMessages(input, {}, defaults, (index) => invalid.push(index));
		expect(invalid).toEqual([2]);
		expect(messages.count).toBe(4);
		expect([0, 1, 2, 3].map((position) => messages.itemOf(position))).toEqual([0, 1, 3, 4]);
		const before = messages.jsonOf(3);
		messages.settled!([3]);
		// Built again on demand, the same.
		expect(messages.jsonOf(3)).toBe(before);
	});

	test('seeded messageIds: UUID version 4 form, the same for a position, unlike another run', () => {
		const ids = seededMessageIds('key-1');
		expect(ids(7)).toMatch(UUID);
		expect(ids(7)).toBe(seededMessageIds('key-1')(7));
		expect(ids(7)).not.toBe(ids(8));
		expect(seededMessageIds()(7)).not.toBe(ids(7));
	});

	test("Segment's own timestamp form takes the fast way, and a rolled-over date is still refused", () => {
		expect(normalizeTimestamp('2024-02-29T10:00:00.000Z')).toBe('2024-02-29T10:00:00.000Z');
		expect(() => normalizeTimestamp('2023-02-29T10:00:00.000Z')).toThrow('is not a valid date');
		expect(normalizeTimestamp('2024-02-29T11:00:00+01:00')).toBe('2024-02-29T10:00:00.000Z');
	});
});
