/**
 * A Reverse ETL sync's status as a workflow reads it: Segment's counts come as text in
 * two phases (extract from the warehouse, load to the destination); here they are numbers
 * with plain names, and the status says whether anything more will happen. Pure.
 */

export const SYNC_SUCCEEDED = ['SUCCESS', 'PARTIAL_SUCCESS'];
export const SYNC_FAILED = ['FAIL', 'FAILED', 'CANCELED', 'CANCELLED'];

/** Whether the sync will not change any more: Segment's status is plain text, so others count as still running. */
export function isFinalSyncStatus(status: unknown): boolean {
	return typeof status === 'string' && (SYNC_SUCCEEDED.includes(status) || SYNC_FAILED.includes(status));
}

export function syncFailed(status: unknown): boolean {
	return typeof status === 'string' && SYNC_FAILED.includes(status);
}

type Phase = Record<string, unknown> | undefined;

/** A count Segment sent as text ("1200"); null when it is missing or no number. */
function count(phase: Phase, key: string): number | null {
	const value = phase?.[key];
	if (value === undefined || value === null || value === '') return null;
	const number = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(number) ? number : null;
}

const textOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export interface SyncSummary {
	syncId: string | null;
	modelId: string | null;
	sourceId: string | null;
	syncStatus: string | null;
	done: boolean;
	succeeded: boolean;
	startedAt: string | null;
	finishedAt: string | null;
	duration: string | null;
	recordsExtracted: number | null;
	recordsAdded: number | null;
	recordsUpdated: number | null;
	recordsDeleted: number | null;
	recordsLoaded: number | null;
	recordsFailed: number | null;
	error: string | null;
	errorCode: string | null;
	extractPhase: Record<string, unknown> | null;
	loadPhase: Record<string, unknown> | null;
}

export function syncSummary(status: Record<string, unknown>): SyncSummary {
	const extract = status.extractPhase as Phase;
	const load = status.loadPhase as Phase;
	const syncStatus = textOrNull(status.syncStatus);
	return {
		syncId: textOrNull(status.syncId),
		modelId: textOrNull(status.modelId),
		sourceId: textOrNull(status.sourceId),
		syncStatus,
		done: isFinalSyncStatus(syncStatus),
		succeeded: syncStatus !== null && SYNC_SUCCEEDED.includes(syncStatus),
		startedAt: textOrNull(status.startedAt),
		finishedAt: textOrNull(status.finishedAt),
		duration: textOrNull(status.duration),
		recordsExtracted: count(extract, 'extractCount'),
		recordsAdded: count(extract, 'addedCount'),
		recordsUpdated: count(extract, 'updatedCount'),
		recordsDeleted: count(extract, 'deletedCount'),
		recordsLoaded: count(load, 'deliverSuccessCount'),
		recordsFailed: count(load, 'deliverFailureCount'),
		error: textOrNull(status.error),
		errorCode: textOrNull(status.errorCode) ?? textOrNull(extract?.errorCode) ?? textOrNull(load?.errorCode),
		extractPhase: extract ?? null,
		loadPhase: load ?? null,
	};
}

/** Why a failed sync failed, in one line. */
export function syncFailureText(summary: SyncSummary): string {
	const why = [summary.error, summary.errorCode && summary.errorCode !== summary.error ? `code ${summary.errorCode}` : null].filter(Boolean).join(', ');
	return `The Reverse ETL sync ${summary.syncId ?? ''} ended ${summary.syncStatus}${why ? `: ${why}` : ''}`.replace('  ', ' ');
}
