import { FILTER_ACTION_TYPES, applyFilter } from './destinationFilters';
import { compileFql, FqlError } from './fql';
import type { Handler, Route } from './publicApi';
import type { PublicApiAnswer } from './publicApiAnswers';
import { alphaOnly, invalid, isObject, notFound, ok, paginate, publicApiError } from './publicApiAnswers';
import type { Entity, FakeDestinationFilter, PublicApiStore } from './publicApiStore';
import { WORKSPACE } from './publicApiStore';
import { RETL_DESTINATION, RETL_SOURCE_ID } from './reverseEtl';

/**
 * The fake Public API's workspace administration, as segment-public-api-more.md (§6, §7)
 * gives it: sources made from the catalog with a write key the Tracking API then takes,
 * deleted ones and removed keys refused, labels, connections, destination filters that
 * really filter what the Webhooks destination passes on, subscriptions, functions,
 * tracking plans and suppressions.
 */

const id = (raw: string) => decodeURIComponent(raw);
const created = (data: unknown): PublicApiAnswer => ({ status: 201, body: { data } });
const alpha = (handler: Handler): Handler => (match, query, body, isAlpha) => (isAlpha ? handler(match, query, body, isAlpha) : alphaOnly());
const SCHEMA_SETTINGS_KEYS = ['track', 'identify', 'group', 'forwardingViolationsTo', 'forwardingBlockedEventsTo'];
const TRACKING_PLAN_TYPES = ['LIVE', 'TEMPLATE', 'RULE_LIBRARY', 'PROPERTY_LIBRARY', 'ENGAGE'];
const FUNCTION_TYPES = ['SOURCE', 'DESTINATION', 'INSERT_SOURCE', 'INSERT_DESTINATION', 'INSERT_TRANSFORMATION'];
const SUPPRESSING = ['SUPPRESS_ONLY', 'SUPPRESS_WITH_DELETE', 'SUPPRESS_WITH_DELETE_INTERNAL'];

function isValidCondition(condition: unknown): boolean {
	if (typeof condition !== 'string' || condition.trim() === '') return false;
	if (condition.trim() === 'all') return true;
	try {
		compileFql(condition);
		return true;
	} catch (error) {
		if (error instanceof FqlError) return false;
		throw error;
	}
}

function unexpectedKey(body: Record<string, unknown>, allowed: string[]): PublicApiAnswer | undefined {
	const extra = Object.keys(body).find((key) => !allowed.includes(key));
	return extra === undefined ? undefined : invalid(`Unexpected property ${extra}`, extra);
}

function createSource(store: PublicApiStore, body: unknown): PublicApiAnswer {
	if (!isObject(body)) return invalid('The body must be a JSON object');
	const extra = unexpectedKey(body, ['slug', 'metadataId', 'enabled', 'settings', 'disconnectAllWarehouses']);
	if (extra) return extra;
	if (typeof body.slug !== 'string' || body.slug.trim() === '') return invalid('slug is required', 'slug');
	if (store.sources.some((source) => source.slug === body.slug)) return invalid(`slug ${body.slug} is taken`, 'slug');
	const metadata = store.sourceCatalog.find((entry) => entry.id === body.metadataId);
	if (!metadata) return invalid('metadataId is not a source of the catalog', 'metadataId');
	if (typeof body.enabled !== 'boolean') return invalid('enabled is required', 'enabled');
	if (body.settings !== undefined && !isObject(body.settings)) return invalid('settings must be an object', 'settings');
	const source: Entity = {
		id: store.nextId('src'),
		slug: body.slug,
		name: body.slug,
		workspaceId: WORKSPACE.id,
		enabled: body.enabled,
		writeKeys: [store.newWriteKey()],
		metadata: { id: metadata.id, slug: metadata.slug, name: metadata.name, categories: metadata.categories, description: metadata.description ?? '', isCloudEventSource: false },
		settings: body.settings ?? {},
		labels: [],
	};
	store.sources.push(source);
	store.schemaSettings.set(source.id, { track: { allowUnplannedEvents: true }, identify: { allowUnplannedTraits: true }, group: { allowUnplannedTraits: true }, forwardingViolationsTo: null, forwardingBlockedEventsTo: null });
	store.sourceWarehouses.set(source.id, new Set(body.disconnectAllWarehouses === true ? [] : store.warehouses.map((warehouse) => warehouse.id)));
	store.audit.record('Source Created', { id: source.id, type: 'source', name: source.name });
	return created({ source });
}

