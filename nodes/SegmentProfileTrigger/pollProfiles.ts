import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eventPages, readProfilePages, traitPages } from '../shared/profiles/profileClient';
import type { EventCursorState, ProfileEvent } from '../shared/eventCursor';
import { queryStart, readCursorState, startCursor, takeNewEvents } from '../shared/eventCursor';
import type { ProfileRef } from '../shared/profiles/profilePath';
import { externalId } from '../shared/profiles/profilePath';
import { inputText } from '../shared/inputText';
import { splitList } from '../shared/splitList';
import { diffTraits, watchedTraits } from '../shared/profiles/traitChanges';
import { ProfileNotFound, profileNotFoundError } from '../shared/transport/profileTransport';
import type { AudienceState } from './pollAudiences';
import { pollAudiences } from './pollAudiences';

const MINUTE_MS = 60_000;

interface TriggerState extends AudienceState {
	events?: Record<string, EventCursorState>;
	traits?: Record<string, Record<string, unknown>>;
}

function watchedProfiles(ctx: IPollFunctions): ProfileRef[] {
	let identifierType = ctx.getNodeParameter('identifierType', 'user_id') as string;
	if (identifierType === 'custom') identifierType = inputText(ctx.getNodeParameter('customIdentifierType', ''), 'Custom Identifier Type');
	const identifiers = splitList(ctx.getNodeParameter('identifier', ''), 'Identifier');
	if (!identifierType || identifiers.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Give the profiles to watch: an identifier type and at least one identifier');
	}
	return identifiers.map((identifier) => ({ collection: 'users' as const, identifierType, identifier }));
}

async function found<T>(ctx: IPollFunctions, profile: ProfileRef, result: T[] | ProfileNotFound): Promise<T[]> {
	if (!(result instanceof ProfileNotFound)) return result;
	throw await profileNotFoundError(ctx, result, externalId(profile));
}

/**
 * While active, a profile Segment does not know yet has nothing to report: it is watched
 * from activation on like any other. Were it an error, the poll would fail and n8n would
 * not keep the trigger's starting point, so its first events would be missed.
 */
function orNothingYet<T>(result: T[] | ProfileNotFound): T[] {
	return result instanceof ProfileNotFound ? [] : result;
}

function eventQuery(ctx: IPollFunctions): IDataObject {
	const query: IDataObject = {};
	const include = splitList(ctx.getNodeParameter('includeEvents', ''), 'Include Events');
	const exclude = splitList(ctx.getNodeParameter('excludeEvents', ''), 'Exclude Events');
	if (include.length) query.include = include.join(',');
	if (exclude.length) query.exclude = exclude.join(',');
	return query;
}

/** "Fetch test event": the newest event of the watched profiles, without touching the state. */
async function newestEvent(ctx: IPollFunctions, profiles: ProfileRef[]): Promise<INodeExecutionData[][]> {
	const newest: ProfileEvent[] = [];
	for (const profile of profiles) {
		const events = await found(ctx, profile, await readProfilePages(ctx, profile, 'events', { ...eventQuery(ctx), sort: 'desc' }, eventPages(1)));
		newest.push(...events);
	}
	newest.sort((a, b) => Date.parse(String(b.timestamp)) - Date.parse(String(a.timestamp)));
	if (newest.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No event in the last 14 days for ${profiles.map(externalId).join(', ')}`,
			{ description: 'Segment keeps 14 days of events for the Profile API. Send an event for this profile, then fetch again.' },
		);
	}
	return [[{ json: newest[0] as IDataObject }]];
}

async function pollEvents(ctx: IPollFunctions, profiles: ProfileRef[], state: TriggerState): Promise<INodeExecutionData[][] | null> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const lookBackMs = Math.max(0, Number(options.lookBackMinutes ?? 0)) * MINUTE_MS;
	const lateWindowMs = Math.max(0, Number(options.lateWindowMinutes ?? 10)) * MINUTE_MS;
	const cursors: Record<string, EventCursorState> = Object.create(null) as Record<string, EventCursorState>;
	const emitted: ProfileEvent[] = [];
	for (const profile of profiles) {
		const key = externalId(profile);
		// A cursor another version kept, or one that is not a cursor, counts as none.
		const stored = typeof state.events === 'object' && state.events !== null ? readCursorState(Object.prototype.hasOwnProperty.call(state.events, key) ? state.events[key] : undefined) : undefined;
		const before = stored ?? startCursor(Date.now(), lookBackMs);
		const query = { ...eventQuery(ctx), sort: 'asc', start: queryStart(before, lateWindowMs) };
		const events = orNothingYet(await readProfilePages(ctx, profile, 'events', query, eventPages()));
		const { fresh, state: after } = takeNewEvents(before, events, lateWindowMs, undefined, Date.now());
		cursors[key] = after;
		emitted.push(...fresh);
	}
	// Only the watched profiles' cursors are kept: a profile no longer watched is forgotten.
	state.events = cursors;
	if (emitted.length === 0) return null;
	emitted.sort((a, b) => Date.parse(String(a.timestamp)) - Date.parse(String(b.timestamp)));
	return [emitted.map((event) => ({ json: event as IDataObject }))];
}

async function pollTraits(ctx: IPollFunctions, profiles: ProfileRef[], state: TriggerState, manual: boolean): Promise<INodeExecutionData[][] | null> {
	const watched = splitList(ctx.getNodeParameter('traits', ''), 'Traits');
	const snapshots: Record<string, Record<string, unknown>> = {};
	const items: INodeExecutionData[] = [];
	for (const profile of profiles) {
		const key = externalId(profile);
		const read = await readProfilePages(ctx, profile, 'traits', {}, traitPages());
		const entries = manual ? await found(ctx, profile, read) : orNothingYet(read);
		const traits = Object.fromEntries(entries);
		const current = watchedTraits(traits, watched);
		const before = state.traits?.[key];
		snapshots[key] = current;
		const changes = before ? diffTraits(before, current) : {};
		if (manual || Object.keys(changes).length > 0) {
			items.push({ json: { identifierType: profile.identifierType, identifier: profile.identifier, changes, traits } as IDataObject });
		}
	}
	if (!manual) state.traits = snapshots;
	return items.length > 0 ? [items] : null;
}

export async function pollProfiles(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const profiles = watchedProfiles(ctx);
	const manual = ctx.getMode() === 'manual';
	const state = ctx.getWorkflowStaticData('node') as TriggerState;
	const watch = ctx.getNodeParameter('watch', 'events');
	if (watch === 'traitChanges') return await pollTraits(ctx, profiles, state, manual);
	if (watch === 'audienceChanges') return await pollAudiences(ctx, profiles, state, manual);
	if (manual) return await newestEvent(ctx, profiles);
	return await pollEvents(ctx, profiles, state);
}
