import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { queryStart, startCursor, takeNewEvents } from '../../shared/eventCursor';
import { inputText } from '../../shared/inputText';
import { auditEvents as readAuditEvents } from '../../shared/publicApi/auditTrail';
import { splitList } from '../../shared/splitList';
import type { Watch } from '../watchContext';

const MINUTE_MS = 60_000;
/** At most this many events a poll, so a burst of changes cannot make one poll run for ever. */
const MAX_EVENTS_A_POLL = 5_000;

/** Every new audit trail event, oldest first, each once; from activation on, not the history before it. */
export const auditEvents: Watch = async ({ ctx, state, nowMs, manual }) => {
	const types = splitList(ctx.getNodeParameter('auditTypes', ''), 'Event Types');
	const resourceType = inputText(ctx.getNodeParameter('resourceType', ''), 'Resource Type') || undefined;
	const resourceId = inputText(ctx.getNodeParameter('resourceId', ''), 'Resource ID') || undefined;
	const wanted = (event: IDataObject) => types.length === 0 || types.includes(String(event.type));
	if (manual) {
		const newest = (await readAuditEvents(ctx, { resourceType, resourceId, max: 200 })).filter(wanted).slice(0, 1);
		if (newest.length === 0) {
			throw new NodeOperationError(ctx.getNode(), 'The audit trail has no event of these kinds in the last 90 days', {
				description: 'Change something in the workspace (turn a source off and on, say), then fetch again.',
			});
		}
		return newest;
	}
	const lateWindowMs = Math.max(0, Number((ctx.getNodeParameter('options', {}) as IDataObject).lateWindowMinutes ?? 10)) * MINUTE_MS;
	const before = state.audit ?? startCursor(nowMs, 0);
	const events = await readAuditEvents(ctx, { startTime: new Date(Date.parse(queryStart(before, lateWindowMs)) - 1).toISOString(), resourceType, resourceId, max: MAX_EVENTS_A_POLL });
	const { fresh, state: after } = takeNewEvents(before, events, lateWindowMs, (event) => String(event.id));
	state.audit = after;
	return fresh.filter(wanted);
};
