import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { WRITE_KEY_FORM_SOURCE } from '../nodes/shared/writeKeyForm';

export class SegmentWriteKeyApi implements ICredentialType {
	name = 'segmentWriteKeyApi';

	displayName = 'Segment Write Key API';

	icon: Icon = { light: 'file:../nodes/Segment/segment.svg', dark: 'file:../nodes/Segment/segment.dark.svg' };

	documentationUrl = 'https://segment.com/docs/connections/find-writekey/';

	properties: INodeProperties[] = [
		{
			displayName:
				"Segment does not check write keys: it accepts events sent with a wrong key, or to the wrong region, and drops them. The test can only refuse what cannot be a key; after a first run, check the source's Debugger in Segment.",
			name: 'writeKeyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Write Key',
			name: 'writeKey',
			type: 'string',
			default: '',
			required: true,
			description:
				"The write key of the Segment source the events belong to: in Segment, Connections → Sources → your HTTP API or Node.js source → Settings → API Keys",
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'United States (api.segment.io)', value: 'US' },
				{ name: 'Europe (events.eu1.segmentapis.com)', value: 'EU' },
				{ name: 'Custom Base URL', value: 'Custom' },
			],
			default: 'US',
			description:
				"The region of the workspace the source is in. A write key works only in its own region: sent to the other one, events are lost without an error.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://segment-proxy.example.com',
			required: true,
			displayOptions: { show: { region: ['Custom'] } },
			description:
				'Where to send events instead of Segment: a proxy, a Segment-compatible collector or a local test server. The node appends /v1/batch.',
		},
	];

	// A key that cannot be a write key (a space, a quote) goes out empty, which Segment
	// refuses with a 400: the credential test then fails with the rule below instead of
	// "Connection successful!". The node itself refuses such a key before sending anything.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: `={{ /${WRITE_KEY_FORM_SOURCE}/.test($credentials.writeKey) ? $credentials.writeKey : "" }}`,
				password: '',
			},
		},
	};

	// Segment accepts any write key with a 200 and drops the events of a wrong one, so no
	// test can prove a key right. An empty batch checks what can be checked: the address
	// answers as Segment does and takes the key's form.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "EU" ? "https://events.eu1.segmentapis.com" : $credentials.region === "Custom" ? $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/, "") : "https://api.segment.io"}}',
			url: '/v1/batch',
			method: 'POST',
			body: { batch: [] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message: 'This cannot be a write key: it is empty, or has spaces or characters a write key never has (letters and digits, as Segment shows it). Segment refused it.',
				},
			},
		],
	};
}