/** A source deleted takes its write keys and its destinations with it. */
function deleteSource(store: PublicApiStore, sourceId: string): PublicApiAnswer {
	const at = store.sources.findIndex((source) => source.id === sourceId);
	if (at === -1) return notFound();
	const [source] = store.sources.splice(at, 1);
	for (const key of source.writeKeys as string[]) store.revokedWriteKeys.add(key);
	const gone = new Set(store.destinations.filter((destination) => destination.sourceId === sourceId).map((destination) => destination.id));
	for (const list of [store.destinations, store.subscriptions, store.destinationFilters] as Array<Array<{ id: string; destinationId?: unknown }>>) {
		for (let i = list.length - 1; i >= 0; i--) if (gone.has(list[i].id) || gone.has(String(list[i].destinationId))) list.splice(i, 1);
	}
	for (const sources of store.trackingPlanSources.values()) sources.delete(sourceId);
	store.audit.record('Source Deleted', { id: sourceId, type: 'source', name: source.name });
	return ok({ status: 'SUCCESS' });
}

function setLabels(store: PublicApiStore, source: Entity | undefined, body: unknown, replace: boolean): PublicApiAnswer {
	if (!source) return notFound();
	if (!isObject(body) || !Array.isArray(body.labels)) return invalid('labels must be a list', 'labels');
	const labels: Array<{ key: string; value: string }> = [];
	for (const [index, label] of body.labels.entries()) {
		const known = isObject(label) && store.labels.find((candidate) => candidate.key === label.key && candidate.value === label.value);
		if (!known) return invalid(`labels[${index}] is not a label of the workspace`, `labels[${index}]`);
		labels.push({ key: known.key, value: known.value });
	}
	const current = replace ? [] : [...(source.labels as Array<{ key: string; value: string }>)];
	for (const label of labels) if (!current.some((candidate) => candidate.key === label.key && candidate.value === label.value)) current.push(label);
	source.labels = current;
	store.audit.record('Source Modified', { id: source.id, type: 'source', name: source.name });
	return ok({ labels: current });
}

function checkFilter(body: Record<string, unknown>, partial: boolean): PublicApiAnswer | undefined {
	if (!partial || body.if !== undefined) if (!isValidCondition(body.if)) return invalid('if must be a valid FQL statement, or all', 'if');
	if (!partial || body.actions !== undefined) {
		if (!Array.isArray(body.actions) || body.actions.length === 0) return invalid('actions must be a non-empty list', 'actions');
		for (const [index, action] of body.actions.entries()) {
			if (!isObject(action) || !FILTER_ACTION_TYPES.includes(String(action.type))) return invalid(`actions[${index}].type must be one of ${FILTER_ACTION_TYPES.join(', ')}`, `actions[${index}].type`);
			if (action.type === 'SAMPLE' && (typeof action.percent !== 'number' || action.percent < 0 || action.percent > 1)) return invalid(`actions[${index}].percent must be from 0 to 1`, `actions[${index}].percent`);
			if (String(action.type).endsWith('PROPERTIES') && !isObject(action.fields)) return invalid(`actions[${index}].fields is required`, `actions[${index}].fields`);
		}
	}
	if (!partial || body.title !== undefined) if (typeof body.title !== 'string' || body.title === '') return invalid('title is required', 'title');
	if (!partial || body.enabled !== undefined) if (typeof body.enabled !== 'boolean') return invalid('enabled must be true or false', 'enabled');
	return undefined;
}

function createFilter(store: PublicApiStore, destinationId: string, body: unknown): PublicApiAnswer {
	const destination = store.destinations.find((candidate) => candidate.id === destinationId);
	if (!destination) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	const extra = unexpectedKey(body, ['sourceId', 'if', 'actions', 'title', 'description', 'enabled']);
	if (extra) return extra;
	if (body.sourceId !== destination.sourceId) return invalid("sourceId must be the destination's own source", 'sourceId');
	const problem = checkFilter(body, false);
	if (problem) return problem;
	const now = new Date().toISOString();
	const filter: FakeDestinationFilter = {
		id: store.nextId('df'),
		sourceId: String(body.sourceId),
		destinationId,
		if: String(body.if),
		actions: body.actions as FakeDestinationFilter['actions'],
		title: String(body.title),
		description: typeof body.description === 'string' ? body.description : null,
		enabled: body.enabled as boolean,
		createdAt: now,
		updatedAt: now,
	};
	store.destinationFilters.push(filter);
	store.audit.record('Destination Filter Created', { id: filter.id, type: 'destination_filter', name: filter.title });
	return ok({ filter });
}

