import { N8N_MAJOR } from './localN8n';

/** The few calls of n8n's own REST API that the playground and the end-to-end run make. */

export interface Login {
	email: string;
	password: string;
}

/** Creates the owner account of a fresh n8n; its REST routes come up a little after /healthz. */
export async function setUpOwner(n8nUrl: string, login: Login): Promise<number> {
	let status = 0;
	for (let attempt = 0; attempt < 90 && status !== 200; attempt++) {
		const response = await fetch(`${n8nUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ ...login, firstName: 'Play', lastName: 'Ground' }),
		});
		status = response.status;
		if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
	return status;
}

/** Signs in and returns the session cookie; a busy n8n may answer 404 until its routes are up. */
export async function signIn(n8nUrl: string, login: Login): Promise<string> {
	let status = 0;
	for (let attempt = 0; attempt < 60; attempt++) {
		const response = await fetch(`${n8nUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: login.email, password: login.password }),
		});
		if (response.ok) return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
		status = response.status;
		if (status !== 404) break;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
	throw new Error(`n8n's login answered ${status}`);
}

export interface CredentialToTest {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** What the editor's Test button answers for a credential. */
export async function testCredentialInN8n(n8nUrl: string, cookie: string, credentials: CredentialToTest): Promise<{ status: string; message: string }> {
	const response = await fetch(`${n8nUrl}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'n8n-nodes-segment-e2e' },
		body: JSON.stringify({ credentials }),
	});
	if (!response.ok) throw new Error(`n8n's credential test answered ${response.status}: ${await response.text()}`);
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

async function call(n8nUrl: string, cookie: string, method: string, path: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${n8nUrl}/rest${path}`, {
		method,
		headers: { 'content-type': 'application/json', cookie, 'browser-id': 'n8n-nodes-segment-e2e' },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`n8n answered ${response.status} to ${method} ${path}: ${text.slice(0, 500)}`);
	return (JSON.parse(text) as { data: unknown }).data;
}

/**
 * Activates (publishes) a workflow, as its toggle in the editor does: n8n runs the
 * trigger's webhook set-up. n8n 2.x has routes for it; 1.x saves the workflow active.
 */
export async function activateWorkflow(n8nUrl: string, cookie: string, id: string): Promise<void> {
	const workflow = (await call(n8nUrl, cookie, 'GET', `/workflows/${id}`)) as { versionId: string };
	if (N8N_MAJOR >= 2) await call(n8nUrl, cookie, 'POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
	else await call(n8nUrl, cookie, 'PATCH', `/workflows/${id}`, { active: true, versionId: workflow.versionId });
}

export async function deactivateWorkflow(n8nUrl: string, cookie: string, id: string): Promise<void> {
	if (N8N_MAJOR >= 2) {
		await call(n8nUrl, cookie, 'POST', `/workflows/${id}/deactivate`, {});
		return;
	}
	const workflow = (await call(n8nUrl, cookie, 'GET', `/workflows/${id}`)) as { versionId: string };
	await call(n8nUrl, cookie, 'PATCH', `/workflows/${id}`, { active: false, versionId: workflow.versionId });
}

/** Changes a credential, as saving it in the editor does; workflows using it see the change at once. */
export async function updateCredential(n8nUrl: string, cookie: string, credential: CredentialToTest): Promise<void> {
	await call(n8nUrl, cookie, 'PATCH', `/credentials/${credential.id}`, { name: credential.name, type: credential.type, data: credential.data });
}

/** The executions of a workflow that n8n has recorded. */
export interface ExecutionSummary {
	id: string;
	status: string;
	retryOf?: string | null;
}

export async function executionsOf(n8nUrl: string, cookie: string, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const data = (await call(n8nUrl, cookie, 'GET', `/executions?filter=${filter}&limit=100`)) as { results: ExecutionSummary[] };
	return data.results;
}

/** Retries a failed or crashed execution, as its Retry button does (with the workflow as it was). */
export async function retryExecution(n8nUrl: string, cookie: string, executionId: string): Promise<void> {
	await call(n8nUrl, cookie, 'POST', `/executions/${executionId}/retry`, { loadWorkflow: false });
}
