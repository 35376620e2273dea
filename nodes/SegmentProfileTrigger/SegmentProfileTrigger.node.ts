import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pollWithClearErrors } from '../shared/pollErrors';
import { customIdentifierTypeField, identifierTypeOptions } from '../shared/profiles/identifierFields';
import { pollProfiles } from './pollProfiles';

export class SegmentProfileTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Segment Profile Trigger',
		name: 'segmentProfileTrigger',
		icon: { light: 'file:segment.svg', dark: 'file:segment.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ {traitChanges: "Trait changes", audienceChanges: "Audience changes"}[$parameter["watch"]] ?? "New events" }}',
		// n8n's nodes panel merges this trigger with the Segment Profile node into one entry,
		// which shows this text: it speaks for both.
		description:
			"Start a workflow when a watched person's Segment profile has new events, changed traits or audience changes; look up traits, events, identifiers and audiences (Profile API)",
		defaults: { name: 'Segment Profile Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'segmentAccessTokenApi', required: true }],
		properties: [
			{
				displayName: 'Watch',
				name: 'watch',
				type: 'options',
				options: [
					{ name: 'New Events', value: 'events', description: 'One item for each new track event of the profiles, oldest first' },
					{ name: 'Trait Changes', value: 'traitChanges', description: 'One item for each profile whose watched traits changed, with old and new values' },
					{
						name: 'Audience Changes',
						value: 'audienceChanges',
						description: 'One item each time a watched profile enters or leaves an Engage audience: {audienceKey, entered …}',
					},
				],
				default: 'events',
			},
			{
				displayName: 'Identifier Type',
				name: 'identifierType',
				type: 'options',
				options: identifierTypeOptions,
				default: 'user_id',
				description: 'The kind of ID the profiles are named by',
			},
			{ ...customIdentifierTypeField, displayOptions: { show: { identifierType: ['custom'] } } },
			{
				displayName: 'Identifier',
				name: 'identifier',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'user-42, user-43',
				description: 'The profiles to watch: one ID, or several separated by commas',
			},
			{
				displayName: 'Include Events',
				name: 'includeEvents',
				type: 'string',
				default: '',
				placeholder: 'Order Completed',
				displayOptions: { show: { watch: ['events'] } },
				description: 'Only events with these names, separated by commas; all when empty',
			},
			{
				displayName: 'Exclude Events',
				name: 'excludeEvents',
				type: 'string',
				default: '',
				displayOptions: { show: { watch: ['events'] } },
				description: 'Leave out events with these names, separated by commas',
			},
			{
				displayName: 'Traits',
				name: 'traits',
				type: 'string',
				default: '',
				placeholder: 'plan, email',
				displayOptions: { show: { watch: ['traitChanges'] } },
				description: 'The traits to watch, separated by commas; all when empty',
			},
			{
				displayName: 'Audience Keys',
				name: 'audienceKeys',
				type: 'string',
				default: '',
				placeholder: 'vip_customers, churn_risk',
				displayOptions: { show: { watch: ['audienceChanges'] } },
				description: 'Only changes of these audiences, by key, separated by commas; all when empty',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { watch: ['events'] } },
				options: [
					{
						displayName: 'Late Arrival Window (Minutes)',
						name: 'lateWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 10,
						description:
							'How far back each poll looks again for events that reached Segment late; an event older than this when it arrives is missed',
					},
					{
						displayName: 'Look Back on Activation (Minutes)',
						name: 'lookBackMinutes',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 20160 },
						default: 0,
						description:
							'On activation, also emit the events of this many minutes before it (at most 14 days). 0 starts from the moment of activation.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollWithClearErrors(this, pollProfiles);
	}
}
