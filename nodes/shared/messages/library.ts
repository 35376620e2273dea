/** What every message says sent it, in `context.library`; kept equal to package.json's version by a test. */
export const LIBRARY = { name: 'n8n-nodes-segment', version: '0.1.0' } as const;
