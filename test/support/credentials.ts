import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const WRITE_KEY = 'test-write-key-1234567890abcdef';

/** A write-key credential pointing at the fake service. */
export function writeKeyCredentials(baseUrl: string, writeKey = WRITE_KEY): Record<string, ICredentialDataDecryptedObject> {
	return { segmentWriteKeyApi: { writeKey, region: 'Custom', baseUrl } };
}
