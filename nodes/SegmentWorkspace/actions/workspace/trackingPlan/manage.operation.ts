import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { inputText } from '../../../../shared/inputText';
import { publicApiDelete, publicApiRequest } from '../../../../shared/transport/publicApiTransport';
import { TRACKING_PLAN_TYPES } from '../../../publicApi/workspaceInput';
import { deleteOutput } from '../../common/deleteOutput';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readResourceId } from '../../common/publicApiParameters';
import { TRACKING_PLAN_HINTS } from './hints';

export const create: ItemOperation = {
	async execute(itemIndex) {
		const name = inputText(this.getNodeParameter('name', itemIndex, ''), 'Name');
		if (name === '') throw new InvalidInputError('Name is empty: give the tracking plan a name');
		const type = String(this.getNodeParameter('type', itemIndex, 'LIVE'));
		if (!TRACKING_PLAN_TYPES.includes(type)) throw new InvalidInputError(`Type must be one of ${TRACKING_PLAN_TYPES.join(', ')}`);
		const description = inputText(this.getNodeParameter('description', itemIndex, ''), 'Description');
		const data = await publicApiRequest(this, { method: 'POST', path: '/tracking-plans', body: { name, type, ...(description ? { description } : {}) }, hints: TRACKING_PLAN_HINTS });
		return [data.trackingPlan as IDataObject];
	},
};

export const deleteTrackingPlan: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		return [deleteOutput(decodeURIComponent(id), await publicApiDelete(this, { path: `/tracking-plans/${id}`, hints: TRACKING_PLAN_HINTS }), 'tracking plan')];
	},
};

export const addSource: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		const sourceId = decodeURIComponent(readResourceId(this, 'sourceId', itemIndex, 'Source'));
		await publicApiRequest(this, { method: 'POST', path: `/tracking-plans/${id}/sources`, body: { sourceId }, hints: TRACKING_PLAN_HINTS });
		return [{ trackingPlanId: decodeURIComponent(id), sourceId, connected: true }];
	},
};

export const removeSource: ItemOperation = {
	async execute(itemIndex) {
		const id = readResourceId(this, 'trackingPlanId', itemIndex, 'Tracking Plan');
		const sourceId = decodeURIComponent(readResourceId(this, 'sourceId', itemIndex, 'Source'));
		// Segment takes the source as a query parameter on this DELETE, not in a body.
		const outcome = await publicApiDelete(this, { path: `/tracking-plans/${id}/sources`, qs: { sourceId }, hints: TRACKING_PLAN_HINTS });
		return [{ trackingPlanId: decodeURIComponent(id), sourceId, connected: false, ...(outcome === 'gone' ? { reason: 'Segment has no such tracking plan, or the source was not connected to it' } : {}) }];
	},
};
