/**
 * Walking the Public API's cursor pagination (`pagination.count`, `pagination.cursor`;
 * answers carry `pagination.next`). Pure.
 */

/** The most entries the Public API returns in one page. */
export const PUBLIC_API_PAGE_SIZE = 200;

/** How many entries to ask for next: a full page, or only what is left to reach `max`. */
export function pageCount(max: number | undefined, collected: number, pageSize = PUBLIC_API_PAGE_SIZE): number {
	if (max === undefined) return pageSize;
	return Math.max(1, Math.min(pageSize, max - collected));
}

export interface CursorStep {
	/** The cursor of the next page; none at the end. */
	next?: string;
	/** The next cursor is one already followed: the list goes round in a circle. */
	stuck: boolean;
}

export function nextCursor(pagination: unknown, followed: ReadonlySet<string>): CursorStep {
	const next = (pagination as { next?: unknown } | null | undefined)?.next;
	if (typeof next !== 'string' || next === '') return { stuck: false };
	return { next, stuck: followed.has(next) };
}

export function stuckCursorMessage(cursor: string): string {
	return `Segment's Public API sent the page cursor "${cursor}" a second time, so the list would never end; nothing was returned`;
}
