import type { IDataObject } from 'n8n-workflow';

import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { InvalidMessageError } from '../../../../shared/messages/InvalidMessageError';
import { LIBRARY } from '../../../../shared/messages/library';
import { randomMessageId } from '../../../../shared/messages/messageId';
import { prepareMessage } from '../../../../shared/messages/prepareMessage';
import type { SegmentMessage } from '../../../../shared/messages/types';
import { loadTrackingPlan } from '../../../../shared/protocols/planLoader';
import { checkMessage } from '../../../../shared/protocols/trackingPlan';

/** The message Batch from Input Items would send for this JSON, or why it is none. */
function readMessage(input: IDataObject): { message: SegmentMessage } | { reason: string } {
	try {
		return { message: prepareMessage(input, { now: new Date().toISOString(), library: LIBRARY, messageIdFromContent: false, newMessageId: randomMessageId }).message };
	} catch (error) {
		return { reason: error instanceof InvalidMessageError ? error.message : 'it cannot be read' };
	}
}

/**
 * Each input item's JSON is one Segment message, read as Batch from Input Items reads it
 * (`type` included), and checked against the plan without sending anything.
 */
export const validateMessages: ItemOperation = {
	async execute(itemIndex) {
		const plan = await loadTrackingPlan(this, this.getNodeParameter('trackingPlanId', itemIndex, '', { extractValue: true }));
		const input = this.getInputData()[itemIndex].json;
		const read = readMessage(input);
		if ('reason' in read) {
			return [{ valid: false, trackingPlan: plan.name, violations: [{ path: '', keyword: 'message', message: `Not a Segment message: ${read.reason}`, rule: '' }] }];
		}
		const { message } = read;
		const violations = checkMessage(plan, message).map(({ path, keyword, message: text, rule }): IDataObject => ({ path, keyword, message: text, rule }));
		const named: IDataObject = message.type === 'track' ? { event: String(message.event) } : {};
		return [{ valid: violations.length === 0, trackingPlan: plan.name, type: message.type, ...named, violations }];
	},
};
