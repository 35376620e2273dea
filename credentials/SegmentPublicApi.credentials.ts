import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SegmentPublicApi implements ICredentialType {
	name = 'segmentPublicApi';

	displayName = 'Segment Public API';

	icon: Icon = { light: 'file:../nodes/Segment/segment.svg', dark: 'file:../nodes/Segment/segment.dark.svg' };

	documentationUrl = 'https://segment.com/docs/api/public-api/';

	properties: INodeProperties[] = [
		{
			displayName:
				'A Workspace Owner creates the token in Segment under Settings → Workspace settings → Access Management → Tokens (Team and Business plans). Give it the Workspace Owner role, or roles that cover what the workflow does: privacy requests need access to the whole workspace.',
			name: 'publicApiNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Public API token of the workspace; Segment shows it only once, when it is created',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'United States (api.segmentapis.com)', value: 'US' },
				{ name: 'Europe (eu1.api.segmentapis.com)', value: 'EU' },
				{ name: 'Custom Base URL', value: 'Custom' },
			],
			default: 'US',
			description: 'The region of the workspace. A token works only in its own region.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://segment-api-proxy.example.com',
			required: true,
			displayOptions: { show: { region: ['Custom'] } },
			description: 'Where to send Public API requests instead of Segment, e.g. a proxy or a local test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.token}}',
			},
		},
	};

	// The workspace the token belongs to: the cheapest read there is, and every token may make it.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "EU" ? "https://eu1.api.segmentapis.com" : $credentials.region === "Custom" ? $credentials.baseUrl.trim().replace(/\\/+$/, "") : "https://api.segmentapis.com"}}',
			url: '/',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Segment refused the token: check that it is copied whole, not revoked, and that the region is the workspace\'s own',
				},
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The token is valid but has no access to the workspace: check its roles in Segment' },
			},
		],
	};
}
