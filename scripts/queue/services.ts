/**
 * Redis and PostgreSQL for the queue-mode run: Debian's packages, installed when missing,
 * started by this script on loopback with their data in a temporary folder, and stopped
 * with it. Nothing outside the machine, no system service touched.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { aptInstall, isRoot, onPath } from '../n8n/debianPackages';

function step(text: string): void {
	console.log(`\n▶ ${text}`);
}

/** The bin folder of the newest PostgreSQL server Debian installed, if any. */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((version) => existsSync(join(root, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

export function ensureServerPackages(): void {
	const missing: string[] = [];
	if (!onPath('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return;
	step(`Installing ${missing.join(' and ')} from Debian's packages`);
	aptInstall(missing);
	if (!onPath('redis-server') || !postgresBinDir()) throw new Error(`${missing.join(' and ')} did not install`);
}

export interface Service {
	port: number;
	stop(): Promise<void>;
}

function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 60_000): Promise<void> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const attempt = () => {
			if (child.exitCode !== null) return reject(new Error(`${name} exited with ${child.exitCode}`));
			const socket = createConnection({ host: '127.0.0.1', port });
			socket.once('connect', () => {
				socket.destroy();
				resolve();
			});
			socket.once('error', () => {
				socket.destroy();
				if (Date.now() - started > timeoutMs) reject(new Error(`${name} did not listen on ${port}`));
				else setTimeout(attempt, 250);
			});
		};
		attempt();
	});
}

function stopper(child: ChildProcess, signal: NodeJS.Signals): () => Promise<void> {
	return () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill(signal);
		});
}

export async function startRedis(dir: string, port: number): Promise<Service> {
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	await waitForPort(port, child, 'redis-server');
	return { port, stop: stopper(child, 'SIGTERM') };
}

/**
 * A PostgreSQL cluster of its own in `dir`, with a database `n8n`. PostgreSQL refuses to
 * run as root, so as root it runs as Debian's `postgres` user.
 */
export async function startPostgres(dir: string, port: number): Promise<Service & { database: string; user: string }> {
	const bin = postgresBinDir()!;
	const dataDir = join(dir, 'pgdata');
	mkdirSync(dataDir, { recursive: true });
	const asPostgres = (command: string, args: string[]): [string, string[]] =>
		isRoot() ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', join(bin, command), ...args]] : [join(bin, command), args];
	if (isRoot()) {
		chmodSync(dir, 0o755);
		execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
	}
	const [initdb, initArgs] = asPostgres('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
	execFileSync(initdb, initArgs, { stdio: 'ignore' });
	const [postgres, args] = asPostgres('postgres', ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off']);
	const child = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'ignore'] });
	await waitForPort(port, child, 'postgres');
	const createDatabase = () => {
		try {
			execFileSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'CREATE DATABASE n8n'], { stdio: 'ignore' });
			return true;
		} catch {
			return false;
		}
	};
	// The server listens a moment before it takes connections.
	for (let attempt = 0; !createDatabase(); attempt++) {
		if (attempt > 40) throw new Error('PostgreSQL did not take connections within 10 s');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	// SIGINT: PostgreSQL's fast shutdown.
	return { port, database: 'n8n', user: 'postgres', stop: stopper(child, 'SIGINT') };
}
