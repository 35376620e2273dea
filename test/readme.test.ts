import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { nodeTypes } from './support/engine';

// The README is where workflow builders look an operation up: each one must be there.
describe('the README', () => {
	const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
	const properties = nodeTypes.segment.description.properties;
	const resources = (properties.find((property) => property.name === 'resource')!.options ?? []) as Array<{ name: string; value: string }>;

	test.each(resources.map((resource) => [resource.name, resource.value]))('lists every operation of %s', (name, value) => {
		expect(readme).toContain(name);
		const operations = properties.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(value));
		const missing = operations
			.flatMap((property) => (property.options ?? []) as Array<{ name: string; value: string }>)
			.filter((operation) => !readme.includes(`\`${operation.value}\``) && !readme.includes(`| ${operation.name} |`) && !readme.includes(`**${operation.name}**`));
		expect(missing.map((operation) => operation.name)).toEqual([]);
	});
});
