import type { IncomingHttpHeaders } from 'node:http';

import { engageRoutes } from './engageApi';
import { workspaceAdminRoutes } from './workspaceAdminApi';
import { compileFql, FqlError } from './fql';
import type { Entity, FakeRule, FakeSubscription, PublicApiStore } from './publicApiStore';
import { REGULATION_PROGRESS, WORKSPACE } from './publicApiStore';
import type { PublicApiAnswer } from './publicApiAnswers';
import { alphaOnly, invalid, isObject, notFound, ok, paginate, publicApiError } from './publicApiAnswers';
import { RETL_DESTINATION } from './reverseEtl';

export type { PublicApiAnswer } from './publicApiAnswers';
export { paginate, publicApiError } from './publicApiAnswers';

/**
 * The fake Public API: Segment's routes for what the node uses, Bearer auth, cursor
 * pagination, `{"errors": [...]}` answers and validation as segment-api.md describes them.
 */

/** What a token may do: everything, only read, or nothing in this workspace. */
export type TokenRole = 'owner' | 'readOnly' | 'noAccess';

export const REGULATION_TYPES = ['SUPPRESS_ONLY', 'UNSUPPRESS', 'SUPPRESS_WITH_DELETE', 'SUPPRESS_WITH_DELETE_INTERNAL', 'DELETE_INTERNAL', 'DELETE_ONLY'];
const SOURCE_REGULATION_TYPES = [...REGULATION_TYPES, 'DELETE_ARCHIVE_ONLY'];
const REGULATION_STATUSES = ['FAILED', 'FINISHED', 'INITIALIZED', 'INVALID', 'NOT_SUPPORTED', 'PARTIAL_SUCCESS', 'RUNNING'];
const RULE_TYPES = ['COMMON', 'IDENTIFY', 'GROUP', 'PAGE', 'SCREEN', 'TRACK'];
export const MAX_SUBJECT_IDS = 5_000;

function isValidFql(statement: string): boolean {
	try {
		compileFql(statement);
		return true;
	} catch (error) {
		if (error instanceof FqlError) return false;
		throw error;
	}
}

/** PATCH of a source or destination: a name and `enabled`, checked as Segment checks them. */
function patchEntity(store: PublicApiStore, entity: Entity | undefined, body: unknown, key: 'source' | 'destination'): PublicApiAnswer {
	if (!entity) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (body.enabled !== undefined && typeof body.enabled !== 'boolean') return invalid('enabled must be true or false', 'enabled');
	if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) return invalid('name must be a non-empty string', 'name');
	for (const field of ['name', 'enabled', 'slug', 'settings']) if (body[field] !== undefined) entity[field] = body[field];
	store.audit.record(key === 'source' ? 'Source Modified' : 'Integration Modified', { id: entity.id, type: key === 'source' ? 'source' : 'integration', name: entity.name });
	return ok({ [key]: entity });
}

function checkRules(body: unknown, renames = false): Array<FakeRule & { newKey?: string }> | PublicApiAnswer {
	if (!isObject(body) || !Array.isArray(body.rules)) return invalid('rules must be a list', 'rules');
	const now = new Date().toISOString();
	const rules: FakeRule[] = [];
	for (const [index, rule] of body.rules.entries()) {
		if (!isObject(rule) || !RULE_TYPES.includes(String(rule.type))) return invalid(`rules[${index}].type must be one of ${RULE_TYPES.join(', ')}`, `rules[${index}].type`);
		if (!isObject(rule.jsonSchema)) return invalid(`rules[${index}].jsonSchema must be an object`, `rules[${index}].jsonSchema`);
		if (typeof rule.version !== 'number') return invalid(`rules[${index}].version must be a number`, `rules[${index}].version`);
		if (rule.type === 'TRACK' && (typeof rule.key !== 'string' || rule.key === '')) return invalid(`rules[${index}].key is required for TRACK rules`, `rules[${index}].key`);
		if (rule.newKey !== undefined && (!renames || typeof rule.newKey !== 'string' || rule.newKey === '')) return invalid(`rules[${index}].newKey is not allowed here`, `rules[${index}].newKey`);
		rules.push({ type: String(rule.type), ...(rule.key !== undefined ? { key: String(rule.key) } : {}), jsonSchema: rule.jsonSchema, version: rule.version, createdAt: now, updatedAt: now, ...(rule.newKey !== undefined ? { newKey: String(rule.newKey) } : {}) });
	}
	return rules as Array<FakeRule & { newKey?: string }>;
}

