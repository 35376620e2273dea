import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EventCursorState } from '../../shared/eventCursor';
import { eventKey, queryStart, readCursorState, startCursor, takeNewEvents } from '../../shared/eventCursor';
import { inputText } from '../../shared/inputText';
import { auditEvents as readAuditEvents } from '../../shared/publicApi/auditTrail';
import { splitList } from '../../shared/splitList';
import type { Watch } from '../watchContext';

const MINUTE_MS = 60_000;
/** At most this many events a poll, so a burst of changes cannot make one poll run for ever; the rest come next time. */
export const MAX_AUDIT_EVENTS_A_POLL = 5_000;

const idOf = (event: IDataObject) => event.id;
const timeOf = (event: IDataObject) => Date.parse(String(event.timestamp));

/**
 * Every new audit trail event, oldest first, each once; from activation on, not the history
 * before it. Segment lists the newest first: a poll that reaches its cap has read the newest
 * ones, and keeps the older stretch it could not read as a backlog that the next polls read
 * before anything newer.
 */
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
	const stored = readCursorState(state.audit);
	if (state.audit !== undefined && !stored) {
		ctx.logger.warn('Segment Workspace Trigger: its audit trail cursor was not readable (kept by another version, or changed); it starts again from now', { workflowId: ctx.getWorkflow().id, node: ctx.getNode().name });
	}
	const before: EventCursorState = stored ?? startCursor(nowMs, 0);

	if (before.backlog) {
		const { start, end, emitted } = before.backlog;
		const events = await readAuditEvents(ctx, { startTime: start, endTime: new Date(Date.parse(end) + 1).toISOString(), resourceType, resourceId, max: MAX_AUDIT_EVENTS_A_POLL });
		const seen = { ...before.seen };
		const keepFrom = Date.parse(before.cursor) - lateWindowMs;
		const fresh: IDataObject[] = [];
		for (const event of [...events].sort((a, b) => timeOf(a) - timeOf(b))) {
			const key = eventKey(event, idOf);
			if (emitted.includes(key) || Object.prototype.hasOwnProperty.call(seen, key)) continue;
			fresh.push(event);
			// The next poll reads the late window again: what it holds must stay known.
			if (timeOf(event) >= keepFrom) seen[key] = new Date(timeOf(event)).toISOString();
		}
		const backlog = nextBacklog(start, events);
		state.audit = { floor: before.floor, cursor: before.cursor, seen, ...(backlog ? { backlog } : {}) };
		return fresh.filter(wanted);
	}

	const start = new Date(Date.parse(queryStart(before, lateWindowMs)) - 1).toISOString();
	const events = await readAuditEvents(ctx, { startTime: start, resourceType, resourceId, max: MAX_AUDIT_EVENTS_A_POLL });
	const { fresh, state: after } = takeNewEvents(before, events, lateWindowMs, idOf, nowMs);
	const backlog = nextBacklog(start, events);
	state.audit = backlog ? { ...after, backlog } : after;
	return fresh.filter(wanted);
};

/** After reading `events` newest first from `start`: the older stretch left unread when the cap was reached. */
function nextBacklog(start: string, events: readonly IDataObject[]): EventCursorState['backlog'] {
	if (events.length < MAX_AUDIT_EVENTS_A_POLL) return undefined;
	const times = events.map(timeOf).filter((at) => !Number.isNaN(at));
	if (times.length === 0) return undefined;
	const oldest = Math.min(...times);
	if (oldest <= Date.parse(start)) return undefined;
	return {
		start,
		end: new Date(oldest).toISOString(),
		emitted: events.filter((event) => timeOf(event) === oldest).map((event) => eventKey(event, idOf)),
	};
}
