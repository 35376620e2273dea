import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One n8n user folder for the whole run (n8n-core writes its encryption key there), removed by globalTeardown. */
export default function globalSetup(): void {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-segment-test-'));
	// n8n's logger writes every node's log line to the console; tests read them through captureLogs instead.
	process.env.N8N_LOG_LEVEL ??= 'silent';
}