const ruleIdentity = (rule: FakeRule) => `${rule.type}:${rule.key ?? ''}:${rule.version}`;

function createRegulation(store: PublicApiStore, body: unknown, scope: 'workspace' | 'source' | 'cloudSource', sourceId?: string): PublicApiAnswer {
	if (sourceId !== undefined && !store.sources.some((source) => source.id === sourceId)) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	const types = scope === 'workspace' ? REGULATION_TYPES : SOURCE_REGULATION_TYPES;
	if (!types.includes(String(body.regulationType))) return invalid(`regulationType must be one of ${types.join(', ')}`, 'regulationType');
	const subjectTypes = { workspace: ['USER_ID', 'OBJECT_ID'], source: ['USER_ID', 'ANONYMOUS_ID'], cloudSource: ['OBJECT_ID'] }[scope];
	if (!subjectTypes.includes(String(body.subjectType))) return invalid(`subjectType must be one of ${subjectTypes.join(', ')}`, 'subjectType');
	if (body.subjectType === 'ANONYMOUS_ID' && body.regulationType !== 'DELETE_ARCHIVE_ONLY') {
		return invalid('ANONYMOUS_ID is only supported with DELETE_ARCHIVE_ONLY', 'subjectType');
	}
	const ids = body.subjectIds;
	if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_SUBJECT_IDS || !ids.every((id) => typeof id === 'string' && id !== '')) {
		return invalid(`subjectIds must be a list of 1 to ${MAX_SUBJECT_IDS} non-empty strings`, 'subjectIds');
	}
	if (scope === 'cloudSource' && (typeof body.collection !== 'string' || body.collection === '')) return invalid('collection is required', 'collection');
	const quota = store.regulationQuota(ids.length);
	if (quota) return quota;
	const regulation = store.addRegulation({ regulationType: String(body.regulationType), subjectType: String(body.subjectType), subjectIds: ids as string[], sourceId });
	store.audit.record('Regulation Created', { id: regulation.id, type: 'regulation', name: regulation.regulationType });
	return ok({ regulateId: regulation.id });
}

function listRegulations(store: PublicApiStore, query: URLSearchParams, sourceId?: string): PublicApiAnswer {
	if (sourceId !== undefined && !store.sources.some((source) => source.id === sourceId)) return notFound();
	const status = query.get('status');
	if (status !== null && !REGULATION_STATUSES.includes(status)) return invalid(`status must be one of ${REGULATION_STATUSES.join(', ')}`, 'status');
	const types = query.getAll('regulationTypes');
	const selected = store.regulations.filter(
		(regulation) =>
			(sourceId === undefined || regulation.sourceId === sourceId) &&
			(status === null || regulation.overallStatus === status) &&
			(types.length === 0 || types.includes(regulation.regulationType)),
	);
	if (sourceId === undefined) return paginate(selected.map(regulationListEntry), query, 'regulations');
	// Segment's list for one source takes a page size but answers without a cursor (spec 73.2.0).
	const page = paginate(selected.map(regulationListEntry), query, 'regulations');
	if (page.status !== 200) return page;
	const { regulations } = (page.body as { data: { regulations: unknown[] } }).data;
	return ok({ regulations });
}

/** Storage destinations (warehouses, S3): Delivery Overview does not cover them (Segment's docs), and refuses to count them. */
export const STORAGE_DESTINATION_SLUGS = new Set(['amazon-s3', 'google-cloud-storage', 'azure-storage']);

function uncoveredByDeliveryOverview(store: PublicApiStore, query: URLSearchParams): PublicApiAnswer | undefined {
	const destination = store.destinations.find((candidate) => candidate.id === query.get('destinationConfigId'));
	const slug = String((destination?.metadata as { slug?: string } | undefined)?.slug ?? '');
	return STORAGE_DESTINATION_SLUGS.has(slug) ? publicApiError(422, 'validation', 'Delivery Overview is not available for storage destinations') : undefined;
}

