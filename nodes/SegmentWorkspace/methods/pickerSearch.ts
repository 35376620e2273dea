import { maskedKey } from '../actions/writeKeysInOutput';
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { REVERSE_ETL_HINTS } from '../../shared/publicApi/engageHints';
import { chosenId, search, str } from '../../shared/publicApi/listSearch';
import { pathSegment } from '../../shared/publicApi/pathSegment';
import { publicApiList, publicApiRequest } from '../../shared/transport/publicApiTransport';
import { FUNCTION_RESOURCE_TYPES } from '../publicApi/workspaceInput';

/**
 * Pickers for what lives inside another resource (a destination's filters and mappings, a
 * model's syncs, a source's write keys): each needs that resource chosen first, and says so
 * instead of showing Segment's 404.
 */

function parentId(ctx: ILoadOptionsFunctions, name: string, label: string): string {
	const id = chosenId(ctx, name);
	if (id === '') throw new NodeOperationError(ctx.getNode(), `Choose a ${label} first`);
	return pathSegment(id, label);
}

/** An ID from Segment's answer as a path segment, or nothing when it cannot be one: IDs from answers are checked as those from users are. */
function answeredSegment(value: unknown): string | undefined {
	try {
		return pathSegment(value, 'ID');
	} catch {
		return undefined;
	}
}

const matches = (filter: string | undefined) => {
	const wanted = (filter ?? '').trim().toLowerCase();
	return (item: INodeListSearchItems) => wanted === '' || `${item.name} ${str(item.value)}`.toLowerCase().includes(wanted);
};

/** Functions of every kind, one kind a page: the token says which kind comes next and where in it. */
export async function searchFunctions(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const [kindIndex, cursor] = (paginationToken ?? '0:').split(/:(.*)/s);
	const index = Math.min(Math.max(Number(kindIndex) || 0, 0), FUNCTION_RESOURCE_TYPES.length - 1);
	const resourceType = FUNCTION_RESOURCE_TYPES[index];
	const page = await search(this, {
		path: '/functions',
		key: 'functions',
		qs: { resourceType },
		item: (fn) => ({ name: str(fn.displayName) || str(fn.id), value: str(fn.id), description: `${resourceType.toLowerCase().replace(/_/g, ' ')} function` }),
	}, filter, cursor || undefined);
	const next = page.paginationToken ? `${index}:${page.paginationToken}` : index + 1 < FUNCTION_RESOURCE_TYPES.length ? `${index + 1}:` : undefined;
	return { results: page.results, paginationToken: next };
}

export async function searchDestinationFilters(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const destinationId = parentId(this, 'destinationId', 'Destination');
	return await search(this, {
		path: `/destination/${destinationId}/filters`,
		key: 'filters',
		item: (entry) => ({ name: str(entry.title) || str(entry.id), value: str(entry.id), description: `${str(entry.if)} · ${entry.enabled === false ? 'off' : 'on'}` }),
	}, filter, paginationToken);
}

export async function searchDestinationSubscriptions(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const destinationId = parentId(this, 'destinationId', 'Destination');
	return await search(this, {
		path: `/destinations/${destinationId}/subscriptions`,
		key: 'subscriptions',
		version: 'alpha',
		item: (entry) => ({ name: str(entry.name) || str(entry.id), value: str(entry.id), description: `${str(entry.actionSlug)} · ${str(entry.trigger)}` }),
	}, filter, paginationToken);
}

export async function searchPrivacyRequests(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/regulations',
		key: 'regulations',
		item: (entry) => ({ name: `${str(entry.regulationType)} · ${str(entry.status)}`, value: str(entry.id), description: `${str(entry.subjectType)} ${(Array.isArray(entry.subjects) ? entry.subjects : []).slice(0, 3).map(str).join(', ')} · ${str(entry.createdAt)}` }),
	}, filter, paginationToken);
}

export async function searchWriteKeys(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const sourceId = parentId(this, 'sourceId', 'Source');
	const data = await publicApiRequest(this, { method: 'GET', path: `/sources/${sourceId}` });
	const keys = (data.source as IDataObject | undefined)?.writeKeys;
	const results = (Array.isArray(keys) ? keys : [])
		.filter((key): key is string => typeof key === 'string' && key !== '')
		.map((key, index) => ({ name: `Write key ${index + 1} (${maskedKey(key)})`, value: key }));
	const wanted = (filter ?? '').trim().toLowerCase();
	return { results: results.filter((item) => wanted === '' || item.name.toLowerCase().includes(wanted)) };
}

/** A model's mappings: the subscriptions of its source's destinations that sync this model. */
async function mappingsOf(ctx: ILoadOptionsFunctions, modelId: string): Promise<IDataObject[]> {
	const model = await publicApiRequest(ctx, { method: 'GET', path: `/reverse-etl-models/${modelId}`, version: 'alpha', hints: REVERSE_ETL_HINTS });
	const sourceId = answeredSegment((model.reverseEtlModel as IDataObject | undefined)?.sourceId);
	if (sourceId === undefined) return [];
	const destinations = await publicApiList(ctx, { path: `/sources/${sourceId}/connected-destinations`, key: 'destinations', max: 50 });
	const mappings: IDataObject[] = [];
	for (const destination of destinations) {
		const id = answeredSegment(destination.id);
		if (id === undefined) continue;
		const subscriptions = await publicApiList(ctx, { path: `/destinations/${id}/subscriptions`, key: 'subscriptions', version: 'alpha', max: 200 });
		for (const subscription of subscriptions) {
			if (str(subscription.modelId) === decodeURIComponent(modelId)) mappings.push({ ...subscription, destinationName: str(destination.name) || str((destination.metadata as IDataObject | undefined)?.name) });
		}
	}
	return mappings;
}

export async function searchReverseEtlMappings(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const modelId = parentId(this, 'modelId', 'Model');
	const results = (await mappingsOf(this, modelId)).map((mapping) => ({
		name: `${str(mapping.name) || str(mapping.actionSlug)} → ${str(mapping.destinationName)}`,
		value: str(mapping.id),
		description: mapping.enabled === false ? 'off' : 'on',
	}));
	return { results: results.filter(matches(filter)) };
}

/** The newest syncs of the model: of the chosen mapping, or of each of its mappings. */
export async function searchReverseEtlSyncs(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const modelId = parentId(this, 'modelId', 'Model');
	const chosenMapping = chosenId(this, 'subscriptionId');
	const mappingIds = chosenMapping !== '' ? [chosenMapping] : (await mappingsOf(this, modelId)).map((mapping) => str(mapping.id));
	const statuses: IDataObject[] = [];
	for (const mappingId of mappingIds.slice(0, 20)) {
		const mappingSegment = answeredSegment(mappingId);
		if (mappingSegment === undefined) continue;
		const data = await publicApiRequest(this, {
			method: 'GET',
			path: `/reverse-etl-models/${modelId}/subscriptionId/${mappingSegment}/syncs`,
			qs: { count: 20 },
			version: 'alpha',
			hints: REVERSE_ETL_HINTS,
		});
		if (!Array.isArray(data.syncStatuses)) continue;
		for (const status of data.syncStatuses as unknown[]) if (status !== null && typeof status === 'object') statuses.push({ ...(status as IDataObject), mappingId });
	}
	statuses.sort((a, b) => str(b.startedAt).localeCompare(str(a.startedAt)));
	const results = statuses.map((status) => ({ name: `${str(status.startedAt) || str(status.syncId)} · ${str(status.syncStatus)}`, value: str(status.syncId), description: `Mapping ${str(status.mappingId)}` }));
	return { results: results.filter(matches(filter)) };
}
