import type { FakeAudience } from './engage';
import { audienceKeyOf, engageSourceOf } from './engage';
import type { Handler, Route } from './publicApi';
import type { PublicApiAnswer } from './publicApiAnswers';
import { alphaOnly, invalid, isObject, notFound, ok, paginate, publicApiError } from './publicApiAnswers';
import type { PublicApiStore } from './publicApiStore';

/**
 * The fake Public API's Engage and Reverse ETL routes, as segment-public-api-more.md
 * (§4, §5) gives them: alpha endpoints answer only to the alpha media type; the Audience
 * feature can be off.
 */

const AUDIENCE_TYPES = ['USERS', 'ACCOUNTS', 'LINKED'];
const featureOff = () => publicApiError(403, 'forbidden', 'The Audience feature is not enabled for this workspace');
const id = (raw: string) => decodeURIComponent(raw);

/** Only alpha callers; and nothing at all while the workspace has no Engage. */
function engageRoute(store: PublicApiStore, alphaNeeded: boolean, handler: Handler): Handler {
	return (match, query, body, alpha) => {
		if (!store.engage.enabled) return featureOff();
		if (alphaNeeded && !alpha) return alphaOnly();
		return handler(match, query, body, alpha);
	};
}

function audienceOf(store: PublicApiStore, spaceId: string, audienceId: string): FakeAudience | undefined {
	return store.engage.audiences.find((audience) => audience.spaceId === id(spaceId) && audience.id === id(audienceId));
}

const hasSpace = (store: PublicApiStore, spaceId: string) => store.engage.spaces.some((space) => space.id === id(spaceId));

function definitionProblem(store: PublicApiStore, definition: unknown, field: string): PublicApiAnswer | undefined {
	if (!isObject(definition) || typeof definition.query !== 'string' || definition.query.trim() === '') return invalid(`${field}.query is required`, `${field}.query`);
	const problem = store.engage.queryProblem(definition.query);
	return problem ? invalid(`${field}.query is not a valid audience query: ${problem}`, `${field}.query`) : undefined;
}

function createAudience(store: PublicApiStore, spaceId: string, body: unknown): PublicApiAnswer {
	if (!hasSpace(store, spaceId)) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	for (const key of Object.keys(body)) {
		if (!['name', 'enabled', 'description', 'definition', 'options', 'audienceType'].includes(key)) return invalid(`Unexpected property ${key}`, key);
	}
	if (typeof body.name !== 'string' || body.name.trim() === '') return invalid('name is required', 'name');
	if (!AUDIENCE_TYPES.includes(String(body.audienceType))) return invalid(`audienceType must be one of ${AUDIENCE_TYPES.join(', ')}`, 'audienceType');
	const problem = definitionProblem(store, body.definition, 'definition');
	if (problem) return problem;
	const key = audienceKeyOf(body.name);
	if (store.engage.audiences.some((audience) => audience.spaceId === id(spaceId) && audience.key === key)) return publicApiError(409, 'conflict', `An audience with the key ${key} exists in this space`);
	const audience = store.engage.addAudience(id(spaceId), {
		name: body.name,
		query: String((body.definition as Record<string, unknown>).query),
		enabled: body.enabled !== false,
		description: typeof body.description === 'string' ? body.description : '',
		audienceType: String(body.audienceType),
	});
	store.engageChanged([audience]);
	store.audit.record('Audience Created', { id: audience.id, type: 'audience', name: audience.name });
	return ok({ audience });
}

function updateAudience(store: PublicApiStore, spaceId: string, audienceId: string, body: unknown): PublicApiAnswer {
	const audience = audienceOf(store, spaceId, audienceId);
	if (!audience) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) return invalid('name must be a non-empty string', 'name');
	if (body.enabled !== undefined && typeof body.enabled !== 'boolean') return invalid('enabled must be true or false', 'enabled');
	if (body.definition !== undefined) {
		const problem = definitionProblem(store, body.definition, 'definition');
		if (problem) return problem;
		audience.definition = { query: String((body.definition as Record<string, unknown>).query) };
	}
	if (typeof body.name === 'string') audience.name = body.name;
	if (typeof body.description === 'string') audience.description = body.description;
	if (typeof body.enabled === 'boolean') {
		audience.enabled = body.enabled;
		audience.status = body.enabled ? 'Live' : 'Disabled';
	}
	audience.updatedAt = new Date().toISOString();
	store.engageChanged([audience]);
	store.audit.record('Audience Modified', { id: audience.id, type: 'audience', name: audience.name });
	return ok({ audience });
}

