import { createRequire } from 'node:module';

// n8n-core brings its own copies of n8n's container and logger: the node's `this.logger`
// comes from those, so they are the ones to reach.
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as typeof import('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common') as typeof import('@n8n/backend-common');
type Logger = InstanceType<typeof Logger>;

export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
}

/**
 * What nodes write to n8n's logger (`this.logger`) during each test, kept instead of
 * printed: n8n-core hands every node the Logger of its container, which is swapped for
 * one that writes here.
 */
export function captureLogs(): LogLine[] {
	const lines: LogLine[] = [];
	let original: Logger | undefined;
	beforeEach(() => {
		lines.length = 0;
		original = Container.get(Logger);
		const capture = (level: LogLine['level']) => (message: unknown) => void lines.push({ level, message: String(message) });
		const logger = { error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') } as Record<string, unknown>;
		logger.scoped = () => logger;
		Container.set(Logger, logger as unknown as Logger);
	});
	afterEach(() => {
		if (original) Container.set(Logger, original);
	});
	return lines;
}
