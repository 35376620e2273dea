import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

// Made up for the fake service, which accepts any key.
export const WRITE_KEY = ['fake', 'write', 'key'].join('-');

/** A write-key credential pointing at the fake service. */
export function writeKeyCredentials(baseUrl: string, writeKey = WRITE_KEY): Record<string, ICredentialDataDecryptedObject> {
	return { segmentWriteKeyApi: { writeKey, region: 'Custom', baseUrl } };
}

export const ACCESS_TOKEN = ['fake', 'profile', 'token'].join('-');
export const SPACE_ID = 'spa_fake1';

/** An access-token credential pointing at the fake service. */
export function accessTokenCredentials(baseUrl: string, accessToken = ACCESS_TOKEN, spaceId = SPACE_ID): Record<string, ICredentialDataDecryptedObject> {
	return { segmentAccessTokenApi: { accessToken, spaceId, region: 'Custom', baseUrl } };
}

export const PUBLIC_API_TOKEN = ['fake', 'public', 'api', 'token'].join('-');
export const READ_ONLY_TOKEN = ['fake', 'read', 'only', 'token'].join('-');
export const NO_ACCESS_TOKEN = ['fake', 'no', 'access', 'token'].join('-');

/** A Public API credential pointing at the fake service. */
export function publicApiCredentials(baseUrl: string, token = PUBLIC_API_TOKEN): Record<string, ICredentialDataDecryptedObject> {
	return { segmentPublicApi: { token, region: 'Custom', baseUrl } };
}