function createPreview(store: PublicApiStore, spaceId: string, body: unknown): PublicApiAnswer {
	if (!hasSpace(store, spaceId)) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (!AUDIENCE_TYPES.includes(String(body.audienceType))) return invalid(`audienceType must be one of ${AUDIENCE_TYPES.join(', ')}`, 'audienceType');
	const problem = definitionProblem(store, body.definition, 'definition');
	if (problem) return problem;
	const definition = { query: String((body.definition as Record<string, unknown>).query) };
	const preview = {
		id: store.engage.nextId('prv'),
		spaceId: id(spaceId),
		audienceType: String(body.audienceType),
		definition,
		reads: 0,
		failureReason: store.engage.failPreviewsWith,
		members: store.engage.select(definition.query, store.engageProfiles()),
	};
	store.engage.previews.set(preview.id, preview);
	store.audit.record('Audience Preview Created', { id: preview.id, type: 'audience_preview', name: definition.query });
	return ok({ audiencePreview: { id: preview.id } });
}

/** A preview runs on the first read and is done at the second. */
function readPreview(store: PublicApiStore, spaceId: string, previewId: string): PublicApiAnswer {
	const preview = store.engage.previews.get(id(previewId));
	if (!preview || preview.spaceId !== id(spaceId)) return notFound();
	preview.reads++;
	const common = { id: preview.id, audienceType: preview.audienceType, definition: preview.definition, options: {} };
	if (preview.reads < store.engage.previewReadsToFinish) return ok({ audiencePreview: { ...common, status: 'RUNNING' } });
	if (preview.failureReason) return ok({ audiencePreview: { ...common, status: 'FAILED', failureReason: preview.failureReason } });
	const results = preview.members.slice(0, 10).map((profile) => ({
		id: profile.segmentId,
		idProperty: 'segment_id',
		relationshipSlug: null,
		properties: Object.fromEntries(Object.entries(profile.traits).map(([name, trait]) => [name, trait.value])),
		profilesTruncated: false,
	}));
	const size = { count: preview.members.length, uniqueCount: preview.members.length, type: preview.audienceType };
	return ok({ audiencePreview: { ...common, status: 'COMPLETED', results, size } });
}

function connectDestination(store: PublicApiStore, spaceId: string, audienceId: string, body: unknown): PublicApiAnswer {
	const audience = audienceOf(store, spaceId, audienceId);
	if (!audience) return notFound();
	const destination = isObject(body) && isObject(body.destination) ? body.destination : undefined;
	if (!destination || typeof destination.id !== 'string' || typeof destination.type !== 'string') return invalid('destination.id and destination.type are required', 'destination');
	// DestinationInput.type in Segment's SDK: "Possible values: destination, warehouse".
	if (!['destination', 'warehouse'].includes(destination.type)) return invalid('destination.type must be one of destination, warehouse', 'destination.type');
	const target = store.destinations.find((candidate) => candidate.id === destination.id);
	if (!target) return invalid('destination.id is not a destination of this workspace', 'destination.id');
	// The SDK: the destination must be added to Engage in Engage settings first; Engage's docs:
	// one tied to a Connections source cannot be.
	if (target.sourceId !== engageSourceOf(audience.spaceId)) {
		return invalid('The destination has not been added to this Engage space: add it in Engage settings before connecting it to an audience', 'destination.id');
	}
	const connection = { id: store.engage.nextId('conn'), spaceId: audience.spaceId, audienceId: audience.id, destinationId: destination.id };
	store.engage.connections.push(connection);
	store.audit.record('Destination Added into Audience', { id: connection.id, type: 'audience_destination', name: audience.name });
	return ok({ connection: { id: connection.id }, idSyncConfiguration: [] });
}

