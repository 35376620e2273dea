/** The pass-or-fail lines that the end-to-end and queue-mode runs print, and their count. */

export const checks = { passed: 0, failed: 0 };

export function check(what: string, ok: boolean, detail = ''): void {
	if (ok) checks.passed++;
	else checks.failed++;
	console.log(`${ok ? '  ✓' : '  ✗'} ${what}${ok || !detail ? '' : `\n      ${detail}`}`);
}

/** Waits until `condition` holds, checking once a second (or every `intervalMs`). */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 1_000): Promise<boolean> {
	for (let waited = 0; waited < timeoutMs; waited += intervalMs) {
		if (await condition()) return true;
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
	return await condition();
}
