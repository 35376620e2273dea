import { SEGMENT_LIMITS } from '../nodes/shared/transport/limits';
import { BATCH_ENVELOPE_BYTES, batchBody, batchBodyPieces, BODY_PIECE_CHARS, packBatches } from '../nodes/shared/transport/packBatches';

describe('packing messages into batches', () => {
	test('keeps order and puts every message in exactly one batch', () => {
		const sizes = Array.from({ length: 6_000 }, (_, i) => 100 + (i % 7));
		const batches = packBatches(sizes);
		expect(batches.flat()).toEqual(sizes.map((_, i) => i));
	});

	test('never more than 2,500 messages a batch, whatever is asked', () => {
		const batches = packBatches(new Array(6_000).fill(10), { maxBytes: 475_000, maxMessages: 10_000 });
		expect(batches.map((batch) => batch.length)).toEqual([2_500, 2_500, 1_000]);
	});

	test('stays under 475,000 bytes a request, envelope and commas included', () => {
		const sizes = new Array(100).fill(20_000);
		const batches = packBatches(sizes);
		for (const batch of batches) {
			const body = batchBody(batch.map(() => 'x'.repeat(20_000)), '2024-01-15T08:30:00.000Z');
			expect(Buffer.byteLength(body)).toBeLessThan(SEGMENT_LIMITS.maxBatchBytes);
		}
		// 23 messages of 20,000 bytes fit, 24 do not.
		expect(batches[0]).toHaveLength(23);
	});

	test('the envelope allowance covers the real envelope', () => {
		expect(Buffer.byteLength(batchBody([], '2024-01-15T08:30:00.000Z'))).toBeLessThanOrEqual(BATCH_ENVELOPE_BYTES);
	});

	test('a smaller maximum gives smaller batches; one message a batch at the least', () => {
		expect(packBatches([1, 1, 1], { maxBytes: 475_000, maxMessages: 1 })).toEqual([[0], [1], [2]]);
		expect(packBatches([1, 1, 1], { maxBytes: 475_000, maxMessages: 0 })).toEqual([[0], [1], [2]]);
	});
});

describe('a batch body in pieces', () => {
	test('joined, it is the body; no piece is much longer than the piece size', () => {
		const messages = Array.from({ length: 3_000 }, (_, i) => JSON.stringify({ type: 'track', userId: `u${i}`, event: 'E', properties: { i } }));
		const pieces = [...batchBodyPieces(messages.length, (index) => messages[index], '2026-12-01T10:00:00.000Z')];
		expect(pieces.join('')).toBe(batchBody(messages, '2026-12-01T10:00:00.000Z'));
		expect(pieces.length).toBeGreaterThan(2);
		for (const piece of pieces) expect(piece.length).toBeLessThan(BODY_PIECE_CHARS + 200);
		expect([...batchBodyPieces(0, () => '', 'T')].join('')).toBe('{"batch":[],"sentAt":"T"}');
	});
});
