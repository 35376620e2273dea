import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { request } from 'undici';

import { SegmentWriteKeyApi } from '../credentials/SegmentWriteKeyApi.credentials';
import { WRITE_KEY } from './support/credentials';
import { nodeTypesRegistry, TestCredentialsHelper } from './support/engine';
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

	test('authenticates with HTTP Basic: the write key as user name, an empty password', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { auth: { username: '={{$credentials.writeKey}}', password: '' } },
		});
		const writeKey = credential.properties.find((property) => property.name === 'writeKey');
		expect(writeKey?.typeOptions?.password).toBe(true);
	});
});