/** A regulation as Segment shows it (the SDK's Regulation): without what it was asked to do. */
function regulationView({ id, workspaceId, overallStatus, createdAt, finishedAt, streamStatus }: Entity & Record<string, unknown>) {
	return { id, workspaceId, overallStatus, createdAt, ...(finishedAt ? { finishedAt } : {}), streamStatus };
}

/** A request as Segment lists it (the SDK's RegulationListEntryV1): its status is `status`, not `overallStatus` as one request's own answer has it. */
function regulationListEntry({ id, subjectType, subjectIds, overallStatus, createdAt, regulationType, finishedAt }: Entity & Record<string, unknown>) {
	return { id, subjectType, subjects: subjectIds, status: overallStatus, createdAt, regulationType, ...(finishedAt ? { finishedAt } : {}) };
}

function createDestination(store: PublicApiStore, body: unknown): PublicApiAnswer {
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (!store.sources.some((source) => source.id === body.sourceId)) return invalid('sourceId is not a source of this workspace', 'sourceId');
	const metadata = store.catalog.find((entry) => entry.id === body.metadataId);
	if (!metadata) return invalid('metadataId is not a destination of the catalog', 'metadataId');
	if (!isObject(body.settings)) return invalid('settings is required: an object, {} at least', 'settings');
	const destination: Entity = {
		id: store.nextId('dst'),
		name: typeof body.name === 'string' ? body.name : String(metadata.name),
		enabled: body.enabled !== false,
		workspaceId: WORKSPACE.id,
		sourceId: body.sourceId,
		metadata: { id: metadata.id, slug: metadata.slug, name: metadata.name },
		settings: (body.settings as Record<string, unknown> | undefined) ?? {},
	};
	store.destinations.push(destination);
	store.audit.record('Integration Created', { id: destination.id, type: 'integration', name: destination.name });
	return ok({ destination });
}