function updateFilter(store: PublicApiStore, filter: FakeDestinationFilter | undefined, body: unknown): PublicApiAnswer {
	if (!filter) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	const extra = unexpectedKey(body, ['if', 'actions', 'title', 'description', 'enabled']);
	if (extra) return extra;
	const problem = checkFilter(body, true);
	if (problem) return problem;
	for (const key of ['if', 'actions', 'title', 'description', 'enabled'] as const) if (body[key] !== undefined) (filter as Record<string, unknown>)[key] = body[key];
	filter.updatedAt = new Date().toISOString();
	store.audit.record(filter.enabled ? 'Destination Filter Enabled' : 'Destination Filter Disabled', { id: filter.id, type: 'destination_filter', name: filter.title });
	return ok({ filter });
}

function previewFilter(body: unknown): PublicApiAnswer {
	if (!isObject(body) || !isObject(body.filter) || !isObject(body.payload)) return invalid('filter and payload are required', 'filter');
	const problem = checkFilter({ ...body.filter, title: 'preview', enabled: true }, false);
	if (problem) return problem;
	const result = applyFilter(body.filter as never, body.payload);
	return ok({ inputPayload: body.payload, result });
}

function updateSchemaSettings(store: PublicApiStore, sourceId: string, body: unknown): PublicApiAnswer {
	const settings = store.schemaSettings.get(sourceId);
	if (!settings) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	const extra = unexpectedKey(body, SCHEMA_SETTINGS_KEYS);
	if (extra) return extra;
	for (const [key, value] of Object.entries(body)) {
		settings[key] = isObject(value) && isObject(settings[key]) ? { ...(settings[key] as Record<string, unknown>), ...value } : value;
	}
	store.audit.record('Source Settings Modified', { id: sourceId, type: 'source' });
	return ok({ settings, sourceId });
}

function createTrackingPlan(store: PublicApiStore, body: unknown): PublicApiAnswer {
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (typeof body.name !== 'string' || body.name === '') return invalid('name is required', 'name');
	if (!TRACKING_PLAN_TYPES.includes(String(body.type))) return invalid(`type must be one of ${TRACKING_PLAN_TYPES.join(', ')}`, 'type');
	const now = new Date().toISOString();
	const trackingPlan: Entity = { id: store.nextId('tp'), slug: body.name.toLowerCase().replace(/\W+/g, '-'), name: body.name, description: body.description ?? '', type: body.type, createdAt: now, updatedAt: now };
	store.trackingPlans.push(trackingPlan);
	store.rules.set(trackingPlan.id, []);
	store.audit.record('Tracking Plan Created', { id: trackingPlan.id, type: 'tracking_plan', name: trackingPlan.name });
	return ok({ trackingPlan });
}

function suppressions(store: PublicApiStore, query: URLSearchParams): PublicApiAnswer {
	const byType = new Map<string, Set<string>>();
	for (const regulation of store.regulations.filter((candidate) => SUPPRESSING.includes(candidate.regulationType))) {
		if (!byType.has(regulation.subjectType)) byType.set(regulation.subjectType, new Set());
		for (const subject of regulation.subjectIds) byType.get(regulation.subjectType)!.add(subject);
	}
	return paginate([...byType].map(([subjectType, ids]) => ({ subjectType, subjectIds: [...ids] })), query, 'suppressed');
}

