import type { PublicApiAnswer } from './publicApi';

/** The fake workspace's audit trail: one event for each change its Public API made, as Segment lists them. */

export interface AuditEvent {
	id: string;
	timestamp: string;
	type: string;
	actor: string;
	actorEmail?: string;
	resourceId: string;
	resourceType: string;
	resourceName: string;
}

export const FAKE_ACTOR = 'Public API token (fake)';

export class AuditTrail {
	readonly events: AuditEvent[] = [];
	private count = 0;

	clear(): void {
		this.events.length = 0;
	}

	record(type: string, resource: { id: string; type: string; name?: unknown }, at = new Date()): AuditEvent {
		const event: AuditEvent = {
			id: `audit_${String(++this.count).padStart(6, '0')}`,
			timestamp: at.toISOString(),
			type,
			actor: FAKE_ACTOR,
			resourceId: resource.id,
			resourceType: resource.type,
			resourceName: String(resource.name ?? resource.id),
		};
		this.events.push(event);
		return event;
	}

	/** `GET /audit-events`: newest first, after `startTime` and before `endTime`, for one resource or kind. */
	list(query: URLSearchParams): PublicApiAnswer {
		const start = query.get('startTime');
		const end = query.get('endTime');
		for (const [name, value] of [['startTime', start], ['endTime', end]] as const) {
			if (value !== null && Number.isNaN(Date.parse(value))) {
				return { status: 422, body: { errors: [{ type: 'validation', message: `${name} must be an ISO-8601 timestamp`, field: name, status: 422 }] } };
			}
		}
		const selected = this.events
			.filter((event) => (start === null || Date.parse(event.timestamp) > Date.parse(start)) && (end === null || Date.parse(event.timestamp) < Date.parse(end)))
			.filter((event) => (!query.get('resourceId') || event.resourceId === query.get('resourceId')) && (!query.get('resourceType') || event.resourceType === query.get('resourceType')))
			.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp) || b.id.localeCompare(a.id));
		const count = Number(query.get('pagination.count') ?? 200);
		const offset = query.get('pagination.cursor') ? Number(Buffer.from(query.get('pagination.cursor')!, 'base64url').toString('utf8')) : 0;
		const next = offset + count < selected.length ? Buffer.from(String(offset + count)).toString('base64url') : null;
		return { status: 200, body: { data: { events: selected.slice(offset, offset + count), pagination: { current: Buffer.from(String(offset)).toString('base64url'), next, totalEntries: selected.length } } } };
	}
}