function createSubscription(store: PublicApiStore, destinationId: string, body: unknown): PublicApiAnswer {
	const destination = store.destinations.find((candidate) => candidate.id === destinationId);
	if (!destination) return notFound();
	if (!store.subscriptionsEnabled) return publicApiError(403, 'forbidden', 'Destination subscriptions are not enabled for this workspace');
	if (!isObject(body)) return invalid('The body must be a JSON object');
	const metadata = store.catalog.find((entry) => entry.id === (destination.metadata as Entity).id);
	const action = (metadata?.actions as Entity[] | undefined)?.find((candidate) => candidate.id === body.actionId);
	if (!action) return invalid('actionId is not an action of this destination', 'actionId');
	if (typeof body.trigger !== 'string' || !isValidFql(body.trigger)) return invalid('trigger must be a valid FQL statement, e.g. type = "track"', 'trigger');
	const settings = isObject(body.settings) ? body.settings : {};
	if (typeof settings.url !== 'string' || !/^https?:\/\//.test(settings.url)) return invalid('settings.url must be an http(s) URL', 'settings.url');
	const subscription: FakeSubscription = {
		id: store.nextId('sub'),
		name: typeof body.name === 'string' ? body.name : 'Send',
		actionId: action.id,
		actionSlug: String(action.slug),
		destinationId,
		enabled: body.enabled !== false,
		trigger: body.trigger,
		settings,
	};
	store.subscriptions.push(subscription);
	store.audit.record('Destination Subscription Created', { id: subscription.id, type: 'subscription', name: subscription.name });
	return ok({ destinationSubscription: subscription });
}

function updateSubscription(store: PublicApiStore, destinationId: string, id: string, body: unknown): PublicApiAnswer {
	const subscription = store.subscriptions.find((candidate) => candidate.destinationId === destinationId && candidate.id === id);
	if (!subscription) return notFound();
	if (!isObject(body) || !isObject(body.input)) return invalid('input is required: the fields to change go inside it', 'input');
	const { input } = body;
	if (input.trigger !== undefined) {
		if (typeof input.trigger !== 'string' || !isValidFql(input.trigger)) return invalid('trigger must be a valid FQL statement', 'input.trigger');
		subscription.trigger = input.trigger;
	}
	if (input.enabled !== undefined) subscription.enabled = input.enabled === true;
	if (typeof input.name === 'string') subscription.name = input.name;
	if (input.settings !== undefined) {
		if (!isObject(input.settings)) return invalid('settings must be an object', 'input.settings');
		subscription.settings = input.settings;
	}
	store.audit.record('Destination Subscription Modified', { id: subscription.id, type: 'subscription', name: subscription.name });
	return ok({ subscription });
}

function deleteDestination(store: PublicApiStore, id: string): PublicApiAnswer {
	const at = store.destinations.findIndex((destination) => destination.id === id);
	if (at === -1) return notFound();
	const [removed] = store.destinations.splice(at, 1);
	store.audit.record('Integration Deleted', { id, type: 'integration', name: removed.name });
	for (let i = store.subscriptions.length - 1; i >= 0; i--) if (store.subscriptions[i].destinationId === id) store.subscriptions.splice(i, 1);
	return ok({ status: 'SUCCESS' });
}

export type Handler = (match: RegExpExecArray, query: URLSearchParams, body: unknown, alpha: boolean) => PublicApiAnswer;

export type Route = [string, RegExp, Handler];

function routes(store: PublicApiStore): Route[] {
	const byId = (list: Entity[], id: string) => list.find((entity) => entity.id === decodeURIComponent(id));
	return [
		['GET', /^\/$/, () => ok({ workspace: WORKSPACE })],
		['GET', /^\/sources$/, (_, query) => paginate(store.sources, query, 'sources')],
		['GET', /^\/sources\/([^/]+)$/, ([, id]) => {
			const source = byId(store.sources, id);
			const trackingPlanId = [...store.trackingPlanSources].find(([, sources]) => source && sources.has(source.id))?.[0] ?? null;
			return source ? ok({ source, trackingPlanId }) : notFound();
		}],
		['PATCH', /^\/sources\/([^/]+)$/, ([, id], _, body) => patchEntity(store, byId(store.sources, id), body, 'source')],
		['GET', /^\/sources\/([^/]+)\/settings$/, ([, id]) => {
			const settings = store.schemaSettings.get(decodeURIComponent(id));
			return settings ? ok({ settings, sourceId: decodeURIComponent(id) }) : notFound();
		}],
		['GET', /^\/destinations$/, (_, query) => paginate(store.destinations, query, 'destinations')],
		['GET', /^\/destinations\/([^/]+)$/, ([, id]) => {
			const destination = byId(store.destinations, id);
			return destination ? ok({ destination }) : notFound();
		}],
		['PATCH', /^\/destinations\/([^/]+)$/, ([, id], _, body) => patchEntity(store, byId(store.destinations, id), body, 'destination')],
		['POST', /^\/destinations$/, (_, __, body) => createDestination(store, body)],
		['DELETE', /^\/destinations\/([^/]+)$/, ([, id]) => deleteDestination(store, decodeURIComponent(id))],
		['POST', /^\/destinations\/([^/]+)\/subscriptions$/, ([, id], _, body, alpha) =>
			alpha ? createSubscription(store, decodeURIComponent(id), body) : publicApiError(415, 'unsupported-media-type', 'This endpoint is in alpha: send application/vnd.segment.v1alpha+json')],
		['GET', /^\/destinations\/([^/]+)\/subscriptions$/, ([, id], query, _, alpha) => {
			if (!alpha) return publicApiError(415, 'unsupported-media-type', 'This endpoint is in alpha: send application/vnd.segment.v1alpha+json');
			if (decodeURIComponent(id) === RETL_DESTINATION.id) return paginate(store.reverseEtl.mappings(), query, 'subscriptions');
			if (!byId(store.destinations, id)) return notFound();
			return paginate(store.subscriptions.filter((subscription) => subscription.destinationId === decodeURIComponent(id)), query, 'subscriptions');
		}],
		['PATCH', /^\/destinations\/([^/]+)\/subscriptions\/([^/]+)$/, ([, id, subscriptionId], _, body, alpha) =>
			alpha ? updateSubscription(store, decodeURIComponent(id), decodeURIComponent(subscriptionId), body) : alphaOnly()],
		['GET', /^\/delivery-overview\/([a-z-]+)$/, ([, stage], query) =>
			uncoveredByDeliveryOverview(store, query) ??
			store.observability.deliveryOverview(stage, query, new Set(store.sources.map((source) => source.id)), (sourceId) => store.destinations.filter((destination) => destination.sourceId === sourceId).map((destination) => destination.id), Date.now())],
		['GET', /^\/destinations\/([^/]+)\/delivery-metrics$/, ([, id], query) => {
			const destination = byId(store.destinations, id);
			return destination ? store.observability.deliverySummary(destination.id, query, String((destination.metadata as Entity).id), Date.now()) : notFound();
		}],
		['GET', /^\/events\/volume$/, (_, query) =>
			store.observability.eventVolume(query, new Map(store.sources.map((source) => [source.id, { name: String(source.name), slug: String(source.slug) }])), Date.now())],
		['GET', /^\/usage\/mtu\/daily$/, (_, query) => store.observability.mtu(query, false, Date.now())],
		['GET', /^\/usage\/mtu\/sources\/daily$/, (_, query) => store.observability.mtu(query, true, Date.now())],
		['GET', /^\/usage\/api-calls\/daily$/, (_, query) => store.observability.apiCallsUsage(query, false, Date.now())],
		['GET', /^\/usage\/api-calls\/sources\/daily$/, (_, query) => store.observability.apiCallsUsage(query, true, Date.now())],
		['GET', /^\/audit-events$/, (_, query) => store.audit.list(query)],
		['GET', /^\/catalog\/destinations$/, (_, query) => paginate(store.catalog, query, 'destinationsCatalog')],
		['GET', /^\/catalog\/destinations\/([^/]+)$/, ([, id]) => {
			const destinationMetadata = byId(store.catalog, id);
			return destinationMetadata ? ok({ destinationMetadata }) : notFound();
		}],
		['GET', /^\/tracking-plans$/, (_, query) => paginate(store.trackingPlans, query, 'trackingPlans')],
		['GET', /^\/tracking-plans\/([^/]+)$/, ([, id]) => {
			const trackingPlan = byId(store.trackingPlans, id);
			return trackingPlan ? ok({ trackingPlan }) : notFound();
		}],
		['GET', /^\/tracking-plans\/([^/]+)\/rules$/, ([, id], query) => {
			const rules = store.rules.get(decodeURIComponent(id));
			return rules ? paginate(rules, query, 'rules') : notFound();
		}],
		['PUT', /^\/tracking-plans\/([^/]+)\/rules$/, ([, id], _, body) => {
			if (!store.rules.has(decodeURIComponent(id))) return notFound();
			const rules = checkRules(body);
			if (!Array.isArray(rules)) return rules;
			store.rules.set(decodeURIComponent(id), rules);
			store.audit.record('Tracking Plan Modified', { id: decodeURIComponent(id), type: 'tracking_plan', name: byId(store.trackingPlans, id)?.name });
			return ok({ status: 'SUCCESS' });
		}],
		['PATCH', /^\/tracking-plans\/([^/]+)\/rules$/, ([, id], _, body) => {
			const existing = store.rules.get(decodeURIComponent(id));
			if (!existing) return notFound();
			const rules = checkRules(body, true);
			if (!Array.isArray(rules)) return rules;
			for (const { newKey, ...rule } of rules) {
				const at = existing.findIndex((old) => ruleIdentity(old) === ruleIdentity(rule));
				// UpsertRuleV1's newKey: the rule found by its key is renamed.
				const kept = newKey !== undefined ? { ...rule, key: newKey } : rule;
				if (at === -1) existing.push(kept);
				else existing[at] = { ...kept, createdAt: existing[at].createdAt };
			}
			store.audit.record('Tracking Plan Modified', { id: decodeURIComponent(id), type: 'tracking_plan', name: byId(store.trackingPlans, id)?.name });
			return ok({ status: 'SUCCESS' });
		}],
		['DELETE', /^\/tracking-plans\/([^/]+)\/rules$/, ([, id], query) => {
			const existing = store.rules.get(decodeURIComponent(id));
			if (!existing) return notFound();
			// RemoveRuleV1 items in the query, as indexed dotted keys.
			const removing: Array<{ type: string; key?: string; version: number }> = [];
			for (let index = 0; query.has(`rules.${index}.type`); index++) {
				removing.push({ type: String(query.get(`rules.${index}.type`)), key: query.get(`rules.${index}.key`) ?? undefined, version: Number(query.get(`rules.${index}.version`)) });
			}
			if (removing.length === 0) return invalid('rules is required', 'rules');
			if (removing.some((rule) => !RULE_TYPES.includes(rule.type) || !Number.isInteger(rule.version))) return invalid('rules must name a type and a version', 'rules');
			store.rules.set(decodeURIComponent(id), existing.filter((rule) => !removing.some((gone) => ruleIdentity(gone as FakeRule) === ruleIdentity(rule))));
			store.audit.record('Tracking Plan Modified', { id: decodeURIComponent(id), type: 'tracking_plan', name: byId(store.trackingPlans, id)?.name });
			return ok({ status: 'SUCCESS' });
		}],
		['GET', /^\/warehouses$/, (_, query) => paginate(store.warehouses, query, 'warehouses')],
		['GET', /^\/warehouses\/([^/]+)$/, ([, id]) => {
			const warehouse = byId(store.warehouses, id);
			return warehouse ? ok({ warehouse }) : notFound();
		}],
		['POST', /^\/regulations$/, (_, __, body) => createRegulation(store, body, 'workspace')],
		['POST', /^\/regulations\/sources\/([^/]+)$/, ([, id], __, body) => createRegulation(store, body, 'source', decodeURIComponent(id))],
		['POST', /^\/regulations\/cloudsources\/([^/]+)$/, ([, id], __, body) => createRegulation(store, body, 'cloudSource', decodeURIComponent(id))],
		['GET', /^\/regulations$/, (_, query) => listRegulations(store, query)],
		['GET', /^\/regulations\/sources\/([^/]+)$/, ([, id], query) => listRegulations(store, query, decodeURIComponent(id))],
		...engageRoutes(store),
		...workspaceAdminRoutes(store),
		['GET', /^\/regulations\/([^/]+)$/, ([, id]) => {
			const regulation = store.regulations.find((candidate) => candidate.id === decodeURIComponent(id));
			if (!regulation) return notFound();
			const view = regulationView(regulation);
			const next = REGULATION_PROGRESS[regulation.overallStatus];
			if (next) regulation.overallStatus = next;
			if (next === 'FINISHED') regulation.finishedAt = new Date().toISOString();
			return ok({ regulation: view });
		}],
	];
}

export function answerPublicApiRequest(
	method: string,
	path: string,
	headers: IncomingHttpHeaders,
	rawBody: string,
	store: PublicApiStore,
	tokens: Map<string, TokenRole>,
): PublicApiAnswer {
	const authorization = headers.authorization;
	const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
	const role = token === undefined ? undefined : tokens.get(token);
	if (!role) return publicApiError(401, 'unauthorized', 'The token is missing, malformed or revoked');
	if (role === 'noAccess') return publicApiError(403, 'forbidden', 'The token has no access to this workspace');
	if (role === 'readOnly' && method !== 'GET') return publicApiError(403, 'forbidden', 'The token has no permission to change this resource');
	let body: unknown;
	if (rawBody !== '') {
		try {
			body = JSON.parse(rawBody);
		} catch {
			return publicApiError(400, 'bad-request', 'The body is not valid JSON');
		}
	}
	const url = new URL(path, 'http://fake');
	const alpha = [headers.accept, headers['content-type']].some((value) => String(value ?? '').includes('application/vnd.segment.v1alpha+json'));
	for (const [routeMethod, pattern, handler] of routes(store)) {
		const match = pattern.exec(url.pathname);
		if (match && routeMethod === method) return handler(match, url.searchParams, body, alpha);
	}
	return notFound();
}