function addActivation(store: PublicApiStore, spaceId: string, audienceId: string, connectionId: string, body: unknown): PublicApiAnswer {
	const connection = store.engage.connections.find((candidate) => candidate.id === id(connectionId) && candidate.audienceId === id(audienceId) && candidate.spaceId === id(spaceId));
	if (!connection) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (typeof body.activationType !== 'string' || body.activationType === '') return invalid('activationType is required', 'activationType');
	if (typeof body.activationName !== 'string' || body.activationName === '') return invalid('activationName is required', 'activationName');
	if (typeof body.performResync !== 'boolean') return invalid('performResync must be true or false', 'performResync');
	if (!isObject(body.personalization) || !isObject(body.personalization.profile)) return invalid('personalization.profile is required', 'personalization');
	const activation = store.engage.activate(connection, {
		activationType: body.activationType,
		activationName: body.activationName,
		enabled: body.enabled !== false,
		performResync: body.performResync,
		personalization: body.personalization,
	});
	store.audit.record('Activation Created', { id: activation.id, type: 'activation', name: activation.activationName });
	const view: Record<string, unknown> = { ...activation, workspaceId: 'ws_fake1', destinationMapping: {} };
	delete view.shape;
	return ok({ activation: view });
}

function removeConnection(store: PublicApiStore, spaceId: string, audienceId: string, destinationId: string): PublicApiAnswer {
	const { connections, activations } = store.engage;
	const matches = (entry: { spaceId: string; audienceId: string; destinationId: string }) =>
		entry.spaceId === id(spaceId) && entry.audienceId === id(audienceId) && entry.destinationId === id(destinationId);
	if (!connections.some(matches)) return notFound();
	for (const list of [connections, activations] as Array<Array<{ spaceId: string; audienceId: string; destinationId: string }>>) {
		for (let i = list.length - 1; i >= 0; i--) if (matches(list[i])) list.splice(i, 1);
	}
	store.audit.record('Destination Removed from Audience', { id: id(destinationId), type: 'audience_destination' });
	return ok({ status: 'SUCCESS' });
}

function removeActivation(store: PublicApiStore, spaceId: string, audienceId: string, activationId: string): PublicApiAnswer {
	const at = store.engage.activations.findIndex((activation) => activation.id === id(activationId) && activation.audienceId === id(audienceId) && activation.spaceId === id(spaceId));
	if (at === -1) return notFound();
	store.engage.activations.splice(at, 1);
	store.audit.record('Activation Deleted', { id: id(activationId), type: 'activation' });
	return ok({ status: 'SUCCESS' });
}

function startSync(store: PublicApiStore, body: unknown): PublicApiAnswer {
	if (!isObject(body)) return invalid('The body must be a JSON object');
	for (const field of ['sourceId', 'modelId', 'subscriptionId']) if (typeof body[field] !== 'string' || body[field] === '') return invalid(`${field} is required`, field);
	const model = store.reverseEtl.models.find((candidate) => candidate.id === body.modelId);
	if (!model) return notFound();
	if (model.sourceId !== body.sourceId) return invalid('sourceId is not the source of this model', 'sourceId');
	if (!model.subscriptionIds.includes(String(body.subscriptionId))) return notFound();
	const sync = store.reverseEtl.start(model, String(body.subscriptionId));
	store.audit.record('Reverse ETL Manual Sync Triggered', { id: sync.syncId, type: 'reverse_etl_sync', name: model.name });
	return ok({ reverseETLManualSync: { syncId: sync.syncId, startedAt: sync.startedAt } });
}

/** This list pages with a top-level `count` and `cursor`. */
function listSyncs(store: PublicApiStore, modelId: string, subscriptionId: string, query: URLSearchParams): PublicApiAnswer {
	const model = store.reverseEtl.models.find((candidate) => candidate.id === id(modelId));
	if (!model || !model.subscriptionIds.includes(id(subscriptionId))) return notFound();
	if (query.has('pagination.count')) return invalid('This list takes count and cursor, not pagination.count', 'pagination.count');
	const count = query.has('count') ? Number(query.get('count')) : 10;
	if (!Number.isInteger(count) || count < 1 || count > 100) return invalid('count must be a whole number from 1 to 100', 'count');
	const syncs = store.reverseEtl.syncs.filter((sync) => sync.modelId === model.id && sync.subscriptionId === id(subscriptionId)).reverse();
	const offset = query.has('cursor') ? Number(Buffer.from(String(query.get('cursor')), 'base64url').toString('utf8')) : 0;
	if (!Number.isInteger(offset) || offset < 0) return invalid('cursor is not a cursor this API gave', 'cursor');
	const page = syncs.slice(offset, offset + count).map((sync) => store.reverseEtl.view(sync));
	const next = offset + count < syncs.length ? Buffer.from(String(offset + count)).toString('base64url') : null;
	return ok({ syncStatuses: page, pagination: { current: Buffer.from(String(offset)).toString('base64url'), next } });
}

