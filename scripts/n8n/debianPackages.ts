import { execFileSync } from 'node:child_process';

/** Debian's packages the end-to-end and queue runs need, installed when missing. */

export function onPath(command: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

export const isRoot = () => process.getuid?.() === 0;

/** apt-get install, as root or through sudo, updating the package lists once if they are stale. */
export function aptInstall(packages: string[]): void {
	const sudo = isRoot() ? [] : ['sudo'];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'install', '-y', '--no-install-recommends', ...packages], { env, stdio: 'inherit' });
	try {
		install();
	} catch {
		execFileSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'update'], { env, stdio: 'inherit' });
		install();
	}
}

/** Debian's Chromium, which playwright-core drives headless for the editor checks and the screenshots. */
export function ensureChromium(): string {
	const path = process.env.CHROMIUM ?? '/usr/bin/chromium';
	if (process.env.CHROMIUM || onPath('chromium')) return path;
	console.log("\n▶ Installing Chromium from Debian's packages, for the checks in n8n's editor");
	aptInstall(['chromium']);
	if (!onPath('chromium')) throw new Error('chromium did not install');
	return path;
}
