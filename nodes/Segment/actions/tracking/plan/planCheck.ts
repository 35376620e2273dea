import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { loadSourceSettings, loadTrackingPlan } from '../../../../shared/protocols/planLoader';
import type { SchemaSettings, Treatment } from '../../../../shared/protocols/schemaSettings';
import { treatmentOf } from '../../../../shared/protocols/schemaSettings';
import type { TrackingPlan } from '../../../../shared/protocols/trackingPlan';
import { checkMessage } from '../../../../shared/protocols/trackingPlan';
import { PUBLIC_API_CREDENTIAL } from '../../../../shared/transport/publicApiTransport';
import { WRITE_KEY_CREDENTIAL } from '../../../../shared/transport/trackingTransport';
import { PLAN_CHECKED_OPERATIONS } from './planFields';

export type OnViolation = 'refuse' | 'sendAndReport' | 'followSource';

export interface PlanCheck {
	onViolation: OnViolation;
	plan: TrackingPlan;
	/** The write key's source's schema settings, for Follow the Source's Schema Settings. */
	settings?: SchemaSettings;
}

/** One violation as an item's output and error show it. */
export interface ReportedViolation extends IDataObject {
	path: string;
	message: string;
	keyword: string;
	rule: string;
}

export interface Verdict {
	/** Whether the message must not go out. */
	refused: boolean;
	violations: ReportedViolation[];
}

const ON_VIOLATION: readonly OnViolation[] = ['refuse', 'sendAndReport', 'followSource'];

/**
 * The plan check the node asks for, read from Segment before anything is sent; undefined
 * when no plan is chosen. A plan (or source) that cannot be read stops the run.
 */
export async function readPlanCheck(ctx: IExecuteFunctions): Promise<PlanCheck | undefined> {
	if (!PLAN_CHECKED_OPERATIONS.includes(ctx.getNodeParameter('operation', 0) as string)) return undefined;
	const planId = ctx.getNodeParameter('trackingPlanId', 0, '', { extractValue: true });
	if (planId === undefined || planId === null || String(planId).trim() === '') return undefined;
	const onViolation = ctx.getNodeParameter('onViolation', 0, 'refuse') as OnViolation;
	if (!ON_VIOLATION.includes(onViolation)) {
		throw new NodeOperationError(ctx.getNode(), `On Violation must be one of ${ON_VIOLATION.join(', ')}; got "${String(onViolation).slice(0, 40)}"`, { description: 'Nothing was sent.' });
	}
	const credential = ctx.getNode().credentials?.[PUBLIC_API_CREDENTIAL];
	if (!credential?.id && !credential?.name) {
		throw new NodeOperationError(ctx.getNode(), 'A Tracking Plan is chosen but the node has no Segment Public API credential to read it with; nothing was sent', {
			description: 'Add a Segment Public API credential (a token that may read Protocols) to this node, or empty Tracking Plan.',
		});
	}
	const plan = await loadTrackingPlan(ctx, planId);
	if (onViolation !== 'followSource') return { onViolation, plan };
	const writeKey = String((await ctx.getCredentials(WRITE_KEY_CREDENTIAL)).writeKey ?? '').trim();
	const source = await loadSourceSettings(ctx, writeKey);
	if (!source) {
		throw new NodeOperationError(ctx.getNode(), "No source of the Public API credential's workspace has this node's write key, so its schema settings cannot be read; nothing was sent", {
			description: "Use a Public API token of the workspace the write key's source belongs to, or choose Refuse the Item or Send and Report.",
		});
	}
	return { onViolation, plan, settings: source.settings };
}

/** What the plan says about one message: whether it must stay here, and every violation. */
export function judgeMessage(check: PlanCheck, message: Record<string, unknown>): Verdict {
	const found = checkMessage(check.plan, message);
	let refused = found.some((violation) => violation.kind === 'uncheckableRule');
	const violations = found.map((violation): ReportedViolation => {
		const reported: ReportedViolation = { path: violation.path, message: violation.message, keyword: violation.keyword, rule: violation.rule };
		if (check.onViolation !== 'followSource' || !check.settings) return reported;
		const treatment: Treatment = treatmentOf(violation, String(message.type), check.settings);
		if (treatment !== 'flagged') refused = true;
		return { ...reported, segmentWould: treatment };
	});
	if (check.onViolation === 'refuse' && violations.length > 0) refused = true;
	return { refused, violations };
}

/** The violations in a few lines, for an error a workflow builder reads. */
export function violationLines(violations: ReportedViolation[], limit = 10): string {
	const lines = violations.slice(0, limit).map((violation) => {
		const where = violation.path === '' ? 'the message' : violation.path;
		const would = typeof violation.segmentWould === 'string' ? ` (Segment would mark it ${violation.segmentWould})` : '';
		return `${where}: ${violation.message} [${violation.rule}]${would}`;
	});
	return lines.join('\n') + (violations.length > limit ? `\n… and ${violations.length - limit} more` : '');
}

/** The error of an item whose message the plan refuses. */
export function refusedError(ctx: IExecuteFunctions, check: PlanCheck, itemIndex: number, violations: ReportedViolation[], label?: string): NodeOperationError {
	const first = violations.find((violation) => violation.segmentWould !== 'flagged') ?? violations[0];
	const what = label ? `${label} breaks` : 'The message breaks';
	const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
	return new NodeOperationError(ctx.getNode(), `${what} the tracking plan "${check.plan.name}": ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}; it was not sent`, {
		itemIndex,
		description: `${violationLines(violations)}\nFix the item to follow the plan, or set On Violation to Send and Report.`,
	});
}
