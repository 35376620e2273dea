import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as profile from './actions/profile';
import * as tracking from './actions/tracking';

export class Segment implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment',
		name: 'segment',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Send events, identities and page views to Segment, and look up what Segment knows about a person',
		defaults: { name: 'Segment' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'segmentWriteKeyApi',
				required: true,
				displayOptions: { show: { resource: ['tracking'] } },
			},
			{
				name: 'segmentAccessTokenApi',
				required: true,
				displayOptions: { show: { resource: ['profile'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Tracking',
						value: 'tracking',
						description: 'Send track, identify, page, screen, group, alias and batch calls',
					},
					{
						name: 'Profile',
						value: 'profile',
						description: "Read what Segment knows about a person or account (Profile API, needs Segment Unify)",
					},
				],
				default: 'tracking',
			},
			...tracking.description,
			...profile.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
