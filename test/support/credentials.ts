import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

// Made up for the fake service, which accepts any key.
export const WRITE_KEY = ['fake', 'write', 'key'].join('-');

/** A write-key credential pointing at the fake service. */
export function writeKeyCredentials(baseUrl: string, writeKey = WRITE_KEY): Record<string, ICredentialDataDecryptedObject> {
	return { segmentWriteKeyApi: { writeKey, region: 'Custom', baseUrl } };
}
