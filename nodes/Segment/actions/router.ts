import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidMessageError } from '../../shared/messages/InvalidMessageError';
import { LIBRARY } from '../../shared/messages/library';
import { randomMessageId } from '../../shared/messages/messageId';
import type { MessageDefaults } from '../../shared/messages/prepareMessage';
import { prepareMessage } from '../../shared/messages/prepareMessage';
import type { PreparedMessage } from '../../shared/messages/types';
import { sendToTrackingApi } from '../../shared/transport/trackingTransport';
import type { UndeliveredMessage } from './errors';
import { deliveryError } from './errors';
import { errorItem, itemInputError } from '../../shared/actions/itemErrors';
import { failEveryItemOnRunError } from '../../shared/actions/runPerItem';
import { refuseChosenAtRunTime } from '../../shared/actions/toolUse';
import { readSharedFields } from './tracking/batch.operation';
import { bulkMessages } from './tracking/bulkMessages';
import { readTrackingOptions } from './tracking/deliveryPlan';
import { notSent } from './tracking/plan/dryRunOutput';
import { judgeItem, planGate, RefusedByPlan } from './tracking/plan/judgeItem';
import type { ReportedViolation } from './tracking/plan/planCheck';
import { readPlanCheck } from './tracking/plan/planCheck';
import { trackingOperations } from './tracking';
import type { TrackingOperation } from './tracking/TrackingOperation';

function messageDefaults(messageIdFromContent: boolean): MessageDefaults {
	return { now: new Date().toISOString(), library: LIBRARY, messageIdFromContent, newMessageId: randomMessageId };
}

/**
 * Tracking calls: every item's messages are built and checked first, then all of them go
 * out together in as few requests as Segment's limits allow, and each item learns the fate
 * of its own messages.
 */
async function runTracking(this: IExecuteFunctions, operation: TrackingOperation): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const options = readTrackingOptions(this);
	const check = await readPlanCheck(this);
	const itemMessages: PreparedMessage[][] = [];
	const itemErrors: Array<Error | undefined> = [];
	const itemViolations: Array<ReportedViolation[] | undefined> = [];
	// One clock reading for the run: messages without a timestamp of their own happened when the node ran.
	const defaults = messageDefaults(options.messageIdFromContent);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const messages = operation
				.messagesOf.call(this, itemIndex, check?.plan)
				.map((raw, position) => prepareMessage(raw, defaults, operation.messageLabel?.(position)));
			if (check) itemViolations[itemIndex] = judgeItem(this, check, itemIndex, messages, operation);
			itemMessages.push(messages);
		} catch (error) {
			const itemError = error instanceof RefusedByPlan ? error.error : itemInputError(this, error, itemIndex);
			if (!continueOnFail) throw itemError;
			itemErrors[itemIndex] = itemError;
			if (error instanceof RefusedByPlan) itemViolations[itemIndex] = error.violations;
			itemMessages.push([]);
		}
	}

	const failures = options.dryRun ? [] : await sendToTrackingApi.call(this, itemMessages.flat(), options);

	const results: INodeExecutionData[] = [];
	let position = 0;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const messages = itemMessages[itemIndex];
		const reported = itemViolations[itemIndex] ? { violations: itemViolations[itemIndex] } : {};
		const inputError = itemErrors[itemIndex];
		if (inputError) {
			results.push(errorItem(this, inputError, itemIndex, reported));
			continue;
		}
		if (options.dryRun) {
			results.push({ json: { ...notSent(messages.map((prepared) => prepared.message)), ...reported }, pairedItem: { item: itemIndex } });
			continue;
		}
		const undelivered: UndeliveredMessage[] = [];
		messages.forEach((prepared, own) => {
			const failure = failures[position + own];
			if (failure) {
				undelivered.push({ label: operation.messageLabel?.(own), messageId: prepared.message.messageId, failure });
			}
		});
		position += messages.length;
		if (undelivered.length === 0) {
			results.push({ json: { ...operation.summary(messages.map((prepared) => prepared.message)), ...reported }, pairedItem: { item: itemIndex } });
			continue;
		}
		const error = deliveryError(this, itemIndex, undelivered, messages.length);
		if (!continueOnFail) throw error;
		results.push(
			errorItem(this, error, itemIndex, messages.length === 1 ? { messageId: messages[0].message.messageId } : {}),
		);
	}
	return results;
}

interface FailedMessage extends IDataObject {
	index: number;
	reason: string;
}

function failureSummary(failed: FailedMessage[]): string {
	const shown = failed.slice(0, 10).map(({ index, reason }) => `item ${index}: ${reason}`);
	return shown.join('\n') + (failed.length > 10 ? `\n… and ${failed.length - 10} more` : '');
}

/**
 * The bulk path: each input item's JSON is one message and the node answers with a single
 * item for them all, paired with every input item.
 */
async function runBatchFromInputItems(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const options = readTrackingOptions(this);
	const check = await readPlanCheck(this);
	const shared = readSharedFields(this, 0);
	const failed: FailedMessage[] = [];
	const violations: ReportedViolation[] = [];
	const accept = check ? planGate(check, violations) : undefined;
	const messages = bulkMessages(items, shared, messageDefaults(options.messageIdFromContent), (index, error) => {
		// One row that cannot be read fails alone, whatever went wrong with it.
		failed.push({ index, reason: error instanceof InvalidMessageError ? error.message : itemInputError(this, error, index).message });
	}, undefined, accept);
	const reported = check ? { violations } : {};
	// Nothing goes out while any row is invalid, unless asked: fixing the data and running
	// again must not send the valid rows twice.
	if (failed.length > 0 && !continueOnFail) {
		throw new NodeOperationError(
			this.getNode(),
			`${failed.length} of ${items.length} input items are not valid messages; nothing was sent`,
			{ itemIndex: failed[0].index, description: failureSummary(failed) },
		);
	}
	if (options.dryRun) {
		const built = Array.from({ length: messages.count }, (_, position) => JSON.parse(messages.jsonOf(position)) as IDataObject);
		return [{ json: { sent: false, count: messages.count, messages: built, failed, ...reported }, pairedItem: items.map((_, item) => ({ item })) }];
	}

	const failures = await sendToTrackingApi.call(this, messages, options);
	let undeliveredCount = 0;
	failures.forEach((failure, position) => {
		if (!failure) return;
		undeliveredCount++;
		failed.push({ index: messages.itemOf(position), reason: failure.reason, messageId: messages.messageIdOf(position) });
	});
	failed.sort((a, b) => a.index - b.index);
	if (undeliveredCount > 0 && !continueOnFail) {
		const message = `${undeliveredCount} of ${messages.count} messages were not delivered; the others were`;
		throw new NodeApiError(this.getNode(), { message }, {
			message,
			description: failureSummary(failed),
			itemIndex: failed[0].index,
		});
	}
	return [
		{
			json: { success: failed.length === 0, count: messages.count - undeliveredCount, failed, ...reported },
			pairedItem: items.map((_, item) => ({ item })),
		},
	];
}

async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	refuseChosenAtRunTime(this);
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;

	if (resource === 'tracking') {
		if (operation === 'batch' && this.getNodeParameter('messagesFrom', 0, 'parameter') === 'inputItems') {
			return [await runBatchFromInputItems.call(this)];
		}
		const trackingOperation = trackingOperations[operation];
		if (trackingOperation) return [await runTracking.call(this, trackingOperation)];
	}
	throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await failEveryItemOnRunError.call(this, async () => await route.call(this));
}
