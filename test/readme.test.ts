import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ACTION_NODE_TYPES, nodeTypes, resourcesOf } from './support/engine';

// The README is where workflow builders look an operation up: each one must be there.
describe('the README', () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const resources = ACTION_NODE_TYPES.flatMap((type) => {
		const properties = nodeTypes[type].description.properties;
		const field = properties.find((property) => property.name === 'resource')!;
		return ((field.options ?? []) as Array<{ name: string; value: string }>).map((resource) => [resource.name, resource.value, type]);
	});

	test('names every node', () => {
		for (const type of [...ACTION_NODE_TYPES, 'segmentProfileTrigger', 'segmentWebhookTrigger', 'segmentWorkspaceTrigger']) expect(readme).toContain(nodeTypes[type].description.displayName);
		expect(resources.length).toBe(ACTION_NODE_TYPES.reduce((sum, type) => sum + resourcesOf(type).length, 0));
	});

	test.each(resources)('lists every operation of %s', (name, value, type) => {
		const properties = nodeTypes[type].description.properties;
		expect(readme).toContain(name);
		const operations = properties.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(value));
		const missing = operations
			.flatMap((property) => (property.options ?? []) as Array<{ name: string; value: string }>)
			.filter((operation) => !readme.includes(`\`${operation.value}\``) && !readme.includes(`| ${operation.name} |`) && !readme.includes(`**${operation.name}**`));
		expect(missing.map((operation) => operation.name)).toEqual([]);
	});
});
