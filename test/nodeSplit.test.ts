import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import oldNode from './fixtures/segment-node-0.1.0.json';
import { ACTION_NODE_TYPES, nodeTypes, resourcesOf } from './support/engine';

// 0.1.0 had one Segment node for three APIs. Each of its operations now lives in the
// node of its API, with the parameters a saved workflow names unchanged.

type Property = Pick<INodeProperties, 'name' | 'type' | 'default' | 'displayOptions' | 'options'>;

/** Parameters that became pickers (from a list, or by ID): the value a workflow saved is still read. */
const NOW_RESOURCE_LOCATORS = new Set(['functionId', 'filterId', 'subscriptionId', 'syncId', 'regulateId', 'writeKey', 'sourceId']);

/** Parameters added since 0.1.0: a saved workflow lacks them and gets their default. */
const ADDED_SINCE_0_1_0 = new Set(['includeWriteKeys', 'trackingPlanId', 'onViolation', 'propertiesMode', 'plannedValues', 'dryRun']);

const conditionHolds = (values: unknown, value: string | boolean) => !Array.isArray(values) || values.includes(value);

function visibleFor(properties: Property[], resource: string, operation: string): Property[] {
	return properties.filter((property) => {
		if (property.type === 'notice' || ADDED_SINCE_0_1_0.has(property.name)) return false;
		const show = property.displayOptions?.show ?? {};
		// The node itself, not the tool n8n makes of it.
		if (!conditionHolds(show['@tool'], false)) return false;
		const hide = property.displayOptions?.hide ?? {};
		if (!conditionHolds(show.resource, resource) || !conditionHolds(show.operation, operation)) return false;
		if (Array.isArray(hide.resource) && hide.resource.includes(resource)) return false;
		if (Array.isArray(hide.operation) && hide.operation.includes(operation)) return false;
		// What a saved workflow of 0.1.0 shows: no tracking plan chosen.
		if (Array.isArray(hide.trackingPlanId) && hide.trackingPlanId.includes('')) return false;
		return true;
	});
}

/** What of a parameter a saved workflow depends on: its name, kind, default and the values it takes. */
function signature(property: Property): unknown {
	const resourceLocator = NOW_RESOURCE_LOCATORS.has(property.name) && (property.type === 'string' || property.type === 'resourceLocator');
	const type = resourceLocator ? 'id' : property.type;
	const fallback = resourceLocator && typeof property.default === 'object' && property.default !== null ? (property.default as { value?: unknown }).value ?? '' : property.default;
	const options = (property.options ?? []) as Array<Property & { value?: unknown; values?: Property[] }>;
	let values: unknown;
	if (property.type === 'options' || property.type === 'multiOptions') values = options.map((option) => option.value).sort();
	if (property.type === 'collection') values = options.filter((option) => !ADDED_SINCE_0_1_0.has(option.name)).map((option) => [option.name, signature(option)]).sort();
	if (property.type === 'fixedCollection') values = options.map((option) => [option.name, (option.values ?? []).map((value) => [value.name, signature(value)]).sort()]).sort();
	return { type, default: fallback, values };
}

const parametersOf = (properties: Property[], resource: string, operation: string) =>
	visibleFor(properties, resource, operation)
		.filter((property) => property.name !== 'resource' && property.name !== 'operation')
		.map((property) => JSON.stringify([property.name, signature(property)]))
		.sort();

function operationsOf(properties: Property[], resource: string): string[] {
	return properties
		.filter((property) => property.name === 'operation' && conditionHolds(property.displayOptions?.show?.resource, resource))
		.flatMap((property) => ((property.options ?? []) as Array<{ value: string }>).map((option) => option.value));
}

const oldProperties = oldNode.properties as unknown as Property[];
const oldResources = ((oldProperties.find((property) => property.name === 'resource')!.options ?? []) as Array<{ value: string }>).map((option) => option.value);
const oldPairs = oldResources.flatMap((resource) => operationsOf(oldProperties, resource).map((operation) => [resource, operation] as const));

describe('one node per Segment API', () => {
	test('the old node had 84 operations in 17 resources, and they all have a new home', () => {
		expect([oldResources.length, oldPairs.length]).toEqual([17, 84]);
	});

	test.each(oldPairs)('%s → %s is in exactly one node, with the same parameters', (resource, operation) => {
		const homes = ACTION_NODE_TYPES.filter((type) => resourcesOf(type).includes(resource) && operationsOf(nodeTypes[type].description.properties, resource).includes(operation));
		expect(homes).toHaveLength(1);
		const newProperties = nodeTypes[homes[0]].description.properties;
		expect(parametersOf(newProperties, resource, operation)).toEqual(parametersOf(oldProperties, resource, operation));
	});

	test('each node needs only the credential of its API, as the old node did for those resources', () => {
		for (const type of ACTION_NODE_TYPES) {
			const credentials = nodeTypes[type].description.credentials ?? [];
			// Shown whatever the parameters: the one credential n8n picks when the node is added.
			expect(credentials.filter((credential) => credential.required && !credential.displayOptions)).toHaveLength(1);
			const [credential] = credentials;
			const old = oldNode.credentials.find((entry) => entry.name === credential.name)!;
			expect(resourcesOf(type).sort()).toEqual([...old.resources].sort());
			expect(credential.displayOptions).toBeUndefined();
		}
	});

	test("the Segment node's Public API credential shows only once a tracking plan is chosen, on the calls a plan checks", () => {
		const [, planCredential] = nodeTypes.segment.description.credentials!;
		const shown = (parameters: Record<string, unknown>) => NodeHelpers.displayParameter(parameters as INodeParameters, planCredential, null, nodeTypes.segment.description);
		const plan = { __rl: true, mode: 'list', value: 'tp_1' };
		expect(planCredential.name).toBe('segmentPublicApi');
		expect(shown({ resource: 'tracking', operation: 'track', trackingPlanId: { __rl: true, mode: 'list', value: '' } })).toBe(false);
		expect(shown({ resource: 'tracking', operation: 'track', trackingPlanId: plan })).toBe(true);
		expect(shown({ resource: 'tracking', operation: 'batch', trackingPlanId: plan })).toBe(true);
		expect(shown({ resource: 'tracking', operation: 'alias' })).toBe(false);
	});

	test('the Segment node holds only the Tracking API: its seven calls, in the order n8n\'s scanner asks, and Track when the node is added', () => {
		expect(resourcesOf('segment')).toEqual(['tracking']);
		const operation = nodeTypes.segment.description.properties.find((property) => property.name === 'operation')!;
		expect(operation.default).toBe('track');
		const options = operation.options as Array<{ name: string; action: string }>;
		expect(options.map((option) => option.name)).toEqual(['Alias', 'Batch', 'Group', 'Identify', 'Page', 'Screen', 'Track']);
		expect(options.find((option) => option.name === 'Track')?.action).toMatch(/^Track an event /);
	});

	test('every action node is usable as an AI tool', () => {
		for (const type of ACTION_NODE_TYPES) expect([type, nodeTypes[type].description.usableAsTool]).toEqual([type, true]);
	});
});
