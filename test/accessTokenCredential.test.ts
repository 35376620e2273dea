import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { SegmentAccessTokenApi } from '../credentials/SegmentAccessTokenApi.credentials';
import { ACCESS_TOKEN, SPACE_ID } from './support/credentials';
import { testCredential } from './support/credentialTester';
import { nodeTypesRegistry } from './support/engine';
import { useFakeSegment } from './support/fixtures';
import { fakeWithProfiles } from './support/profileFixtures';

const server = useFakeSegment(fakeWithProfiles);
const credential = new SegmentAccessTokenApi();

function resolve(value: string, credentials: ICredentialDataDecryptedObject): string {
	const node: INode = { id: 'n', name: 'N', type: 'segmentProfile', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesRegistry });
	return String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, ''));
}

async function credentialTest(accessToken: string, spaceId: string, n8nLine: 1 | 2 = 2) {
	return await testCredential('segmentAccessTokenApi', { accessToken, spaceId, region: 'Custom', baseUrl: server.fake.url }, n8nLine);
}

describe('the access-token credential', () => {
	test('its test really proves the token and the space', async () => {
		expect(await credentialTest(ACCESS_TOKEN, SPACE_ID)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.fake.requests.at(-1)).toMatchObject({ status: 404, path: `/v1/spaces/${SPACE_ID}/collections/users/profiles/user_id:n8n-credential-test/metadata` });
		expect(await credentialTest('wrong', SPACE_ID)).toEqual({ status: 'Error', message: expect.stringContaining('refused the access token') });
		expect(await credentialTest(ACCESS_TOKEN, 'spa_other')).toEqual({ status: 'Error', message: expect.stringContaining('check the space ID') });
	});

	test("on n8n 1.x too, which lets every answer through: a wrong token or space is never a success", async () => {
		expect(await credentialTest(ACCESS_TOKEN, SPACE_ID, 1)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await credentialTest('wrong', SPACE_ID, 1)).toEqual({ status: 'Error', message: expect.stringContaining('refused the access token') });
		expect(await credentialTest(ACCESS_TOKEN, 'spa_other', 1)).toEqual({ status: 'Error', message: expect.stringContaining('check the space ID') });
	});

	test.each([
		['US', 'https://profiles.segment.com'],
		['EU', 'https://profiles.euw1.segment.com'],
	])('region %s tests against %s', (region, origin) => {
		expect(resolve(credential.test.request.baseURL as string, { region, accessToken: 'x', spaceId: 's' })).toBe(origin);
	});

	test('authenticates with HTTP Basic: the token as user name, an empty password', () => {
		expect(credential.authenticate.properties.auth).toEqual({ username: '={{$credentials.accessToken}}', password: '' });
	});
});
