import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { nodeTypes } from './support/engine';

// Saved workflows name parameters by their internal names: every example must use names the nodes have.
const EXAMPLES = join(__dirname, '..', 'examples');

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.json'));

describe.each(files)('example %s', (file) => {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { nodes: ExampleNode[]; connections: Record<string, unknown> };

	test("the package's nodes use only parameters they have", () => {
		for (const node of workflow.nodes.filter((candidate) => candidate.type.startsWith('n8n-nodes-segment.'))) {
			const type = nodeTypes[node.type.replace('n8n-nodes-segment.', '')];
			expect([node.name, type !== undefined]).toEqual([node.name, true]);
			const known = new Set<string>((type.description.properties as INodeProperties[]).map((property) => property.name));
			// n8n adds Poll Times to every polling node.
			if (type.description.polling) known.add('pollTimes');
			const unknown = Object.keys(node.parameters).filter((name) => !known.has(name));
			expect([node.name, unknown]).toEqual([node.name, []]);
			// Each resource lives in one node: a saved resource another node holds would not run.
			const resource = (type.description.properties as INodeProperties[]).find((property) => property.name === 'resource');
			if (resource) {
				const values = ((resource.options ?? []) as Array<{ value: string }>).map((option) => option.value);
				expect([node.name, values.includes(String(node.parameters.resource ?? resource.default))]).toEqual([node.name, true]);
			}
		}
	});

	test('every connection joins nodes that exist', () => {
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of JSON.stringify(outputs).match(/"node":"[^"]+"/g) ?? []) expect(names.has(target.slice(8, -1))).toBe(true);
		}
	});
});
