import type { IExecuteFunctions, NodeOperationError } from 'n8n-workflow';

import { InvalidMessageError } from '../../../../shared/messages/InvalidMessageError';
import type { PreparedMessage, SegmentMessage } from '../../../../shared/messages/types';
import type { TrackingOperation } from '../TrackingOperation';
import type { PlanCheck, ReportedViolation } from './planCheck';
import { judgeMessage, refusedError } from './planCheck';

/** An item the tracking plan keeps from being sent: its error, and the violations its output lists. */
export class RefusedByPlan extends Error {
	constructor(
		readonly error: NodeOperationError,
		readonly violations: ReportedViolation[],
	) {
		super(error.message);
	}
}

/**
 * The violations of an item's messages (each labelled with its message where an item has
 * several); throws RefusedByPlan when any message must not go out, so that none of the
 * item's messages does.
 */
export function judgeItem(ctx: IExecuteFunctions, check: PlanCheck, itemIndex: number, messages: PreparedMessage[], operation: TrackingOperation): ReportedViolation[] {
	const violations: ReportedViolation[] = [];
	let refusedLabel: string | undefined;
	let refused = false;
	messages.forEach((prepared, position) => {
		const verdict = judgeMessage(check, prepared.message);
		const label = messages.length > 1 ? operation.messageLabel?.(position) : undefined;
		if (verdict.refused && !refused) {
			refused = true;
			refusedLabel = label;
		}
		violations.push(...verdict.violations.map((violation) => (label ? { ...violation, messageOf: label } : violation)));
	});
	if (refused) throw new RefusedByPlan(refusedError(ctx, check, itemIndex, violations, refusedLabel), violations);
	return violations;
}

/**
 * The bulk path's check of one row's message: its violations are kept with the row's
 * index; a message the plan refuses throws, which makes its row invalid.
 */
export function planGate(check: PlanCheck, reported: ReportedViolation[]): (message: SegmentMessage, index: number) => void {
	return (message, index) => {
		const verdict = judgeMessage(check, message);
		reported.push(...verdict.violations.map((violation) => ({ ...violation, index })));
		if (!verdict.refused) return;
		const first = verdict.violations.find((violation) => violation.segmentWould !== 'flagged') ?? verdict.violations[0];
		const more = verdict.violations.length > 1 ? ` (and ${verdict.violations.length - 1} more)` : '';
		throw new InvalidMessageError(`breaks the tracking plan "${check.plan.name}": ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`);
	};
}
