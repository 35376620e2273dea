import type { INodeProperties } from 'n8n-workflow';

import * as alias from './alias.operation';
import * as batch from './batch.operation';
import { additionalFields, deliveryOptions, identityFields, propertiesField, traitsField } from './fields';
import * as group from './group.operation';
import * as identify from './identify.operation';
import * as page from './page.operation';
import { planFields } from './plan/planFields';
import { plannedValueFields } from './plan/plannedValues';
import * as screen from './screen.operation';
import * as track from './track.operation';
import type { TrackingOperation } from './TrackingOperation';

export const trackingOperations: Record<string, TrackingOperation> = {
	track: track.track,
	identify: identify.identify,
	page: page.page,
	screen: screen.screen,
	group: group.group,
	alias: alias.alias,
	batch: batch.batch,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tracking'] } },
		options: [
			{
				name: 'Alias',
				value: 'alias',
				action: 'Merge two identities of a user by saying that a previous ID and a user ID are the same person',
				description: 'Tell Segment that a previous ID and a user ID are the same person',
			},
			{
				name: 'Batch',
				value: 'batch',
				action: 'Send many messages at once of any type such as a backfill or a sync',
				description: 'Send a list of messages of any type, e.g. a backfill or a sync',
			},
			{
				name: 'Group',
				value: 'group',
				action: 'Add a user to a group such as a company or account and record the traits of the group',
				description: 'Associate a user with a company, organisation or account, and record its traits',
			},
			{
				name: 'Identify',
				value: 'identify',
				action: 'Identify a user and record traits about them such as email and plan',
				description: 'Tie a user to their actions and record traits about them, e.g. email and plan',
			},
			{
				name: 'Page',
				value: 'page',
				action: 'Record a page view of a website by a user',
				description: 'Record that a user viewed a page of a website',
			},
			{
				name: 'Screen',
				value: 'screen',
				action: 'Record a screen view of a mobile app by a user',
				description: 'Record that a user viewed a screen of a mobile app',
			},
			{
				name: 'Track',
				value: 'track',
				action: 'Track an event a person did such as a completed order with its properties for every destination of the source',
				description: 'Record an action a user performed, e.g. Order Completed, with its properties',
			},
		],
		default: 'track',
	},
	// The plan comes before the fields it fills in: Event offers the plan's events.
	...planFields,
	...alias.description,
	...identityFields,
	...track.description,
	...page.description,
	...group.description,
	...plannedValueFields,
	propertiesField,
	traitsField,
	...batch.description,
	additionalFields,
	deliveryOptions,
];
