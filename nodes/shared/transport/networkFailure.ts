/** A request that got no HTTP answer. */
export interface NetworkFailure {
	networkError: string | undefined;
	message: string;
}

/**
 * The network code of an error thrown by n8n's HTTP helper, and its message alone: the
 * error itself also carries the request, headers and credentials included, so it is never
 * passed on as it is.
 */
export function networkFailureOf(error: unknown): NetworkFailure {
	// n8n wraps the HTTP client's error; the network code sits on the original.
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
			return { networkError: code, message: (candidate as Error).message };
		}
	}
	return { networkError: undefined, message: error instanceof Error ? error.message : String(error) };
}
