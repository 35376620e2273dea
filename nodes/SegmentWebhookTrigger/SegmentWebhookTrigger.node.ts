import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchAudiences, searchSources, searchSpaces, searchWebhooksDestinations } from '../shared/publicApi/listSearch';
import { audiencePicker, resourcePicker, sourcePicker, spacePicker } from '../shared/publicApi/resourcePickers';
import { automaticSetup } from './automaticSetup';
import { receiveDelivery } from './receiveDelivery';
import { segmentWebhookSecretTest } from './webhookSecret';

export class SegmentWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment Webhook Trigger',
		name: 'segmentWebhookTrigger',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as 1 does. For every request to a trigger of version 1, n8n
		// evaluates an expression (a legacy of its own Webhook node's binary option), which in
		// n8n 2.x can start an expression isolate per delivery: measured, half the deliveries
		// a second (npm run bench:webhook).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{($parameter["mode"] === "audienceChanges" ? "Audience changes, " : "") + ($parameter["setUp"] === "automatic" ? "set up through the Public API" : "set up by hand")}}',
		description:
			"Starts the workflow for every event of a Segment source, or each time a person enters or leaves an Engage audience, within seconds, as Segment's Webhooks destination sends it. Without a Segment Webhook Secret API credential, anyone who knows the workflow's URL can start it.",
		defaults: { name: 'Segment Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'segmentWebhookSecretApi', required: false, testedBy: 'segmentWebhookSecretTest' },
			{ name: 'segmentPublicApi', required: true, displayOptions: { show: { setUp: ['automatic'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Listen For',
				name: 'mode',
				type: 'options',
				options: [
					{ name: 'Every Event', value: 'events', description: 'One item per event of the source, as Segment sends it' },
					{
						name: 'Audience Changes',
						value: 'audienceChanges',
						description: 'One item each time a person enters or leaves an Engage audience: {audienceKey, entered, userId, email …}',
					},
				],
				default: 'events',
			},
			{
				displayName: 'Set Up',
				name: 'setUp',
				type: 'options',
				options: [
					{
						name: 'By Hand in Segment',
						value: 'manual',
						description: "Add a Webhooks (Actions) destination to the source in Segment and give it this node's URL",
					},
					{
						name: 'Automatically, Through the Public API',
						value: 'automatic',
						description: 'Activating the workflow adds a Webhooks destination to the source; deactivating it removes that destination',
					},
				],
				default: 'manual',
			},
			{
				displayName:
					"In Segment, add a Webhooks (Actions) destination to the source, with a Send mapping to this node's Production URL (Webhook URLs above → Production URL), method POST, Data left as the whole event, and the credential's secret as its Shared Secret. Step by step: the package's README.",
				name: 'manualSetUpNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setUp: ['manual'] } },
			},
			{
				displayName:
					"Then in Engage: the audience → Add Destination → this Webhooks destination, sending Identify or Track calls",
				name: 'manualAudienceNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setUp: ['manual'], mode: ['audienceChanges'] } },
			},
			{
				displayName:
					"In the Send mapping: turn Enable Batching on, and add the header Authorization: Bearer followed by the credential's Request Token",
				name: 'manualBatchesNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setUp: ['manual'], acceptBatches: [true] } },
			},
			{
				displayName:
					"Needs a Segment Public API credential (above): without one, activating the workflow fails and nothing is set up in Segment. Segment must reach this n8n's Production URL, and the workspace needs destination subscriptions (alpha).",
				name: 'automaticSetUpNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setUp: ['automatic'] } },
			},
			{
				...sourcePicker,
				description: 'The source whose events start the workflow: activating adds a Webhooks (Actions) destination to it',
				displayOptions: { show: { setUp: ['automatic'], mode: ['events'] } },
			},
			{
				displayName:
					"First add a Webhooks (Actions) destination to the Engage space in Segment's app (Engage → Engage settings → Destinations → Add destination): Segment's API cannot, and connects audiences only to destinations added there",
				name: 'engageDestinationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { setUp: ['automatic'], mode: ['audienceChanges'] } },
			},
			{
				...resourcePicker({
					displayName: 'Engage Destination',
					name: 'engageDestinationId',
					searchListMethod: 'searchWebhooksDestinations',
					idPlaceholder: 'fP7qoQw2HTWt9WdMr718gn',
					description: "The Webhooks (Actions) destination added to the Engage space: activating gives it this node's secret and a mapping to this workflow, then connects the audience to it",
				}),
				displayOptions: { show: { setUp: ['automatic'], mode: ['audienceChanges'] } },
			},
			{ ...spacePicker, displayOptions: { show: { setUp: ['automatic'], mode: ['audienceChanges'] } } },
			{
				...audiencePicker,
				description: 'The audience to connect to the Webhooks destination: Engage sends it each person who enters or leaves',
				displayOptions: { show: { setUp: ['automatic'], mode: ['audienceChanges'] } },
			},
			{
				displayName: 'Audience Keys',
				name: 'audienceKeys',
				type: 'string',
				default: '',
				placeholder: 'churn_risk, vip_customers',
				displayOptions: { show: { mode: ['audienceChanges'] } },
				description:
					"Only changes of these audiences (or journey steps), by key, separated by commas; all when empty. Read as Segment reads them: the true/false under the key in the call Engage marked (context.personas).",
			},
			{
				displayName: 'One Execution per Change',
				name: 'oneExecutionPerChange',
				type: 'boolean',
				default: true,
				displayOptions: { show: { mode: ['audienceChanges'] } },
				description:
					'Whether a change Engage sends again (one call per email or other ID of the person, and again when the profile gains an ID) is dropped, so that one person entering one audience starts one execution',
			},
			{
				displayName: 'Segment Sends Batches',
				name: 'acceptBatches',
				type: 'boolean',
				default: false,
				description:
					"Whether Segment's Webhooks destination batches events: one execution per batch instead of one per event, for busy sources. Segment signs only a batch's first event, so batches are taken only when every request also carries the credential's Request Token (Authorization: Bearer …). Off, a batch is refused.",
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 4000 },
				default: 100,
				displayOptions: { show: { setUp: ['automatic'], acceptBatches: [true] } },
				description:
					"At most how many events Segment puts in one request (Segment allows 4,000). Keep batches under n8n's payload limit (N8N_PAYLOAD_SIZE_MAX, 16 MB by default).",
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: [
					{ name: 'Alias', value: 'alias' },
					{ name: 'Group', value: 'group' },
					{ name: 'Identify', value: 'identify' },
					{ name: 'Page', value: 'page' },
					{ name: 'Screen', value: 'screen' },
					{ name: 'Track', value: 'track' },
				],
				default: [],
				displayOptions: { show: { mode: ['events'] } },
				description: 'Only events of these types start the workflow; all when none is chosen',
			},
			{
				displayName: 'Include Events',
				name: 'includeEvents',
				type: 'string',
				default: '',
				placeholder: 'Signed Up, Order Completed',
				displayOptions: { show: { mode: ['events'] } },
				description:
					'Only track events with these names, separated by commas; all when empty. Other message types are not affected. Set up automatically, Segment sends only these.',
			},
			{
				displayName: 'Exclude Events',
				name: 'excludeEvents',
				type: 'string',
				default: '',
				placeholder: 'Page Scrolled',
				displayOptions: { show: { mode: ['events'] } },
				description: 'Leave out track events with these names, separated by commas',
			},
		],
	};

	methods = {
		listSearch: { searchSources, searchSpaces, searchAudiences, searchWebhooksDestinations },
		credentialTest: { segmentWebhookSecretTest },
	};

	webhookMethods = { default: automaticSetup };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
