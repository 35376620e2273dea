/**
 * n8n's own verification scanner (@n8n/scan-community-package), run here as n8n runs it
 * on a published package: on the sources (package.json, nodes/, credentials/) with the
 * full rule set, and on the packed tarball (its compiled .js and published package.json).
 * Any finding fails `npm run lint`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const scannerFile = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
// The scanner makes a temporary folder when loaded; have it removed when this ends.
createRequire(scannerFile)('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scannerFile);

function report(label, result) {
	if (result.passed) {
		console.log(`✓ n8n's scanner: ${label} ${result.message ? `(${result.message})` : 'clean'}`);
		return true;
	}
	console.error(`✗ n8n's scanner: ${label}: ${result.message}`);
	if (result.details) console.error(result.details);
	return false;
}

const work = mkdtempSync(join(tmpdir(), 'n8n-segment-scan-'));
let clean = false;
try {
	const sources = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	execFileSync('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const compiled = readdirSync(join(unpacked, 'dist'), { recursive: true }).filter((file) => String(file).endsWith('.js'));
	if (compiled.length === 0) throw new Error('The packed tarball holds no compiled .js: run npm run build first');
	const packed = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	clean = [report('sources (package.json, nodes/, credentials/)', sources), report(`packed tarball (${compiled.length} compiled files)`, packed)].every(Boolean);
} finally {
	rmSync(work, { recursive: true, force: true });
}
if (!clean) process.exitCode = 1;
