import type { IDataObject } from 'n8n-workflow';

import { REVERSE_ETL_HINTS } from '../../../../shared/publicApi/engageHints';
import { nextCursor, pageCount } from '../../../../shared/transport/cursorPages';
import { objectEntries, publicApiRequest, reportMalformed, stuckCursorError } from '../../../../shared/transport/publicApiTransport';
import { syncSummary } from '../../../publicApi/reverseEtlSync';
import type { ItemOperation } from '../../../../shared/actions/ItemOperation';
import { readMax } from '../../../../shared/actions/listFields';
import { readModelId, readSubscriptionId } from './syncParameters';

/** This list pages with a top-level `count` (at most 100) and `cursor`, unlike the rest of the Public API. */
const SYNC_PAGE_SIZE = 100;

export const getSyncs: ItemOperation = {
	async execute(itemIndex) {
		const path = `/reverse-etl-models/${readModelId(this, itemIndex)}/subscriptionId/${readSubscriptionId(this, itemIndex)}/syncs`;
		const max = readMax(this, itemIndex);
		const statuses: IDataObject[] = [];
		const followed = new Set<string>();
		let cursor: string | undefined;
		do {
			const qs: IDataObject = { count: pageCount(max, statuses.length, SYNC_PAGE_SIZE), ...(cursor ? { cursor } : {}) };
			const data = await publicApiRequest(this, { method: 'GET', path, qs, version: 'alpha', hints: REVERSE_ETL_HINTS });
			const page = objectEntries(data.syncStatuses);
			reportMalformed(this, path, page.malformed);
			statuses.push(...page.entries);
			if ((max !== undefined && statuses.length >= max) || page.entries.length === 0) break;
			if (cursor !== undefined) followed.add(cursor);
			const step = nextCursor(data.pagination, followed);
			if (step.stuck) throw stuckCursorError(this, step.next!);
			cursor = step.next;
		} while (cursor !== undefined);
		return statuses.slice(0, max).map((status) => syncSummary(status) as unknown as IDataObject);
	},
};
