import type { INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { SegmentPublicApi } from '../credentials/SegmentPublicApi.credentials';
import { NO_ACCESS_TOKEN, PUBLIC_API_TOKEN, publicApiCredentials } from './support/credentials';
import { testCredential } from './support/credentialTester';
import { nodeTypesRegistry } from './support/engine';
import { useFakeSegment } from './support/fixtures';
import { fakeWithWorkspace, publicApiCalls } from './support/publicApiFixtures';

const server = useFakeSegment(fakeWithWorkspace);

const credentialTest = (token: string) => testCredential('segmentPublicApi', publicApiCredentials(server.fake.url, token).segmentPublicApi);

describe('the Public API credential', () => {
	test("its test reads the token's workspace with a Bearer token, as n8n's Test button runs it", async () => {
		expect(await credentialTest(PUBLIC_API_TOKEN)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [call] = publicApiCalls(server.fake);
		expect([call.method, call.path, call.status, call.headers.authorization]).toEqual(['GET', '/', 200, `Bearer ${PUBLIC_API_TOKEN}`]);
	});

	test('a wrong token and a token without access are told apart, in plain words', async () => {
		expect(await credentialTest('revoked')).toEqual({
			status: 'Error',
			message: "Segment refused the token: check that it is copied whole, not revoked, and that the region is the workspace's own",
		});
		expect(await credentialTest(NO_ACCESS_TOKEN)).toEqual({
			status: 'Error',
			message: 'The token is valid but has no access to the workspace: check its roles in Segment',
		});
	});

	test.each([
		['US', '', 'https://api.segmentapis.com'],
		['EU', '', 'https://eu1.api.segmentapis.com'],
		['Custom', ' http://127.0.0.1:4318/ ', 'http://127.0.0.1:4318'],
	])('region %s (base URL "%s") tests against %s', (region, baseUrl, origin) => {
		const node: INode = { id: 'n', name: 'N', type: 'segmentWorkspace', typeVersion: 1, position: [0, 0], parameters: {} };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesRegistry });
		const credentials = { token: 't', region, baseUrl };
		const resolved = workflow.expression.getSimpleParameterValue(node, new SegmentPublicApi().test.request.baseURL as string, 'internal', { $credentials: credentials }, undefined, '');
		expect(resolved).toBe(origin);
	});
});
