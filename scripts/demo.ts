/**
 * Runs example workflows through n8n's own engine against the fake Segment service on
 * loopback, and prints what went over the wire and what the node returned.
 */
import { writeKeyCredentials } from '../test/support/credentials';
import { runNode } from '../test/support/engine';
import { FakeSegment } from '../test/support/fakeSegment';

const examples: Array<{ title: string; parameters: Record<string, unknown>; items: Record<string, unknown>[]; continueOnFail?: boolean }> = [
	{
		title: 'Track a sign-up for each new user (ids and properties from expressions)',
		parameters: {
			resource: 'tracking',
			operation: 'track',
			userId: '={{ $json.id }}',
			event: 'Signed Up',
			properties: '={{ { plan: $json.plan, source: $json.source } }}',
		},
		items: [
			{ id: 1001, plan: 'pro', source: 'newsletter' },
			{ id: 1002, plan: 'free', source: 'ad' },
		],
	},
	{
		title: 'Identify a user with traits and a timestamp with its own timezone',
		parameters: {
			resource: 'tracking',
			operation: 'identify',
			userId: '={{ $json.id }}',
			traits: '={{ { email: $json.email, name: $json.name } }}',
			additionalFields: { timestamp: '2024-01-15T09:30:00+01:00' },
		},
		items: [{ id: 'u-42', email: 'ada@example.com', name: 'Ada Lovelace' }],
	},
	{
		title: 'Backfill: every input item is one message (Batch, Messages From: Input Items), one bad row',
		parameters: { resource: 'tracking', operation: 'batch', messagesFrom: 'inputItems', options: { messageIdFromContent: true } },
		items: [
			{ type: 'track', userId: 'u-1', event: 'Order Completed', timestamp: '2023-06-01T10:00:00Z', properties: { total: 30 } },
			{ type: 'track', userId: 'u-2', event: 'Order Completed', timestamp: '2023-06-02T11:00:00Z', properties: { total: 12 } },
			{ type: 'track', userId: 'u-3', timestamp: '2023-06-03T12:00:00' },
		],
		continueOnFail: true,
	},
];

async function main(): Promise<void> {
	const fake = await new FakeSegment().start();
	console.log(`Fake Segment service listening on ${fake.url}\n`);
	try {
		for (const example of examples) {
			fake.clearRecords();
			const { output, error } = await runNode({
				parameters: example.parameters,
				items: example.items,
				credentials: writeKeyCredentials(fake.url),
				continueOnFail: example.continueOnFail,
			});
			console.log(`=== ${example.title}`);
			for (const request of fake.requests) {
				const auth = request.headers.authorization ? "Basic (write key, empty password)" : "none";
				console.log(`--> ${request.method} ${request.path} (${request.status}), Authorization: ${auth}`);
				console.log(JSON.stringify(JSON.parse(request.body), null, 2));
			}
			if (error) console.log(`<-- error: ${error.message}`);
			console.log('<-- node output:');
			console.log(JSON.stringify(output.map((item) => item.json), null, 2));
			console.log();
		}
	} finally {
		await fake.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
