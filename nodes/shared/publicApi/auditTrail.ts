import type { IDataObject } from 'n8n-workflow';

import type { PublicApiContext } from '../transport/publicApiTransport';
import { eachPublicApiPage, objectEntries, reportMalformed } from '../transport/publicApiTransport';

/** Segment's audit trail: who changed which resource, and when (Business plan, 90 days kept). */

export interface AuditQuery {
	startTime?: string;
	endTime?: string;
	resourceId?: string;
	resourceType?: string;
	/** Stop after this many events; all of them when undefined. */
	max?: number;
}

export const AUDIT_TRAIL_HINTS: Partial<Record<number, string>> = {
	401: 'Segment did not accept the token, or it may not read the audit trail (Segment answers 401 for both): the audit trail is a Business plan feature, read with a Workspace Owner token.',
	403: 'The token may not read the audit trail, or the workspace does not have it (Business plan).',
};

export async function auditEvents(ctx: PublicApiContext, query: AuditQuery): Promise<IDataObject[]> {
	const qs: IDataObject = {};
	for (const key of ['startTime', 'endTime', 'resourceId', 'resourceType'] as const) if (query[key]) qs[key] = query[key];
	const events: IDataObject[] = [];
	let malformed = 0;
	await eachPublicApiPage(
		ctx,
		{ method: 'GET', path: '/audit-events', qs, hints: AUDIT_TRAIL_HINTS },
		(data) => {
			const page = objectEntries(data.events);
			malformed += page.malformed;
			events.push(...page.entries);
			return query.max === undefined || events.length < query.max;
		},
		() => (query.max === undefined ? 200 : Math.max(1, Math.min(200, query.max - events.length))),
	);
	reportMalformed(ctx, '/audit-events', malformed);
	return query.max === undefined ? events : events.slice(0, query.max);
}
