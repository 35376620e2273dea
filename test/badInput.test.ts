import { writeKeyCredentials } from './support/credentials';
import { runNode } from './support/engine';
import { sentMessages, useFakeSegment } from './support/fixtures';

const server = useFakeSegment();

function run(parameters: Record<string, unknown>, items: Record<string, unknown>[], continueOnFail = false) {
	return runNode({
		parameters: { resource: 'tracking', ...parameters },
		items,
		credentials: writeKeyCredentials(server.fake.url),
		continueOnFail,
	});
}

const trackById = { operation: 'track', userId: '={{ $json.id }}', event: '={{ $json.event }}' };

describe('bad input fails alone, with its item index and a reason a builder understands', () => {
	test('with On Error → Continue (using error output) a bad item goes to the error output, its hint as the message, and the others go out', async () => {
		const { output, errorOutput } = await runNode({
			parameters: { resource: 'tracking', ...trackById },
			items: [{ id: 'u1', event: 'A' }, { id: 'u2' }],
			credentials: writeKeyCredentials(server.fake.url),
			errorOutput: true,
		});
		expect(output.map((item) => item.json.event)).toEqual(['A']);
		expect(errorOutput).toEqual([
			{ json: { id: 'u2', error: 'A track call needs "event"', message: expect.stringContaining('drops it without a word') }, pairedItem: { item: 1 } },
		]);
		expect(sentMessages(server.fake)).toHaveLength(1);
	});

	test('without Continue On Fail the node stops on the first bad item and sends nothing', async () => {
		const { error, run: execution } = await run(trackById, [
			{ id: 'u1', event: 'A' },
			{ id: 'u2' },
			{ id: 'u3', event: 'C' },
		]);
		expect(execution.status).toBe('error');
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe('A track call needs "event"');
		expect(error?.description).toContain('drops it without a word');
		expect(error?.context?.itemIndex).toBe(1);
		expect(server.fake.requests).toHaveLength(0);
	});

	test('with Continue On Fail the bad items carry {error} and every good item is sent', async () => {
		const { output } = await run(
			{ ...trackById, properties: '={{ $json.props }}', additionalFields: { timestamp: '={{ $json.at }}' } },
			[
				{ id: 'u0', event: 'A' },
				{ event: 'B' },
				{ id: 'u2', event: 'C', props: '{"plan": ' },
				{ id: 'u3', event: 'D', at: '2024-01-15 08:30' },
				{ id: 'u4', event: 'E', props: '["a"]' },
				{ id: 5, event: 'F', at: '2024-01-15T08:30:00Z' },
			],
			true,
		);
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		expect(output.map((item) => item.json.error ?? 'sent')).toEqual([
			'sent',
			'A track call needs a "userId" or an "anonymousId"',
			expect.stringMatching(/^Properties is not valid JSON: /),
			'Timestamp "2024-01-15 08:30" has no timezone',
			'Properties must be a JSON object, not a list',
			'sent',
		]);
		expect(sentMessages(server.fake).map((message) => [message.userId, message.event])).toEqual([
			['u0', 'A'],
			['5', 'F'],
		]);
	});

	test('a timestamp without a timezone shows the expected form', async () => {
		const { error } = await run({ operation: 'identify', userId: 'u', additionalFields: { timestamp: '2024-01-15T08:30:00' } }, [{}]);
		expect(error?.message).toBe('Timestamp "2024-01-15T08:30:00" has no timezone');
		expect(error?.description).toContain('2024-01-15T08:30:00.000Z');
		expect(error?.context?.itemIndex).toBe(0);
	});

	test('a date from an expression is taken as it is', async () => {
		await run({ operation: 'identify', userId: 'u', additionalFields: { timestamp: '={{ $now.minus({ days: 1 }) }}' } }, [{}]);
		const [message] = sentMessages(server.fake);
		const age = Date.now() - Date.parse(String(message.timestamp));
		expect(age).toBeGreaterThan(86_000_000);
		expect(age).toBeLessThan(87_000_000);
	});

	test('a messageId over 100 characters, and an oversized message', async () => {
		const { output } = await run(
			{ operation: 'track', userId: 'u', event: 'E', properties: '={{ $json.props }}', additionalFields: { messageId: '={{ $json.mid }}' } },
			[
				{ mid: 'm'.repeat(101), props: {} },
				{ mid: 'ok-1', props: { blob: 'x'.repeat(40_000) } },
				{ mid: 'ok-2', props: {} },
			],
			true,
		);
		expect(output[0].json.error).toBe('"messageId" has 101 characters; Segment drops messages whose messageId is longer than 100');
		expect(output[1].json.error).toMatch(/^The message is 40,\d{3} bytes; Segment rejects messages of 32,000 bytes or more/);
		expect(output[2].json).toMatchObject({ success: true, messageId: 'ok-2' });
		expect(sentMessages(server.fake).map((message) => message.messageId)).toEqual(['ok-2']);
	});

	test('a batch message without a known type names the message', async () => {
		const { error } = await run(
			{ operation: 'batch', batch: '[{"type": "track", "userId": "u", "event": "E"}, {"type": "purchase", "userId": "u"}]' },
			[{}],
		);
		expect(error?.message).toBe(
			'Message 2 of Messages: "type" must be one of track, identify, page, screen, group, alias; got the text "purchase"',
		);
		expect(server.fake.requests).toHaveLength(0);
	});

	test('a batch that is not a list', async () => {
		const { error } = await run({ operation: 'batch', batch: '{"type": "track"}' }, [{}]);
		expect(error?.message).toBe('Messages must be a JSON list of messages, not an object');
	});
});
