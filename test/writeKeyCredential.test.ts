import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { request } from 'undici';

import { SegmentWriteKeyApi } from '../credentials/SegmentWriteKeyApi.credentials';
import { WRITE_KEY } from './support/credentials';
import { testCredential } from './support/credentialTester';
import { nodeTypesRegistry, runNode, TestCredentialsHelper } from './support/engine';
import { useFakeSegment } from './support/fixtures';

const server = useFakeSegment();
const credential = new SegmentWriteKeyApi();

// The credential's own expressions, resolved by n8n's expression engine as the server does.
function resolve(value: string, credentials: ICredentialDataDecryptedObject): unknown {
	const node: INode = { id: 'n', name: 'N', type: 'segment', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypesRegistry });
	return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
}

describe('the write-key credential', () => {
	test.each([
		[{ region: 'US' }, 'https://api.segment.io'],
		[{ region: 'EU' }, 'https://events.eu1.segmentapis.com'],
		[{ region: 'Custom', baseUrl: 'https://proxy.example.com/v1/ ' }, 'https://proxy.example.com'],
		[{ region: 'Custom', baseUrl: 'https://proxy.example.com/' }, 'https://proxy.example.com'],
	])('its test request for %j goes to %s', (credentials, expected) => {
		expect(resolve(credential.test.request.baseURL as string, { writeKey: WRITE_KEY, ...credentials })).toBe(expected);
	});

	test('its test request is accepted with a key and refused without one', async () => {
		const { url, method, body } = credential.test.request;
		const call = async (writeKey: string) => {
			const data = { writeKey, region: 'Custom', baseUrl: server.fake.url };
			const helper = new TestCredentialsHelper({});
			const options = await helper.authenticate(data, 'segmentWriteKeyApi', { url: url!, method, body }, undefined, undefined);
			// Without a workflow the helper leaves expressions as they are: resolve them here.
			const user = resolve(options.auth!.username, data) as string;
			const response = await request(`${resolve(credential.test.request.baseURL as string, data)}${url}`, {
				method: method as 'POST',
				body: JSON.stringify(body),
				headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${user}:`).toString('base64')}` },
			});
			await response.body.dump();
			return response.statusCode;
		};
		expect(await call(WRITE_KEY)).toBe(200);
		expect(await call('')).toBe(400);
	});

	test('authenticates with HTTP Basic: the write key as user name, an empty password (empty for what cannot be a key)', () => {
		const auth = (credential.authenticate as { properties: { auth: { username: string; password: string } } }).properties.auth;
		expect(auth.password).toBe('');
		expect(resolve(auth.username, { writeKey: WRITE_KEY })).toBe(WRITE_KEY);
		expect(resolve(auth.username, { writeKey: 'key with spaces' })).toBe('');
	});

	test.each([
		['a key with spaces', 'pasted key with spaces'],
		['a key with a space at its end', `${WRITE_KEY} `],
		['a key in quotes', `"${WRITE_KEY}"`],
		['an empty key', ''],
	])("n8n's Test button: %s fails, with what a write key looks like", async (_, writeKey) => {
		const result = await testCredential('segmentWriteKeyApi', { writeKey, region: 'Custom', baseUrl: server.fake.url });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^This cannot be a write key: it is empty, or has spaces or characters a write key never has/) });
	});

	test("n8n's Test button: a key of the right form passes, as far as Segment can tell", async () => {
		expect(await testCredential('segmentWriteKeyApi', { writeKey: WRITE_KEY, region: 'Custom', baseUrl: server.fake.url })).toEqual({ status: 'OK', message: 'Connection successful!' });
		// The notice still says what no test can know.
		expect(credential.properties[0].displayName).toMatch(/^Segment does not check write keys/);
	});

	test('the Segment node refuses a malformed key before sending anything', async () => {
		const { error } = await runNode({ parameters: { operation: 'track', userId: 'u1', event: 'E' }, items: [{}], credentials: { segmentWriteKeyApi: { writeKey: `${WRITE_KEY} x`, region: 'Custom', baseUrl: server.fake.url } } });
		expect(error?.message).toMatch(/write key has spaces or line breaks in it/);
		expect(server.fake.requests).toEqual([]);
	});
});