function cancelSync(store: PublicApiStore, modelId: string, syncId: string, body: unknown): PublicApiAnswer {
	const sync = store.reverseEtl.syncs.find((candidate) => candidate.modelId === id(modelId) && candidate.syncId === id(syncId));
	if (!sync) return notFound();
	if (!isObject(body)) return invalid('The body must be a JSON object');
	if (body.reasonForCanceling !== undefined && ![0, 1, 2, 3, 4].includes(body.reasonForCanceling as number)) return invalid('reasonForCanceling must be 0 to 4', 'reasonForCanceling');
	if (sync.canceled) return ok({ modelId: sync.modelId, syncId: sync.syncId, errorCode: 'SyncAlreadyCanceled', errorMessage: 'sync already canceled' });
	if (sync.syncStatus !== 'IN_PROGRESS') return ok({ modelId: sync.modelId, syncId: sync.syncId, errorCode: 'SyncFinishedCannotCancel', errorMessage: 'sync already finished' });
	sync.canceled = true;
	return ok({ modelId: sync.modelId, syncId: sync.syncId, status: 'CANCELLING' });
}

export function engageRoutes(store: PublicApiStore): Route[] {
	const engage = (alphaNeeded: boolean, handler: Handler) => engageRoute(store, alphaNeeded, handler);
	const alpha = (handler: Handler): Handler => (match, query, body, isAlpha) => (isAlpha ? handler(match, query, body, isAlpha) : alphaOnly());
	const spaceIdle = (spaceId: string) => !hasSpace(store, spaceId);
	return [
		['GET', /^\/spaces$/, engage(true, (_, query) => paginate(store.engage.spaces, query, 'spaces'))],
		['GET', /^\/spaces\/([^/]+)$/, engage(true, ([, spaceId]) => ok({ space: store.engage.spaces.find((space) => space.id === id(spaceId)) ?? null }))],
		['GET', /^\/spaces\/([^/]+)\/audiences$/, engage(false, ([, spaceId], query) => {
			if (spaceIdle(spaceId)) return notFound();
			const type = query.get('search.type');
			const wanted = (query.get('search.query') ?? '').toLowerCase();
			if (type !== null && !['NAME', 'KEY', 'DEFINITION'].includes(type)) return invalid('search.type must be NAME, KEY or DEFINITION', 'search.type');
			if (wanted.length > 255) return invalid('search.query is at most 255 characters', 'search.query');
			const found = store.engage.audiences.filter((audience) => {
				if (audience.spaceId !== id(spaceId)) return false;
				if (type === null || wanted === '') return true;
				if (type === 'KEY') return audience.key.startsWith(wanted);
				return (type === 'NAME' ? audience.name : audience.definition.query).toLowerCase().includes(wanted);
			});
			return paginate(found, query, 'audiences', 200);
		})],
		['POST', /^\/spaces\/([^/]+)\/audiences$/, engage(false, ([, spaceId], _, body) => createAudience(store, spaceId, body))],
		['POST', /^\/spaces\/([^/]+)\/audiences\/previews$/, engage(false, ([, spaceId], _, body) => createPreview(store, spaceId, body))],
		['GET', /^\/spaces\/([^/]+)\/audiences\/previews\/([^/]+)$/, engage(false, ([, spaceId, previewId]) => readPreview(store, spaceId, previewId))],
		['GET', /^\/spaces\/([^/]+)\/audiences\/([^/]+)$/, engage(false, ([, spaceId, audienceId], query, _, isAlpha) => {
			const audience = audienceOf(store, spaceId, audienceId);
			if (!audience) return notFound();
			const view: Record<string, unknown> = { ...audience };
			// `include` exists in alpha only: the stable version reads past it.
			if (!isAlpha || query.get('include') !== 'schedules') delete view.schedules;
			return ok({ audience: view });
		})],
		['PATCH', /^\/spaces\/([^/]+)\/audiences\/([^/]+)$/, engage(false, ([, spaceId, audienceId], _, body) => updateAudience(store, spaceId, audienceId, body))],
		['DELETE', /^\/spaces\/([^/]+)\/audiences\/([^/]+)$/, engage(false, ([, spaceId, audienceId]) => {
			const audience = audienceOf(store, spaceId, audienceId);
			if (!audience) return notFound();
			store.engage.removeAudience(audience.id);
			store.audit.record('Audience Deleted', { id: audience.id, type: 'audience', name: audience.name });
			return ok({ status: 'SUCCESS' });
		})],
		['POST', /^\/spaces\/([^/]+)\/audiences\/([^/]+)\/runs$/, engage(false, ([, spaceId, audienceId]) => {
			const audience = audienceOf(store, spaceId, audienceId);
			if (!audience) return notFound();
			if (audience.audienceType !== 'LINKED') return invalid('Only LINKED audiences can be run on demand', 'audienceId');
			store.audit.record('Audience Run Forced', { id: audience.id, type: 'audience', name: audience.name });
			return ok({ run: { id: store.engage.nextId('run') } });
		})],
		['POST', /^\/spaces\/([^/]+)\/audiences\/([^/]+)\/destination-connections$/, engage(true, ([, spaceId, audienceId], _, body) => connectDestination(store, spaceId, audienceId, body))],
		['DELETE', /^\/spaces\/([^/]+)\/audiences\/([^/]+)\/destination-connections\/([^/]+)$/, engage(true, ([, spaceId, audienceId, destinationId]) => removeConnection(store, spaceId, audienceId, destinationId))],
		['POST', /^\/spaces\/([^/]+)\/audiences\/([^/]+)\/destination-connections\/([^/]+)\/activations$/, engage(true, ([, spaceId, audienceId, connectionId], _, body) =>
			addActivation(store, spaceId, audienceId, connectionId, body))],
		['DELETE', /^\/spaces\/([^/]+)\/audiences\/([^/]+)\/activations\/([^/]+)$/, engage(true, ([, spaceId, audienceId, activationId]) => removeActivation(store, spaceId, audienceId, activationId))],
		['GET', /^\/spaces\/([^/]+)\/computed-traits$/, engage(true, ([, spaceId], query) =>
			spaceIdle(spaceId) ? notFound() : paginate(store.engage.computedTraits.filter((trait) => trait.spaceId === id(spaceId)), query, 'computedTraits'))],
		['GET', /^\/spaces\/([^/]+)\/computed-traits\/([^/]+)$/, engage(true, ([, spaceId, traitId]) => {
			const computedTrait = store.engage.computedTraits.find((trait) => trait.spaceId === id(spaceId) && trait.id === id(traitId));
			return computedTrait ? ok({ computedTrait }) : notFound();
		})],
		['GET', /^\/reverse-etl-models$/, alpha((_, query) => paginate(store.reverseEtl.models.map((model) => store.reverseEtl.modelView(model)), query, 'models'))],
		['GET', /^\/reverse-etl-models\/([^/]+)$/, alpha(([, modelId]) => {
			const model = store.reverseEtl.models.find((candidate) => candidate.id === id(modelId));
			return model ? ok({ reverseEtlModel: store.reverseEtl.modelView(model) }) : notFound();
		})],
		['POST', /^\/reverse-etl-syncs$/, alpha((_, __, body) => startSync(store, body))],
		['GET', /^\/reverse-etl-models\/([^/]+)\/syncs\/([^/]+)$/, alpha(([, modelId, syncId]) => {
			const sync = store.reverseEtl.syncs.find((candidate) => candidate.modelId === id(modelId) && candidate.syncId === id(syncId));
			return sync ? ok({ reverseETLSyncStatus: store.reverseEtl.read(sync) }) : notFound();
		})],
		['GET', /^\/reverse-etl-models\/([^/]+)\/subscriptionId\/([^/]+)\/syncs$/, alpha(([, modelId, subscriptionId], query) => listSyncs(store, modelId, subscriptionId, query))],
		['POST', /^\/reverse-etl-models\/([^/]+)\/syncs\/([^/]+)\/cancel$/, alpha(([, modelId, syncId], _, body) => cancelSync(store, modelId, syncId, body))],
	];
}
