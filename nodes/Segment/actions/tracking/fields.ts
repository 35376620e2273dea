import type { INodeProperties } from 'n8n-workflow';

/** Descriptions that several tracking operations share, defined once. */

const IDENTIFIED_OPERATIONS = ['track', 'identify', 'page', 'screen', 'group'];

const showFor = (operations: string[]) => ({ show: { resource: ['tracking'], operation: operations } });

export const identityFields: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '',
		displayOptions: showFor(IDENTIFIED_OPERATIONS),
		description:
			'Your own ID for the user, e.g. from your database. Give a User ID, an Anonymous ID or both. Numbers are sent as text.',
	},
	{
		displayName: 'Anonymous ID',
		name: 'anonymousId',
		type: 'string',
		default: '',
		displayOptions: showFor(IDENTIFIED_OPERATIONS),
		description:
			'An ID for a visitor you do not know yet, e.g. a session or device ID. Give a User ID, an Anonymous ID or both.',
	},
];

export const propertiesField: INodeProperties = {
	displayName: 'Properties',
	name: 'properties',
	type: 'json',
	default: '{}',
	displayOptions: { ...showFor(['track', 'page', 'screen']), hide: { propertiesMode: ['fromPlan'] } },
	description: 'A JSON object of details about the event or view, e.g. {"plan": "pro", "revenue": 49.9}. An expression may give an object.',
};

export const traitsField: INodeProperties = {
	displayName: 'Traits',
	name: 'traits',
	type: 'json',
	default: '{}',
	displayOptions: { ...showFor(['identify', 'group']), hide: { propertiesMode: ['fromPlan'] } },
	description: 'A JSON object of what you know about the user or group, e.g. {"email": "ada@example.com", "plan": "pro"}. An expression may give an object.',
};

export const additionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	displayOptions: showFor(['track', 'identify', 'page', 'screen', 'group', 'alias', 'batch']),
	options: [
		{
			displayName: 'Category',
			name: 'category',
			type: 'string',
			default: '',
			displayOptions: { show: { '/operation': ['page', 'screen'] } },
			description: 'The category of the page or screen, e.g. Docs',
		},
		{
			displayName: 'Context',
			name: 'context',
			type: 'json',
			default: '{}',
			description:
				'Extra context as a JSON object, e.g. {"ip": "203.0.113.7", "locale": "en-GB"}. For a batch it goes into every message; what a message sets itself wins.',
		},
		{
			displayName: 'Integrations',
			name: 'integrations',
			type: 'json',
			default: '{}',
			description:
				'Which destinations receive the message, as a JSON object, e.g. {"All": false, "Mixpanel": true}. Destination names are case-sensitive. For a batch it applies to every message.',
		},
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			default: '',
			displayOptions: { hide: { '/operation': ['batch'] } },
			description:
				'A unique ID for this message, at most 100 characters. Segment drops a message whose ID it has seen in the last 24 hours. Left empty, the node makes one.',
		},
		{
			displayName: 'Timestamp',
			name: 'timestamp',
			type: 'string',
			default: '',
			placeholder: '2024-01-15T08:30:00.000Z',
			displayOptions: { hide: { '/operation': ['batch'] } },
			description:
				'When it happened, as an ISO-8601 date and time with a timezone (e.g. 2024-01-15T09:30:00+01:00) or a date from an expression. Left empty, the time the node runs. Set it for backfills.',
		},
	],
};

export const deliveryOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: ['tracking'] } },
	options: [
		{
			displayName: 'Compress Requests',
			name: 'compressRequests',
			type: 'boolean',
			default: false,
			description:
				"Whether to send each request gzip-compressed (Content-Encoding: gzip), as Segment's own libraries can: events compress 5 to 10 times over, so an uplink slower than about 1 Gbit/s carries them several times faster, for about a tenth more CPU. Segment's size limits still count the JSON before compression.",
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'options',
			options: [
				{ name: 'Never', value: 'never', description: 'Send every message' },
				{
					name: 'In the Editor',
					value: 'inEditor',
					description: "Runs started from n8n's editor send nothing; active workflows send",
				},
				{ name: 'Always', value: 'always', description: 'Send nothing, ever' },
			],
			default: 'never',
			description:
				"Whether to build and check each message (Segment's limits, the tracking plan) and return it exactly as it would have gone out, marked as not sent, instead of sending it. Test runs with real IDs count as monthly tracked users and reach every destination.",
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 20 },
			default: 5,
			description:
				'How many times a request is tried before its items fail. Every attempt sends the same message IDs, so a retry never duplicates an event.',
		},
		{
			displayName: 'Message ID From Content',
			name: 'messageIdFromContent',
			type: 'boolean',
			default: false,
			description:
				"Whether to derive each message's ID from its content instead of a random one, so that re-running a failed execution does not send events Segment already has twice. Use it only when each event has its own timestamp or a unique property: two identical events would count as one.",
		},
		{
			displayName: 'Messages per Request',
			name: 'maxBatchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 2500 },
			default: 2500,
			description:
				"The most messages sent in one request. Segment's limits are 2,500 messages and 500 KB a request; the node never goes past 2,500 messages or 475,000 bytes, a margin under Segment's 500 KB.",
		},
		{
			displayName: 'Parallel Requests',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 16 },
			default: 4,
			description: 'How many requests may be under way at once. Outputs keep the order of the input items.',
		},
		{
			displayName: 'Request Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: 600000 },
			default: 10000,
			description: 'How many milliseconds to wait for Segment to answer one request before trying again (100 to 600,000)',
		},
		{
			displayName: 'Retry Delay',
			name: 'retryDelay',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 60000 },
			default: 500,
			description:
				"How many milliseconds to wait before the first retry (0 to 60,000); each further retry waits about twice as long, at most a minute. A rate limit's Retry-After is honoured instead.",
		},
	],
};
