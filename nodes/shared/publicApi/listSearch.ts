import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { nextCursor, PUBLIC_API_PAGE_SIZE } from '../transport/cursorPages';
import type { PublicApiVersion } from '../transport/publicApiTransport';
import { publicApiPage } from '../transport/publicApiTransport';
import { ENGAGE_HINTS, REVERSE_ETL_HINTS } from './engageHints';
import { pathSegment } from './pathSegment';

export interface Listing {
	path: string;
	key: string;
	version?: PublicApiVersion;
	qs?: IDataObject;
	pageSize?: number;
	hints?: Partial<Record<number, string>>;
	item(entity: IDataObject): INodeListSearchItems;
}

export const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const state = (entity: IDataObject) => (entity.enabled === false ? 'off' : 'on');

/**
 * One page of a workspace list for a picker. The Public API cannot filter by name, so the
 * page is filtered here and the next page is one scroll away.
 */
export async function search(ctx: ILoadOptionsFunctions, listing: Listing, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = await publicApiPage(ctx, listing, listing.pageSize ?? PUBLIC_API_PAGE_SIZE, paginationToken || undefined);
	const wanted = (filter ?? '').trim().toLowerCase();
	const results = page.entries
		.map((entity) => listing.item(entity))
		.filter((item) => wanted === '' || `${item.name} ${str(item.value)}`.toLowerCase().includes(wanted));
	const step = nextCursor(page.pagination, new Set(paginationToken ? [paginationToken] : []));
	// A cursor that does not move on would make the picker load the same page for ever.
	return { results, paginationToken: step.stuck ? undefined : step.next };
}

export async function searchSources(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/sources',
		key: 'sources',
		item: (source) => ({
			name: str(source.name),
			value: str(source.id),
			description: `${str((source.metadata as IDataObject | undefined)?.name)} · ${state(source)}`,
		}),
	}, filter, paginationToken);
}

export async function searchDestinations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/destinations',
		key: 'destinations',
		item: (destination) => ({
			name: str(destination.name) || str((destination.metadata as IDataObject | undefined)?.name),
			value: str(destination.id),
			description: `${str((destination.metadata as IDataObject | undefined)?.name)} · ${state(destination)}`,
		}),
	}, filter, paginationToken);
}

/** Webhooks (Actions) destinations: for the Engage space's, which Segment's app adds and its API cannot. */
export async function searchWebhooksDestinations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = await search(this, {
		path: '/destinations',
		key: 'destinations',
		item: (destination) => {
			const metadata = (destination.metadata ?? {}) as IDataObject;
			return {
				name: str(destination.name) || str(metadata.name),
				value: str(destination.id),
				description: `${str(metadata.slug)} · source ${str(destination.sourceId)} · ${state(destination)}`,
			};
		},
	}, filter, paginationToken);
	return { ...page, results: page.results.filter((item) => String(item.description).startsWith('actions-webhook ')) };
}

export async function searchTrackingPlans(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/tracking-plans',
		key: 'trackingPlans',
		item: (plan) => ({ name: str(plan.name), value: str(plan.id), description: str(plan.type) }),
	}, filter, paginationToken);
}

export async function searchWarehouses(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/warehouses',
		key: 'warehouses',
		item: (warehouse) => ({
			name: str((warehouse.settings as IDataObject | undefined)?.name) || str((warehouse.metadata as IDataObject | undefined)?.name),
			value: str(warehouse.id),
			description: `${str((warehouse.metadata as IDataObject | undefined)?.name)} · ${state(warehouse)}`,
		}),
	}, filter, paginationToken);
}

export async function searchSpaces(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/spaces',
		key: 'spaces',
		hints: ENGAGE_HINTS,
		version: 'alpha',
		item: (space) => ({ name: str(space.name) || str(space.slug), value: str(space.id), description: str(space.slug) }),
	}, filter, paginationToken);
}

/** A picker's parameter of the node as it is on screen: its ID, or empty. */
export function chosenId(ctx: ILoadOptionsFunctions, name: string): string {
	// Read as it is, not through n8n's extractValue, which fails for a field the current
	// operation does not show.
	const value = ctx.getCurrentNodeParameter(name) as unknown;
	const id = value !== null && typeof value === 'object' && '__rl' in value ? (value as { value?: unknown }).value : value;
	return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : '';
}

/**
 * The Engage space the node's Space picker holds, for pickers that list what is inside it.
 * Without one Segment would answer a 404 about "no such space": say what to do instead,
 * naming the space when the workspace has only one.
 */
async function chosenSpace(ctx: ILoadOptionsFunctions): Promise<string> {
	const spaceId = chosenId(ctx, 'spaceId');
	if (spaceId !== '') return pathSegment(spaceId, 'Space');
	let only = '';
	try {
		const { entries } = await publicApiPage(ctx, { path: '/spaces', key: 'spaces', version: 'alpha', hints: ENGAGE_HINTS }, 2);
		if (entries.length === 1) only = ` This workspace has one: ${str(entries[0].name) || str(entries[0].slug)} (${str(entries[0].id)}).`;
	} catch {
		// The advice stands without the space's name.
	}
	throw new NodeOperationError(ctx.getNode(), `Choose a Space first.${only}`);
}

export async function searchAudiences(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const wanted = (filter ?? '').trim();
	return await search(this, {
		path: `/spaces/${await chosenSpace(this)}/audiences`,
		key: 'audiences',
		hints: ENGAGE_HINTS,
		version: 'alpha',
		pageSize: 200,
		qs: wanted ? { 'search.type': 'NAME', 'search.query': wanted.slice(0, 255) } : {},
		item: (audience) => ({ name: str(audience.name), value: str(audience.id), description: `${str(audience.key)} · ${str(audience.audienceType)}` }),
	}, filter, paginationToken);
}

export async function searchComputedTraits(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: `/spaces/${await chosenSpace(this)}/computed-traits`,
		key: 'computedTraits',
		hints: ENGAGE_HINTS,
		version: 'alpha',
		item: (trait) => ({ name: str(trait.name), value: str(trait.id), description: str(trait.key) }),
	}, filter, paginationToken);
}

export async function searchReverseEtlModels(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/reverse-etl-models',
		key: 'models',
		hints: REVERSE_ETL_HINTS,
		version: 'alpha',
		item: (model) => ({ name: str(model.name), value: str(model.id), description: `Source ${str(model.sourceId)}${model.enabled === false ? ' · off' : ''}` }),
	}, filter, paginationToken);
}

/** Segment's catalogs are long (hundreds of entries): each page is filtered here, the next one a scroll away. */
export async function searchSourceCatalog(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/catalog/sources',
		key: 'sourcesCatalog',
		item: (entry) => ({ name: str(entry.name), value: str(entry.id), description: str(entry.slug) }),
	}, filter, paginationToken);
}

export async function searchDestinationCatalog(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search(this, {
		path: '/catalog/destinations',
		key: 'destinationsCatalog',
		item: (entry) => ({ name: str(entry.name), value: str(entry.id), description: str(entry.slug) }),
	}, filter, paginationToken);
}
