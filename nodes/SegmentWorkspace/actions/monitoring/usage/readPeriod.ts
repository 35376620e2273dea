import type { IExecuteFunctions } from 'n8n-workflow';

import { InvalidInputError } from '../../../../shared/InvalidInputError';
import { kindOf, shortQuote } from '../../../../shared/inputText';
import type { UsageScope } from '../../../../shared/publicApi/usageMetrics';
import { usagePeriod } from '../../../../shared/publicApi/usageMetrics';

export function readUsageQuery(ctx: IExecuteFunctions, itemIndex: number): { scope: UsageScope; period: string } {
	const scope = ctx.getNodeParameter('scope', itemIndex, 'workspace') === 'perSource' ? 'perSource' : 'workspace';
	const given = ctx.getNodeParameter('period', itemIndex, '');
	const period = usagePeriod(given, Date.now());
	if (!period) {
		const shown = typeof given === 'string' ? shortQuote(given) : kindOf(given);
		throw new InvalidInputError(`Period must be a month, not ${shown}`, 'Write the month as 2026-11, or any date in it; empty is the current month.');
	}
	return { scope, period };
}
