import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestRequest, INode, INodeType, IWorkflowBase } from 'n8n-workflow';
import { createEmptyRunExecutionData, Workflow } from 'n8n-workflow';

import { additionalData, credentialTypes, nodeTypesRegistry, registerNodeType } from './engine';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * What n8n's "Test" button does with a credential's `test` request, as n8n 2.41's
 * CredentialsTester.runRequestTest does it: the request runs through n8n-core's own
 * RoutingNode with the credential applied, and a failed answer is judged by the
 * credential's `responseCode` rules.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject, n8nLine: 1 | 2 = 2): Promise<CredentialTestResult> {
	const declared = credentialTypes[type].test as ICredentialTestRequest;
	// n8n 1.x reads ignoreHttpStatusErrors as a plain switch: a list of exceptions lets every answer through.
	const test: ICredentialTestRequest =
		n8nLine === 1 && declared.request.ignoreHttpStatusErrors ? { ...declared, request: { ...declared.request, ignoreHttpStatusErrors: true } } : declared;
	const testNodeType = `credentialTest-${type}`;
	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: testNodeType,
			group: ['input'],
			version: 1,
			description: 'Runs a credential test',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	registerNodeType(testNodeType, nodeType);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: testNodeType,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: type, name: type } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesRegistry });
	const workflowData = { id: 'credential-test', name: 'Credential test', nodes: [node], connections: {} } as unknown as IWorkflowBase;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData({ [type]: data }, workflowData, 'internal'),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await new RoutingNode(context, nodeType, { id: type, name: type, type, data }).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		const response = cause?.response;
		if (response) {
			const rule = test.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status);
			if (rule) return { status: 'Error', message: String(rule.properties.message) };
			if (response.status < 199 || response.status > 299) {
				return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	// An answer let through (ignoreHttpStatusErrors) is judged by the responseSuccessBody rules, as n8n does.
	const body = (response?.[0]?.[0]?.json ?? {}) as Record<string, unknown>;
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = String(rule.properties.key).split('.').reduce<unknown>((current, key) => (current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined), body);
		if (value === rule.properties.value) return { status: 'Error', message: String(rule.properties.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
