import type { ICredentialsDecrypted, ICredentialTestFunctions, IHookFunctions, INodeCredentialTestResult, IWebhookFunctions } from 'n8n-workflow';

export const WEBHOOK_SECRET_CREDENTIAL = 'segmentWebhookSecretApi';

/** What the automatic setup keeps in the workflow's static data. */
export interface SetupState {
	destinationId?: string;
	webhookUrl?: string;
	/** Made at setup when no Segment Webhook Secret API credential is chosen. */
	generatedSecret?: string;
}

/** The secret of the node's Segment Webhook Secret API credential, when it has one. */
export async function credentialSecret(ctx: IWebhookFunctions | IHookFunctions): Promise<string | undefined> {
	if (!ctx.getNode().credentials?.[WEBHOOK_SECRET_CREDENTIAL]) return undefined;
	const credentials = await ctx.getCredentials(WEBHOOK_SECRET_CREDENTIAL);
	const secret = String(credentials.sharedSecret ?? '');
	return secret === '' ? undefined : secret;
}

/** The secret deliveries must be signed with: the credential's, or the one the automatic setup made. */
export async function signingSecret(ctx: IWebhookFunctions): Promise<string | undefined> {
	const fromCredential = await credentialSecret(ctx);
	if (fromCredential !== undefined) return fromCredential;
	if (ctx.getNodeParameter('setUp', 'manual') !== 'automatic') return undefined;
	return (ctx.getWorkflowStaticData('node') as SetupState).generatedSecret;
}

/** The credential's test: nothing at Segment can check a shared secret, so its form is checked. */
export async function segmentWebhookSecretTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.sharedSecret ?? '');
	if (secret === '') return { status: 'Error', message: 'The shared secret is empty' };
	if (secret.trim() !== secret) {
		return { status: 'Error', message: 'The shared secret starts or ends with a space: Segment signs with the secret exactly as it is set there' };
	}
	return { status: 'OK', message: 'The secret is set. Segment signs every delivery with it once it is the Shared Secret of the Webhooks destination.' };
}
