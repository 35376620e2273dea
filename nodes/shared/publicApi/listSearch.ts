import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { nextCursor, PUBLIC_API_PAGE_SIZE } from '../transport/cursorPages';
import type { PublicApiVersion } from '../transport/publicApiTransport';
import { publicApiPage } from '../transport/publicApiTransport';
import { ENGAGE_HINTS, REVERSE_ETL_HINTS } from './engageHints';

interface Listing {
	path: string;
	key: string;
	version?: PublicApiVersion;
	qs?: IDataObject;
	pageSize?: number;
	hints?: Partial<Record<number, string>>;
	item(entity: IDataObject): INodeListSearchItems;
}

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const state = (entity: IDataObject) => (entity.enabled === false ? 'off' : 'on');

/**
 * One page of a workspace list for a picker. The Public API cannot filter by name, so the
 * page is filtered here and the next page is one scroll away.
 */
async function search(ctx: ILoadOptionsFunctions, listing: Listing, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
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

/** The Engage space the node's Space picker holds, for pickers that list what is inside it. */
function chosenSpace(ctx: ILoadOptionsFunctions): string {
	return encodeURIComponent(str(ctx.getCurrentNodeParameter('spaceId', { extractValue: true })).trim());
}

export async function searchAudiences(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const wanted = (filter ?? '').trim();
	return await search(this, {
		path: `/spaces/${chosenSpace(this)}/audiences`,
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
		path: `/spaces/${chosenSpace(this)}/computed-traits`,
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
