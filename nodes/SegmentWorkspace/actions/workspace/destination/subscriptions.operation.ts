import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { inputText } from '../../../../shared/inputText';
import { pathSegment } from '../../../../shared/publicApi/pathSegment';
import { publicApiDelete, publicApiList, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readResourceId } from '../../common/publicApiParameters';

/** Destination subscriptions (an Actions destination's mappings) are alpha, and a feature Segment turns on per workspace. */
export const SUBSCRIPTION_HINTS = {
	403: 'Destination subscriptions are an alpha feature Segment turns on per workspace, for Actions destinations: ask Segment, or change the mapping in the app.',
	404: 'Segment has no such destination, or no such mapping on it; subscriptions exist only on Actions destinations.',
	429: 'Segment allows 5 changes of subscriptions a minute.',
};


function subscriptionPath(destinationId: string, subscriptionId: unknown): string {
	return `/destinations/${destinationId}/subscriptions/${pathSegment(subscriptionId, 'Subscription ID')}`;
}

export const getSubscriptions: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		return await publicApiList(this, { path: `/destinations/${id}/subscriptions`, key: 'subscriptions', version: 'alpha', max: readMax(this, itemIndex), hints: SUBSCRIPTION_HINTS });
	},
};

/** A subscription update: the fields go inside `input`, as Segment's API wants them. */
export function subscriptionUpdate(fields: IDataObject): IDataObject {
	const input: IDataObject = {};
	if (fields.enabled !== undefined) {
		if (typeof fields.enabled !== 'boolean') throw new InvalidInputError('Enabled must be true or false');
		input.enabled = fields.enabled;
	}
	if (fields.name !== undefined) {
		const name = inputText(fields.name, 'Name');
		if (name === '') throw new InvalidInputError('Name is empty: give the mapping a name, or remove the field');
		input.name = name;
	}
	if (fields.trigger !== undefined) {
		const trigger = inputText(fields.trigger, 'Trigger');
		if (trigger === '') throw new InvalidInputError('Trigger is empty: give the FQL of the events the mapping takes, e.g. type = "track"');
		input.trigger = trigger;
	}
	if (Object.keys(input).length === 0) throw new InvalidInputError('Nothing to update: add Enabled, Name or Trigger under Update Fields');
	return { input };
}

export const updateSubscription: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		const body = subscriptionUpdate(this.getNodeParameter('subscriptionUpdateFields', itemIndex, {}) as IDataObject);
		const data = await publicApiRequest(this, {
			method: 'PATCH',
			path: subscriptionPath(id, this.getNodeParameter('subscriptionId', itemIndex, '', { extractValue: true })),
			version: 'alpha',
			body,
			hints: { ...SUBSCRIPTION_HINTS, 422: 'Segment refused the change; a Trigger must be valid FQL, e.g. type = "track" and event = "Order Completed".' },
		});
		return [(data.subscription ?? {}) as IDataObject];
	},
};

export const deleteSubscription: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'destinationId', itemIndex, 'Destination');
		const subscriptionId = inputText(this.getNodeParameter('subscriptionId', itemIndex, '', { extractValue: true }), 'Subscription ID');
		const outcome = await publicApiDelete(this, { path: subscriptionPath(id, subscriptionId), version: 'alpha', hints: SUBSCRIPTION_HINTS });
		return [deleteOutput(subscriptionId, outcome, 'mapping on this destination', { destinationId: decodeURIComponent(id) })];
	},
};
