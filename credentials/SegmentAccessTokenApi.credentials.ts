import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SegmentAccessTokenApi implements ICredentialType {
	name = 'segmentAccessTokenApi';

	displayName = 'Segment Access Token API';

	icon: Icon = { light: 'file:../nodes/Segment/segment.svg', dark: 'file:../nodes/Segment/segment.dark.svg' };

	documentationUrl = 'https://segment.com/docs/unify/profile-api/';

	properties: INodeProperties[] = [
		{
			displayName:
				'The Profile API is part of Segment Unify. Create the token in Segment under Unify → Unify settings → API access, and copy the space ID shown there.',
			name: 'profileApiNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Profile API access token of the Unify space',
		},
		{
			displayName: 'Space ID',
			name: 'spaceId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'spa_9aQ1Lj62S4bomZKLF4DPqW',
			description: 'The ID of the Unify space whose profiles to read',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'United States (profiles.segment.com)', value: 'US' },
				{ name: 'Europe (profiles.euw1.segment.com)', value: 'EU' },
				{ name: 'Custom Base URL', value: 'Custom' },
			],
			default: 'US',
			description: 'The region of the workspace the space is in',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://profiles-proxy.example.com',
			required: true,
			displayOptions: { show: { region: ['Custom'] } },
			description: 'Where to send Profile API requests instead of Segment, e.g. a proxy or a local test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.accessToken}}',
				password: '',
			},
		},
	};

	// A made-up profile proves the token and the space: Segment answers 404 not_found when
	// both are right, 401 or 403 when not.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.region === "EU" ? "https://profiles.euw1.segment.com" : $credentials.region === "Custom" ? $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/, "") : "https://profiles.segment.com"}}',
			url: '={{"/v1/spaces/" + encodeURIComponent($credentials.spaceId.trim()) + "/collections/users/profiles/user_id:n8n-credential-test/metadata"}}',
			method: 'GET',
			ignoreHttpStatusErrors: { ignore: true, except: [400, 401, 403, 429, 500, 502, 503, 504] },
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Segment refused the access token: check that it is a Profile API token and copied whole' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The access token is valid but has no access to this space: check the space ID and the region' },
			},
			{
				type: 'responseCode',
				properties: { value: 400, message: 'Segment refused the request: check the space ID' },
			},
			// n8n 1.x reads ignoreHttpStatusErrors as a plain switch and lets every answer
			// through: there the error in Segment's body says what went wrong.
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.code', value: 'authentication_error', message: 'Segment refused the access token: check that it is a Profile API token and copied whole' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.code', value: 'forbidden', message: 'The access token is valid but has no access to this space: check the space ID and the region' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.code', value: 'invalid_request_error', message: 'Segment refused the request: check the space ID' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'error.code', value: 'rate_limit_error', message: "Segment's Profile API is busy (rate limit): test again in a moment" },
			},
			// n8n's type takes one kind of rule per list; both n8n lines check each rule by its own type.
		] as unknown as ICredentialTestRequest['rules'],
	};
}
