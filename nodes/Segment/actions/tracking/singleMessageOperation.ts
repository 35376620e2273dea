import type { IDataObject } from 'n8n-workflow';

import type { MessageType } from '../../../shared/messages/types';
import { readAdditionalFields, readJsonObject, readParameter } from './parameters';
import { readPlannedValues } from './plan/plannedValues';
import type { TrackingOperation } from './TrackingOperation';
import { pickFields } from './TrackingOperation';

const OBJECT_LABELS = { properties: 'Properties', traits: 'Traits' } as const;

export interface SingleMessageSpec {
	type: MessageType;
	/** Parameters copied as they are into the message's field of the same name. */
	fields: readonly string[];
	/** The JSON object parameter of the call, if it has one. */
	objectField?: keyof typeof OBJECT_LABELS;
	/** The message's fields that the item's output shows. */
	output: readonly string[];
}

/** An operation that sends one message per item, built from parameters named as Segment's fields. */
export function singleMessageOperation(spec: SingleMessageSpec): TrackingOperation {
	return {
		messagesOf(itemIndex, plan) {
			const message: Record<string, unknown> = { type: spec.type };
			for (const field of spec.fields) message[field] = readParameter(this, field, itemIndex);
			const built = Object.assign(message, readAdditionalFields(this, itemIndex));
			if (spec.objectField) {
				built[spec.objectField] =
					readPlannedValues(this, itemIndex, built, plan) ??
					readJsonObject(readParameter(this, spec.objectField, itemIndex), OBJECT_LABELS[spec.objectField]);
			}
			return [built];
		},
		summary: ([message]): IDataObject => ({ success: true, ...pickFields(message, spec.output) }),
	};
}
