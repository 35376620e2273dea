import type { EventFilter } from './delivery';
import { MESSAGE_TYPES } from './delivery';

/**
 * The FQL trigger of the automatic set-up's subscription: Segment sends only the events
 * the node's filters keep, so a filtered workflow costs neither Segment deliveries nor
 * n8n requests for the rest. Pure.
 *
 * FQL strings run from a quote to the next quote of the same kind, with no escapes
 * (segmentio/fql-ts's lexer): a name with a double quote is written in single quotes, and
 * a name with both cannot be written at all. Such a name is left out of the trigger in the
 * direction that lets more through, and the node's own filter, which always runs too,
 * decides.
 */

export function fqlString(value: string): string | undefined {
	if (!value.includes('"')) return `"${value}"`;
	if (!value.includes("'")) return `'${value}'`;
	return undefined;
}

function trackClause(filter: EventFilter): string {
	const parts = ['type = "track"'];
	const included = filter.includeEvents.map(fqlString);
	// One unwritable name among the included ones: let every track event through.
	if (included.length > 0 && included.every((name) => name !== undefined)) {
		parts.push(included.length === 1 ? `event = ${included[0]}` : `(${included.map((name) => `event = ${name}`).join(' or ')})`);
	}
	for (const name of filter.excludeEvents) {
		const quoted = fqlString(name);
		if (quoted !== undefined) parts.push(`event != ${quoted}`);
	}
	return parts.length === 1 ? parts[0] : `(${parts.join(' and ')})`;
}

export function subscriptionTrigger(filter: EventFilter): string {
	const chosen = filter.types.length > 0 ? MESSAGE_TYPES.filter((type) => filter.types.includes(type)) : MESSAGE_TYPES;
	return chosen.map((type) => (type === 'track' ? trackClause(filter) : `type = "${type}"`)).join(' or ');
}
