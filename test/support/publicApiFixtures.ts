import { NO_ACCESS_TOKEN, PUBLIC_API_TOKEN, publicApiCredentials, READ_ONLY_TOKEN } from './credentials';
import type { RunResult } from './engine';
import { runNode } from './engine';
import { FakeSegment } from './fakeSegment';
import type { RecordedRequest } from './fakeSegment';

export function fakeWithWorkspace(): FakeSegment {
	return new FakeSegment({ publicApiTokens: { [PUBLIC_API_TOKEN]: 'owner', [READ_ONLY_TOKEN]: 'readOnly', [NO_ACCESS_TOKEN]: 'noAccess' } });
}

export interface WorkspaceRun {
	resource: string;
	operation: string;
	parameters?: Record<string, unknown>;
	items?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	token?: string;
}

/** Runs one Segment node operation on the workspace of the fake, through n8n's engine. */
export async function runOnWorkspace(fake: FakeSegment, run: WorkspaceRun): Promise<RunResult> {
	return await runNode({
		parameters: { resource: run.resource, operation: run.operation, ...run.parameters },
		items: run.items ?? [{}],
		credentials: publicApiCredentials(fake.url, run.token),
		continueOnFail: run.continueOnFail,
	});
}

/** A picked resource, as n8n stores a resource locator's value. */
export const picked = (value: string, mode: 'list' | 'id' = 'list') => ({ __rl: true, mode, value });

/** The Public API requests the fake received: method, path and query. */
export function publicApiCalls(fake: FakeSegment): RecordedRequest[] {
	return fake.requests.filter((request) => !request.path.startsWith('/v1/'));
}

export function queryOf(request: RecordedRequest): URLSearchParams {
	return new URL(request.path, 'http://fake').searchParams;
}
