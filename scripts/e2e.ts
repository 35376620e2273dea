/**
 * End-to-end: this package inside a real n8n (2.x, Node 24), against the fake Segment
 * service on loopback. Runs the example workflows and one with every operation with
 * `n8n execute`, then the Segment Profile Trigger in a running n8n, and checks what Segment
 * received and what n8n returned.
 *
 *   npm run test:e2e     (minutes, and about 3 GB for n8n the first time)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { check, checks, waitFor } from './n8n/checks';
import { credentialsFile, delivered, E2E_LOGIN, E2E_PUBLIC_API_TOKEN, e2eCredentials, e2eFakeSegment, importWorkflow, postTrack, postTracks } from './n8n/e2eFixtures';
import type { N8nHome } from './n8n/localN8n';
import { ensureN8n, N8N_MAJOR, prepareN8nHome, publishWorkflow, removeFolder, runN8n, runN8nOrThrow, startN8n } from './n8n/localN8n';
import { executionsOf, setUpOwner, signIn, testCredentialInN8n } from './n8n/rest';
import { checkAiAgent, checkMcpServer, setUpAgentAndMcp } from './n8n/agentChecks';
import { checkAudienceChanges } from './n8n/audienceChecks';
import { checkWebhookTrigger, E2E_AUTOMATIC_WEBHOOK_ID } from './n8n/webhookChecks';
import { HTTP_API_SOURCE } from '../test/support/publicApiStore';
import { checkActionNodes, checkExamplesAsShipped, openEditor } from './n8n/editorChecks';
import { checkPlanInEditor, planEditorWorkflow } from './n8n/planEditorChecks';
import { addCheckoutPlan, seedPlaygroundData } from './n8n/playgroundData';
import {
	allOperationsWorkflow,
	automaticWebhookWorkflow,
	EXAMPLE_FILES,
	exampleWorkflowId,
	publicApiOperationsWorkflow,
	readExample,
	runnableFromCli,
	withShortWaits,
	workspaceAdminWorkflow,
} from './n8n/workflows';

type RunData = Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> }; error?: { message: string } }>>;

async function execute(home: N8nHome, id: string): Promise<{ runData: RunData; error?: string }> {
	// n8n prints the run's data at log level info.
	const result = await runN8n(home, ['execute', `--id=${id}`, '--rawOutput'], { N8N_LOG_LEVEL: 'info' });
	const start = result.stdout.search(/^\{$/m);
	if (result.status !== 0 || start === -1) {
		return { runData: {}, error: `exit ${result.status}: ${(result.stdout + result.stderr).slice(-2_000)}` };
	}
	// The run's JSON ends at the first line that is a lone closing brace after it: n8n may log more after.
	const end = result.stdout.slice(start).search(/^\}$/m);
	const run = JSON.parse(result.stdout.slice(start, end === -1 ? undefined : start + end + 1)) as { data: { resultData: { runData: RunData } } };
	return { runData: run.data.resultData.runData };
}

function outputOf(runData: RunData, node: string): Array<Record<string, unknown>> {
	return (runData[node]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

async function main(): Promise<void> {
	await ensureN8n();
	const fake = await e2eFakeSegment().start();
	const work = mkdtempSync(join(tmpdir(), 'n8n-segment-e2e-files-'));
	// Another port lets two n8n lines run their end-to-end checks side by side.
	const home = prepareN8nHome(undefined, Number(process.env.E2E_N8N_PORT ?? 5690));
	try {
		console.log(`\nFake Segment on ${fake.url}; n8n user folder ${home.userFolder}`);
		await runN8nOrThrow(home, ['import:credentials', `--input=${credentialsFile(work, fake.url)}`]);

		console.log('\nExample: sign-up webhook (identify, then track)');
		await importWorkflow(home, work, runnableFromCli(readExample(EXAMPLE_FILES.signup), 'e2eSignup'));
		let run = await execute(home, 'e2eSignup');
		check('n8n ran the workflow', !run.error, run.error);
		const [identify] = delivered(fake, (m) => m.type === 'identify' && m.userId === 'user-1001');
		check('Segment received the identify with its traits', identify?.message.traits !== undefined && (identify.message.traits as Record<string, unknown>).email === 'ada@example.com', JSON.stringify(identify?.message));
		const [signedUp] = delivered(fake, (m) => m.type === 'track' && m.event === 'Signed Up');
		check('Segment received the Signed Up track with its properties', (signedUp?.message.properties as Record<string, unknown> | undefined)?.plan === 'pro', JSON.stringify(signedUp?.message));
		check(
			"n8n's output carries the delivered messageId",
			outputOf(run.runData, 'Track Signed Up')[0]?.messageId === signedUp?.message.messageId && outputOf(run.runData, 'Track Signed Up')[0]?.success === true,
			JSON.stringify(outputOf(run.runData, 'Track Signed Up')),
		);
		check(
			"context.library names this package",
			(signedUp?.message.context as { library?: { name?: string } } | undefined)?.library?.name === 'n8n-nodes-segment',
		);

		console.log('\nExample: nightly account sync (identify, then group)');
		await importWorkflow(home, work, runnableFromCli(readExample(EXAMPLE_FILES.accountSync), 'e2eAccountSync'));
		run = await execute(home, 'e2eAccountSync');
		check('n8n ran the workflow', !run.error, run.error);
		check('three identifies arrived', delivered(fake, (m) => m.type === 'identify' && /^user-100[123]$/.test(String(m.userId))).length >= 3);
		const groups = delivered(fake, (m) => m.type === 'group');
		check('three group calls arrived, with the account traits', groups.length === 3 && groups.every(({ message }) => typeof (message.traits as Record<string, unknown>).name === 'string'), JSON.stringify(groups.map((g) => g.message)));
		check('each output item says which group', outputOf(run.runData, 'Group Into Accounts').map((item) => item.groupId).join() === 'acme,acme,initech');

		console.log('\nExample: backfill in one batch (messages from input items)');
		await importWorkflow(home, work, runnableFromCli(readExample(EXAMPLE_FILES.backfill), 'e2eBackfill'));
		run = await execute(home, 'e2eBackfill');
		check('n8n ran the workflow', !run.error, run.error);
		const orders = delivered(fake, (m) => m.event === 'Order Completed');
		check(
			'three historical orders arrived with their own timestamps in UTC',
			orders.map(({ message }) => message.timestamp).join() === '2024-03-01T10:15:00.000Z,2024-03-02T15:40:00.000Z,2024-03-05T08:05:00.000Z',
			JSON.stringify(orders.map(({ message }) => message.timestamp)),
		);
		check('their messageIds come from their content', orders.every(({ message }) => String(message.messageId).startsWith('n8n-')));
		check('one output item: {success, count: 3, failed: []}', JSON.stringify(outputOf(run.runData, 'Send Batch')) === '[{"success":true,"count":3,"failed":[]}]', JSON.stringify(outputOf(run.runData, 'Send Batch')));
		run = await execute(home, 'e2eBackfill');
		check('running the backfill again duplicates nothing', delivered(fake, (m) => m.event === 'Order Completed').length === 3 && fake.dropped.filter((d) => d.reason === 'duplicate messageId').length === 3);

		console.log('\nEvery other operation: page, screen, alias, batch, and the five profile look-ups');
		await importWorkflow(home, work, allOperationsWorkflow('e2eAllOperations', 'user-1001', 'acme'));
		run = await execute(home, 'e2eAllOperations');
		check('n8n ran the workflow', !run.error, run.error);
		for (const type of ['page', 'screen', 'alias']) {
			check(`Segment received the ${type} call`, delivered(fake, (m) => m.type === type && m.userId === 'user-1001').length === 1);
		}
		check('Segment received the batch', delivered(fake, (m) => m.event === 'E2E Batch Event').length === 1);
		check('Get Traits: the traits sent by the examples', (outputOf(run.runData, 'Get Traits')[0]?.traits as Record<string, unknown> | undefined)?.email === 'ada@example.com', JSON.stringify(outputOf(run.runData, 'Get Traits')));
		check('Get Events: one item per event, Signed Up among them', outputOf(run.runData, 'Get Events').some((event) => event.event === 'Signed Up'), JSON.stringify(outputOf(run.runData, 'Get Events')).slice(0, 300));
		check('Get External IDs: user_id and email', ['user_id', 'email'].every((type) => outputOf(run.runData, 'Get External IDs').some((entry) => entry.type === type)));
		check('Get Metadata: created_at', typeof outputOf(run.runData, 'Get Metadata')[0]?.created_at === 'string');
		check('Get Links: the acme account', JSON.stringify(outputOf(run.runData, 'Get Links')).includes('"acme"'));
		check('Get Traits of an account', (outputOf(run.runData, 'Get Account Traits')[0]?.traits as Record<string, unknown> | undefined)?.name === 'Acme Inc');

		console.log('\nEvery Public API operation: sources, destinations, tracking plans, warehouses, privacy requests');
		await importWorkflow(home, work, publicApiOperationsWorkflow('e2ePublicApi'));
		run = await execute(home, 'e2ePublicApi');
		check('n8n ran the workflow', !run.error, run.error);
		check('Source: Get Many returned the three sources', outputOf(run.runData, 'Source: Get Many').length === 3);
		check('Source: Update turned src_002 off and renamed it, in the workspace too', outputOf(run.runData, 'Source: Update')[0]?.enabled === false && fake.workspace.sources[1].name === 'Retired Source');
		check('Source: Get Schema Settings', typeof outputOf(run.runData, 'Source: Get Schema Settings')[0]?.settings === 'object');
		check('Destination: Get Many stopped at its limit of 1', outputOf(run.runData, 'Destination: Get Many').length === 1);
		check('Destination: Update turned dst_002 off', fake.workspace.destinations[1].enabled === false);
		check('Tracking Plan: Update Rules added the rule, Get Rules reads it back', outputOf(run.runData, 'Tracking Plan: Get Rules').some((rule) => rule.key === 'E2E Event') && outputOf(run.runData, 'Tracking Plan: Get Rules').length === 3);
		check('Tracking Plan: Replace Rules left exactly one rule', fake.workspace.rules.get('tp_002')?.length === 1);
		check('Warehouse: Get', outputOf(run.runData, 'Warehouse: Get')[0]?.id === 'wh_001');
		const created = outputOf(run.runData, 'Privacy Request: Create')[0];
		check('Privacy Request: Create returned the regulateId Segment gave', typeof created?.regulateId === 'string' && fake.workspace.regulations.some((regulation) => regulation.id === created.regulateId && regulation.subjectIds.join() === 'user-e2e-1,user-e2e-2'), JSON.stringify(created));
		check('Privacy Request: Get found it', outputOf(run.runData, 'Privacy Request: Get')[0]?.regulateId === created?.regulateId);
		check('Privacy Request: Get Many listed it', outputOf(run.runData, 'Privacy Request: Get Many').some((regulation) => regulation.id === created?.regulateId));
		check('every request carried the Bearer token', fake.requests.filter((request) => !request.path.startsWith('/v1/')).every((request) => request.headers.authorization === `Bearer ${E2E_PUBLIC_API_TOKEN}`));

		console.log('\nExample: a deletion request, followed until Segment is done (waits cut to a second)');
		fake.workspace.seed();
		await importWorkflow(home, work, withShortWaits(runnableFromCli(readExample(EXAMPLE_FILES.privacyRequest), 'e2ePrivacyReq'), 1));
		run = await execute(home, 'e2ePrivacyReq');
		check('n8n ran the workflow', !run.error, run.error);
		const [regulation] = fake.workspace.regulations;
		check('Segment got one Suppress and Delete request for user-1001', fake.workspace.regulations.length === 1 && regulation.regulationType === 'SUPPRESS_WITH_DELETE' && regulation.subjectIds.join() === 'user-1001', JSON.stringify(fake.workspace.regulations));
		check('the workflow checked the status until it was done', (run.runData['Get Request Status'] ?? []).length === 3 && regulation?.overallStatus === 'FINISHED', `${(run.runData['Get Request Status'] ?? []).length} status checks`);
		const notice = outputOf(run.runData, 'Notify Requester')[0];
		check('and then notified the requester', notice?.to === 'ada@example.com' && notice?.status === 'FINISHED', JSON.stringify(notice));

		console.log('\nExample: the weekly report of event volume and MTU per source');
		// The deletion example started from a fresh workspace: give src_001 a little traffic to count.
		await postTracks(fake.url, [
			{ type: 'identify', userId: 'user-week-1', traits: { plan: 'pro' } },
			{ type: 'track', userId: 'user-week-1', event: 'Report Viewed' },
			{ type: 'track', anonymousId: 'anon-week-2', event: 'Report Viewed' },
		]);
		// Segment counts events in its metrics a minute after they came in; so does the fake.
		await new Promise((resolve) => setTimeout(resolve, fake.workspace.observability.lagMs + 1_000));
		await importWorkflow(home, work, runnableFromCli(readExample(EXAMPLE_FILES.weeklyReport), 'e2eWeeklyReport'));
		run = await execute(home, 'e2eWeeklyReport');
		check('n8n ran the workflow', !run.error, run.error);
		const report = outputOf(run.runData, 'Write the Report')[0] as { subject?: string; sources?: Array<{ source: string; events: number; mtuThisMonth: number }> } | undefined;
		const firstSource = report?.sources?.find((source) => source.source === 'Source 001');
		check(
			"the report counts src_001's events of the week and its MTU, from what the fake Segment took",
			firstSource !== undefined && firstSource.events === fake.workspace.observability.received.filter((record) => record.sourceId === 'src_001').length && firstSource.mtuThisMonth > 0,
			JSON.stringify(report),
		);

		console.log('\nExample: dbt finished → a Reverse ETL sync, waited for → the report (checks a second apart)');
		const syncExample = runnableFromCli(readExample(EXAMPLE_FILES.reverseEtlSync), 'e2eRetlSync');
		syncExample.nodes.find((node) => node.name === 'Sync Churn Scores')!.parameters.waitOptions = { timeoutSeconds: 120, maxIntervalSeconds: 1 };
		await importWorkflow(home, work, syncExample);
		run = await execute(home, 'e2eRetlSync');
		check('n8n ran the workflow', !run.error, run.error);
		const syncReport = outputOf(run.runData, 'Write the Report')[0];
		const [sync] = fake.workspace.reverseEtl.syncs;
		check('Segment got one manual sync of the model\'s mapping', fake.workspace.reverseEtl.syncs.length === 1 && sync.modelId === 'rem_001' && sync.subscriptionId === '1001', JSON.stringify(fake.workspace.reverseEtl.syncs));
		check('the node waited until it succeeded; the report has its counts', syncReport?.ok === true && syncReport.syncStatus === 'SUCCESS' && syncReport.recordsLoaded === 1200 && syncReport.syncId === sync?.syncId, JSON.stringify(syncReport));

		console.log('\nExample: before a campaign send, is this person a VIP?');
		await postTracks(fake.url, [1, 2, 3].map((n) => ({ type: 'track', userId: 'user-5005', event: 'Order Completed', properties: { order_id: `ord-vip-${n}` } })));
		await importWorkflow(home, work, runnableFromCli(readExample(EXAMPLE_FILES.vipCheck), 'e2eVipCheck'));
		run = await execute(home, 'e2eVipCheck');
		check('n8n ran the workflow', !run.error, run.error);
		check(
			'three orders made user-5005 a VIP in Segment: Get Audiences said so and the VIP offer went out',
			outputOf(run.runData, 'Get Audiences')[0]?.inAudience === true && outputOf(run.runData, 'Send the VIP Offer')[0]?.version === 'vip' && outputOf(run.runData, 'Send the Standard Offer').length === 0,
			JSON.stringify(outputOf(run.runData, 'Get Audiences')),
		);

		console.log('\nExample: orders checked against the tracking plan before they are sent');
		addCheckoutPlan(fake);
		await importWorkflow(home, work, runnableFromCli(readExample(EXAMPLE_FILES.planCheck), 'e2ePlanCheck'));
		run = await execute(home, 'e2ePlanCheck');
		check('n8n ran the workflow', !run.error, run.error);
		const orderOf = (message: Record<string, unknown>) => (message.properties as Record<string, unknown> | undefined)?.order_id;
		check(
			'Segment received the order that follows the plan, and neither of the two that break it',
			delivered(fake, (m) => orderOf(m) === 'ord-7001').length === 1 && delivered(fake, (m) => orderOf(m) === 'ord-7002' || orderOf(m) === 'ord-7003').length === 0,
		);
		const toFix = outputOf(run.runData, 'Orders to Fix') as Array<{ order_id?: string; error?: string; message?: string }>;
		check(
			"the two went to the node's error output with their order, each saying what breaks the plan",
			toFix.length === 2 &&
				toFix[0].order_id === 'ord-7002' &&
				/^properties\.total: must be a number/m.test(String(toFix[0].message)) &&
				/must be a number/.test(String(toFix[0].error)) &&
				/^event: /m.test(String(toFix[1].message)),
			JSON.stringify(toFix),
		);

		console.log('\nWorkspace administration: a source made, sent to with its new write key, filtered on a destination, deleted');
		fake.workspace.seed();
		await importWorkflow(home, work, workspaceAdminWorkflow('e2eAdmin', fake.url, HTTP_API_SOURCE.id, 'meta_010'));
		run = await execute(home, 'e2eAdmin');
		check('n8n ran the workflow', !run.error, run.error);
		const madeSource = outputOf(run.runData, 'Create Source')[0] as { id?: string; writeKey?: string; name?: string } | undefined;
		check('Create Source made "E2E Smoke" from the catalog, with a write key', madeSource?.name === 'E2E Smoke' && typeof madeSource.writeKey === 'string', JSON.stringify(madeSource));
		const smoke = fake.delivered.find((entry) => entry.message.messageId === 'e2e-smoke-1');
		check("the test event was taken with the new source's write key", smoke !== undefined && smoke.writeKey === madeSource?.writeKey);
		const smokeDestination = outputOf(run.runData, 'Create Destination')[0]?.id;
		check(
			'the filter made through the node held it back from the new destination',
			fake.workspace.observability.deliveries.some((delivery) => delivery.destinationId === smokeDestination && delivery.outcome === 'filtered' && delivery.eventName === 'Smoke Test'),
			JSON.stringify(fake.workspace.observability.deliveries.filter((delivery) => delivery.destinationId === smokeDestination)),
		);
		check(
			'Delete Source removed it; its write key is refused from then on',
			outputOf(run.runData, 'Delete Source')[0]?.deleted === true && !fake.workspace.sources.some((source) => source.id === madeSource?.id) && fake.workspace.revokedWriteKeys.has(String(madeSource?.writeKey)),
		);

		console.log('\nExample: a staging source with the same destinations and filters as production');
		fake.workspace.seed();
		const productionFilter = { id: 'df_prod', sourceId: 'src_001', destinationId: 'dst_001', if: 'properties.test = true', actions: [{ type: 'DROP' }], title: 'Drop test events', description: null, enabled: true, createdAt: '', updatedAt: '' };
		fake.workspace.destinationFilters.push(productionFilter);
		await importWorkflow(home, work, { ...readExample(EXAMPLE_FILES.stagingSource), id: 'e2eStagingSource' });
		run = await execute(home, 'e2eStagingSource');
		check('n8n ran the workflow', !run.error, run.error);
		const staging = fake.workspace.sources.find((source) => source.slug === 'source-001-staging');
		const stagingDestinations = fake.workspace.destinations.filter((destination) => destination.sourceId === staging?.id);
		check('a staging source named after production', staging?.name === 'Source 001 (Staging)', JSON.stringify(staging));
		check(
			"…with production's destination, made off, with the same settings",
			stagingDestinations.length === 1 && stagingDestinations[0].name === 'Destination 001 (Staging)' && stagingDestinations[0].enabled === false && JSON.stringify(stagingDestinations[0].settings) === JSON.stringify(fake.workspace.destinations[0].settings),
			JSON.stringify(stagingDestinations),
		);
		const copied = fake.workspace.destinationFilters.filter((filter) => filter.destinationId === stagingDestinations[0]?.id);
		check('…and its filter copied', copied.length === 1 && copied[0].if === productionFilter.if && JSON.stringify(copied[0].actions) === '[{"type":"DROP"}]' && copied[0].sourceId === staging?.id, JSON.stringify(copied));

		console.log('\nExample: Segment Profile Trigger on Order Completed, in a running n8n');
		const triggerWorkflow = readExample(EXAMPLE_FILES.orderTrigger);
		triggerWorkflow.id = 'e2eOrderTrigger';
		// Historical orders are older than 14 days: send a fresh one, and let the first poll look back.
		triggerWorkflow.nodes[0].parameters.options = { lookBackMinutes: 30 };
		await importWorkflow(home, work, triggerWorkflow);
		await publishWorkflow(home, 'e2eOrderTrigger');
		// The real-time trigger: the sign-up example, set up by hand and published; and the
		// same set up automatically, activated later through the REST API.
		const hookExample = { ...readExample(EXAMPLE_FILES.webhookTrigger), id: 'e2eHookManual' };
		delete hookExample.pinData;
		await importWorkflow(home, work, hookExample);
		await publishWorkflow(home, 'e2eHookManual');
		await importWorkflow(home, work, automaticWebhookWorkflow(hookExample, 'e2eHookAuto', E2E_AUTOMATIC_WEBHOOK_ID, 'src_001'));
		const churnExample = { ...readExample(EXAMPLE_FILES.churnTask), id: 'e2eChurnTask' };
		delete churnExample.pinData;
		await importWorkflow(home, work, churnExample);
		await publishWorkflow(home, 'e2eChurnTask');
		// The alarm: a destination of src_001 starts failing while n8n polls.
		await importWorkflow(home, work, { ...readExample(EXAMPLE_FILES.destinationFailing), id: 'e2eDstFailing' });
		await publishWorkflow(home, 'e2eDstFailing');
		fake.clearRecords();
		await postTrack(fake.url, { type: 'track', userId: 'user-1001', event: 'Order Completed', properties: { order_id: 'ord-live' } });
		const agent = await setUpAgentAndMcp(home, work);
		// Every example as shipped, for the editor to run as a user of the playground would.
		for (const [key, file] of Object.entries(EXAMPLE_FILES)) await importWorkflow(home, work, { ...readExample(file), id: exampleWorkflowId(key) });
		await importWorkflow(home, work, planEditorWorkflow());
		const n8n = await startN8n(home);
		try {
			console.log("\nThe credentials' Test button, through n8n's own REST API");
			await setUpOwner(n8n.url, E2E_LOGIN);
			const cookie = await signIn(n8n.url, E2E_LOGIN);
			for (const credential of e2eCredentials(fake.url)) {
				const result = await testCredentialInN8n(n8n.url, cookie, credential);
				check(`${credential.name}: ${result.message}`, result.status === 'OK', JSON.stringify(result));
			}
			const [writeKey, accessToken, publicApi] = e2eCredentials(fake.url);
			const spaced = await testCredentialInN8n(n8n.url, cookie, { ...writeKey, data: { ...writeKey.data, writeKey: 'pasted write key' } });
			// n8n 1.x answers Segment's 400 in its own words ("Bad request"), without the credential's rule.
			check(`Segment Write Key with spaces: ${spaced.message}`, spaced.status === 'Error' && (N8N_MAJOR < 2 || spaced.message.startsWith('This cannot be a write key')));
			const wrongToken = await testCredentialInN8n(n8n.url, cookie, { ...publicApi, data: { ...publicApi.data, token: 'revoked-token' } });
			// n8n 1.x answers a refused test request in its own words, without the credential's.
			check(`Segment Public API with a wrong token: ${wrongToken.message}`, wrongToken.status === 'Error' && (N8N_MAJOR < 2 || wrongToken.message.startsWith('Segment refused the token')));
			const wrongSpace = await testCredentialInN8n(n8n.url, cookie, { ...accessToken, data: { ...accessToken.data, spaceId: 'spa_other' } });
			check(`Segment Access Token in another space: ${wrongSpace.message}`, wrongSpace.status === 'Error' && wrongSpace.message.includes('check the space ID'));

			await checkWebhookTrigger(fake, n8n.url, cookie, hookExample);
			await checkAudienceChanges(fake, n8n.url, churnExample);

			console.log('\nThe Segment Workspace Trigger raises one alarm when a destination starts failing');
			fake.workspace.observability.failures.set('dst_001', { discardReason: 'integrations.http_5xx' });
			await postTracks(fake.url, Array.from({ length: 8 }, (_, n) => ({ type: 'track', userId: `user-alarm-${n}`, event: 'Order Completed' })));
			// Its windows end on a minute at least Segment's minute of lag behind: the alarm comes two to three minutes on.
			const alarmed = await waitFor(async () => (await executionsOf(n8n.url, cookie, 'e2eDstFailing')).length > 0, 240_000, 5_000);
			check('n8n started the alert workflow once dst_001 failed 8 deliveries', alarmed);
			await postTracks(fake.url, Array.from({ length: 8 }, (_, n) => ({ type: 'track', userId: `user-alarm-more-${n}`, event: 'Order Completed' })));
			// A minute and more: at least one further poll while the failures go on.
			await new Promise((resolve) => setTimeout(resolve, 75_000));
			const alarms = await executionsOf(n8n.url, cookie, 'e2eDstFailing');
			check('…exactly once while the episode lasts', alarms.length === 1 && alarms[0].status === 'success', JSON.stringify(alarms));
			fake.workspace.observability.failures.clear();

			console.log('\nThe Segment Profile Trigger polls in the running n8n');
			const seen = await waitFor(() =>
				fake.requests.some((request) => request.path.includes('/profiles/user_id:user-1001/traits')),
				150_000,
			);
			const polled = fake.requests.find((request) => request.path.includes('/profiles/user_id:user-1001/events'));
			check('the trigger polled the profile\'s events, oldest first, for Order Completed', Boolean(polled && /sort=asc/.test(polled.path) && decodeURIComponent(polled.path).includes('include=Order Completed')), polled?.path);
			check('its item started the workflow: Get Customer Traits looked up the user from the event', seen);

			await checkAiAgent(fake, n8n.url, agent);
			await checkMcpServer(fake, n8n.url);

			console.log("\nIn n8n's editor (headless Chromium): the nodes panel, every operation's panel, every example run as shipped");
			const editor = await openEditor(n8n.url, E2E_LOGIN);
			try {
				await checkActionNodes(editor, n8n.url, [
					{ entry: 'Segment', description: /Send events to Segment/, firstAction: 'Track an event', credential: 'Segment Write Key' },
					{ entry: 'Segment Profile', description: /Profile API/, firstAction: 'Get the traits of a profile', credential: 'Segment Access Token' },
					{ entry: 'Segment Workspace', description: /Public API/, firstAction: 'Get many sources', credential: 'Segment Public API' },
				]);
				// The playground's data, on a workspace as it was at the start.
				fake.workspace.seed();
				await seedPlaygroundData(fake, String(home.env.WEBHOOK_URL));
				await checkPlanInEditor(editor, n8n.url);
				const examples = Object.entries(EXAMPLE_FILES).map(([key, file]) => ({ id: exampleWorkflowId(key), name: readExample(file).name }));
				await checkExamplesAsShipped(editor, n8n.url, examples, async (id) => await executionsOf(n8n.url, cookie, id));
			} finally {
				await editor.browser.close();
			}
		} finally {
			await n8n.stop();
			await agent.model.stop();
		}
	} finally {
		await fake.stop();
		removeFolder(work);
		removeFolder(home.userFolder);
	}
	console.log(`\ne2e: ${checks.passed} passed, ${checks.failed} failed`);
	if (checks.failed > 0) process.exitCode = 1;
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
