import type { INodeProperties } from 'n8n-workflow';

/** Update Fields of a source or destination: on or off, and its name. */
export function enabledAndNameFields(resource: string, noun: string, offEffect: string): INodeProperties {
	return {
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: [resource], operation: ['update'] } },
		options: [
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: `Whether the ${noun} is on. Turned off, ${offEffect}.`,
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: `The new name of the ${noun}`,
			},
		],
	};
}
