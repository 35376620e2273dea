import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

// Nothing at Segment answers for a shared secret, so the Segment Webhook Trigger tests it
// (testedBy): it checks the secret's form, and every signed delivery checks the rest.
export class SegmentWebhookSecretApi implements ICredentialType {
	name = 'segmentWebhookSecretApi';

	displayName = 'Segment Webhook Secret API';

	icon: Icon = { light: 'file:../nodes/Segment/segment.svg', dark: 'file:../nodes/Segment/segment.dark.svg' };

	documentationUrl = 'https://segment.com/docs/connections/destinations/catalog/actions-webhook/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Segment signs each delivery with this secret (the X-Signature header) when the same secret is set as Shared Secret in the settings of the Webhooks (Actions) destination. The Segment Webhook Trigger refuses deliveries whose signature does not match.',
			name: 'signatureNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Shared Secret',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A long random string, the same as the Shared Secret of the Webhooks (Actions) destination in Segment',
		},
		{
			displayName: 'Request Token',
			name: 'requestToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Needed when Segment sends batches (the trigger's Segment Sends Batches): Segment signs only a batch's first event, so every request must also carry Authorization: Bearer <this token>, set as a header of the Send mapping. A long random string of letters and digits.",
		},
	];
}
