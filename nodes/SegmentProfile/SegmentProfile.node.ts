import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as profile from './actions/profile';
import { router } from './actions/router';

/** Segment's Profile API with an access token: what Segment knows about a person or account. */
export class SegmentProfile implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment Profile',
		name: 'segmentProfile',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			"Look up what Segment knows about a person or account: traits, recent events, identifiers, links and Engage audiences (Profile API, needs Segment Unify)",
		defaults: { name: 'Segment Profile' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmentAccessTokenApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Profile',
						value: 'profile',
						description: 'Read what Segment knows about a person or account',
					},
				],
				default: 'profile',
			},
			...profile.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
