import type { IDataObject } from 'n8n-workflow';

/** What a delete returns: done, or nothing to do because it was gone already (a run repeated, say). */
export function deleteOutput(id: string, outcome: 'deleted' | 'gone', noun: string, extra: IDataObject = {}): IDataObject {
	return outcome === 'deleted' ? { id, deleted: true, ...extra } : { id, deleted: false, reason: `Segment has no such ${noun} (already deleted?)`, ...extra };
}