export function workspaceAdminRoutes(store: PublicApiStore): Route[] {
	const byId = (list: Entity[], raw: string) => list.find((entity) => entity.id === id(raw));
	const filterOf = (destinationId: string, filterId: string) => store.destinationFilters.find((filter) => filter.destinationId === id(destinationId) && filter.id === id(filterId));
	return [
		['GET', /^\/catalog\/sources$/, (_, query) => paginate(store.sourceCatalog, query, 'sourcesCatalog')],
		['POST', /^\/sources$/, (_, __, body) => createSource(store, body)],
		['DELETE', /^\/sources\/([^/]+)$/, ([, sourceId]) => deleteSource(store, id(sourceId))],
		['GET', /^\/sources\/([^/]+)\/connected-destinations$/, ([, sourceId], query) =>
			id(sourceId) === RETL_SOURCE_ID ? paginate([RETL_DESTINATION], query, 'destinations') : byId(store.sources, sourceId) ? paginate(store.destinations.filter((destination) => destination.sourceId === id(sourceId)), query, 'destinations') : notFound()],
		['GET', /^\/sources\/([^/]+)\/connected-warehouses$/, ([, sourceId], query) => {
			const connected = store.sourceWarehouses.get(id(sourceId));
			return connected ? paginate(store.warehouses.filter((warehouse) => connected.has(warehouse.id)), query, 'warehouses') : notFound();
		}],
		['POST', /^\/sources\/([^/]+)\/labels$/, ([, sourceId], _, body) => setLabels(store, byId(store.sources, sourceId), body, false)],
		['PUT', /^\/sources\/([^/]+)\/labels$/, ([, sourceId], _, body) => setLabels(store, byId(store.sources, sourceId), body, true)],
		['POST', /^\/sources\/([^/]+)\/writekey$/, alpha(([, sourceId]) => {
			const source = byId(store.sources, sourceId);
			if (!source) return notFound();
			(source.writeKeys as string[]).push(store.newWriteKey());
			store.audit.record('Source Modified', { id: source.id, type: 'source', name: source.name });
			return ok({ source });
		})],
		['DELETE', /^\/sources\/([^/]+)\/writekey\/([^/]+)$/, alpha(([, sourceId, writeKey]) => {
			const source = byId(store.sources, sourceId);
			const keys = (source?.writeKeys ?? []) as string[];
			if (!source || !keys.includes(id(writeKey))) return notFound();
			source.writeKeys = keys.filter((key) => key !== id(writeKey));
			store.revokedWriteKeys.add(id(writeKey));
			store.audit.record('Source Modified', { id: source.id, type: 'source', name: source.name });
			return ok({ status: 'SUCCESS' });
		})],
		['PATCH', /^\/sources\/([^/]+)\/settings$/, ([, sourceId], _, body) => updateSchemaSettings(store, id(sourceId), body)],
		['GET', /^\/labels$/, () => ok({ labels: store.labels })],
		['POST', /^\/labels$/, (_, __, body) => {
			const label = isObject(body) ? body.label : undefined;
			if (!isObject(label) || typeof label.key !== 'string' || label.key === '' || typeof label.value !== 'string' || label.value === '') return invalid('label.key and label.value are required', 'label');
			if (store.labels.some((candidate) => candidate.key === label.key && candidate.value === label.value)) return publicApiError(409, 'conflict', 'The label exists');
			const made = { key: label.key, value: label.value, ...(typeof label.description === 'string' ? { description: label.description } : {}) };
			store.labels.push(made);
			store.audit.record('Label Created', { id: `${made.key}:${made.value}`, type: 'label' });
			return created({ label: made });
		}],
		['DELETE', /^\/labels\/([^/]+)\/([^/]+)$/, ([, key, value]) => {
			const at = store.labels.findIndex((label) => label.key === id(key) && label.value === id(value));
			if (at === -1) return notFound();
			store.labels.splice(at, 1);
			for (const source of store.sources) source.labels = (source.labels as Array<{ key: string; value: string }>).filter((label) => label.key !== id(key) || label.value !== id(value));
			store.audit.record('Label Deleted', { id: `${id(key)}:${id(value)}`, type: 'label' });
			return ok({ status: 'SUCCESS' });
		}],
		['GET', /^\/destinations\/([^/]+)\/subscriptions\/([^/]+)$/, alpha(([, destinationId, subscriptionId]) => {
			const subscription = store.subscriptions.find((candidate) => candidate.destinationId === id(destinationId) && candidate.id === id(subscriptionId));
			return subscription ? ok({ subscription }) : notFound();
		})],
		['DELETE', /^\/destinations\/([^/]+)\/subscriptions\/([^/]+)$/, alpha(([, destinationId, subscriptionId]) => {
			const at = store.subscriptions.findIndex((candidate) => candidate.destinationId === id(destinationId) && candidate.id === id(subscriptionId));
			if (at === -1) return notFound();
			store.subscriptions.splice(at, 1);
			store.audit.record('Destination Subscription Deleted', { id: id(subscriptionId), type: 'subscription' });
			return ok({ status: 'SUCCESS' });
		})],
		['POST', /^\/destination\/filters\/preview$/, (_, __, body) => previewFilter(body)],
		['GET', /^\/destination\/([^/]+)\/filters$/, ([, destinationId], query) =>
			byId(store.destinations, destinationId) ? paginate(store.destinationFilters.filter((filter) => filter.destinationId === id(destinationId)), query, 'filters') : notFound()],
		['POST', /^\/destination\/([^/]+)\/filters$/, ([, destinationId], _, body) => createFilter(store, id(destinationId), body)],
		['GET', /^\/destination\/([^/]+)\/filters\/([^/]+)$/, ([, destinationId, filterId]) => {
			const filter = filterOf(destinationId, filterId);
			return filter ? ok({ filter }) : notFound();
		}],
		['PATCH', /^\/destination\/([^/]+)\/filters\/([^/]+)$/, ([, destinationId, filterId], _, body) => updateFilter(store, filterOf(destinationId, filterId), body)],
		['DELETE', /^\/destination\/([^/]+)\/filters\/([^/]+)$/, ([, destinationId, filterId]) => {
			const filter = filterOf(destinationId, filterId);
			if (!filter) return notFound();
			store.destinationFilters.splice(store.destinationFilters.indexOf(filter), 1);
			store.audit.record('Destination Filter Deleted', { id: filter.id, type: 'destination_filter', name: filter.title });
			return ok({ status: 'SUCCESS' });
		}],
		['GET', /^\/functions$/, (_, query) => {
			const type = query.get('resourceType');
			if (!FUNCTION_TYPES.includes(String(type))) return invalid(`resourceType must be one of ${FUNCTION_TYPES.join(', ')}`, 'resourceType');
			return paginate(store.functions.filter((fn) => fn.resourceType === type).map(({ id: fnId, resourceType, displayName, description }) => ({ id: fnId, resourceType, displayName, description })), query, 'functions');
		}],
		['GET', /^\/functions\/([^/]+)$/, ([, functionId]) => {
			const fn = byId(store.functions, functionId);
			return fn ? ok({ function: fn }) : notFound();
		}],
		['POST', /^\/functions\/([^/]+)\/deploy$/, ([, functionId]) => {
			const fn = byId(store.functions, functionId);
			if (!fn) return notFound();
			if (fn.resourceType !== 'SOURCE') return invalid('Only source functions are deployed this way', 'functionId');
			Object.assign(fn, { deployedAt: new Date().toISOString(), isLatestVersion: true });
			return ok({ functionDeployment: { status: 'SUCCESS' } });
		}],
		['POST', /^\/tracking-plans$/, (_, __, body) => createTrackingPlan(store, body)],
		['DELETE', /^\/tracking-plans\/([^/]+)$/, ([, planId]) => {
			const at = store.trackingPlans.findIndex((plan) => plan.id === id(planId));
			if (at === -1) return notFound();
			store.trackingPlans.splice(at, 1);
			store.rules.delete(id(planId));
			store.trackingPlanSources.delete(id(planId));
			store.audit.record('Tracking Plan Deleted', { id: id(planId), type: 'tracking_plan' });
			return ok({ status: 'SUCCESS' });
		}],
		['POST', /^\/tracking-plans\/([^/]+)\/sources$/, ([, planId], _, body) => {
			if (!byId(store.trackingPlans, planId)) return notFound();
			const sourceId = isObject(body) ? body.sourceId : undefined;
			if (typeof sourceId !== 'string' || !store.sources.some((source) => source.id === sourceId)) return invalid('sourceId is not a source of this workspace', 'sourceId');
			if (!store.trackingPlanSources.has(id(planId))) store.trackingPlanSources.set(id(planId), new Set());
			store.trackingPlanSources.get(id(planId))!.add(sourceId);
			store.audit.record('Source Modified', { id: sourceId, type: 'source' });
			return ok({ status: 'SUCCESS' });
		}],
		['DELETE', /^\/tracking-plans\/([^/]+)\/sources$/, ([, planId], query, body) => {
			if (body !== undefined) return invalid('This endpoint takes sourceId as a query parameter, not a body');
			const sourceId = query.get('sourceId');
			if (!sourceId) return invalid('sourceId is required', 'sourceId');
			const connected = store.trackingPlanSources.get(id(planId));
			if (!byId(store.trackingPlans, planId) || !connected?.has(sourceId)) return notFound();
			connected.delete(sourceId);
			store.audit.record('Source Modified', { id: sourceId, type: 'source' });
			return ok({ status: 'SUCCESS' });
		}],
		['GET', /^\/suppressions$/, (_, query) => suppressions(store, query)],
	];
}
