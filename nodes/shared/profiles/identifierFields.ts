import type { INodeProperties } from 'n8n-workflow';

/** How a profile is named, shared by the Segment Profile node's look-ups and the Segment Profile Trigger. */
export const identifierTypeOptions: INodeProperties['options'] = [
	{ name: 'User ID', value: 'user_id' },
	{ name: 'Anonymous ID', value: 'anonymous_id' },
	{ name: 'Email', value: 'email' },
	{ name: 'Custom', value: 'custom' },
];

export const customIdentifierTypeField: Omit<INodeProperties, 'displayOptions'> = {
	displayName: 'Custom Identifier Type',
	name: 'customIdentifierType',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'phone',
	description: 'An identifier type configured in your Unify space, e.g. phone',
};
