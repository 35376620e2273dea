import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const TRACKING_API_ORIGINS = {
	US: 'https://api.segment.io',
	EU: 'https://events.eu1.segmentapis.com',
} as const;

export const PROFILE_API_ORIGINS = {
	US: 'https://profiles.segment.com',
	EU: 'https://profiles.euw1.segment.com',
} as const;

/**
 * The origin requests go to. A custom base URL may be given with or without a trailing
 * `/v1` or slash: the node adds the API's own paths.
 */
export function apiOrigin(
	credentials: ICredentialDataDecryptedObject,
	origins: { US: string; EU: string },
): string {
	if (credentials.region === 'Custom') {
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/\/+$/, '')
			.replace(/\/v1$/, '');
	}
	return credentials.region === 'EU' ? origins.EU : origins.US;
}

export const PUBLIC_API_ORIGINS = {
	US: 'https://api.segmentapis.com',
	EU: 'https://eu1.api.segmentapis.com',
} as const;
