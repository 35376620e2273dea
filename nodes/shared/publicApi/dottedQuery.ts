import type { IDataObject } from 'n8n-workflow';

type QueryValue = string | number | boolean | undefined | readonly string[] | { readonly [key: string]: readonly string[] | undefined };

/**
 * Query parameters in the form Segment's Public API reads nested inputs: a list as indexed
 * keys (`groupBy.0=eventName&groupBy.1=eventType`), an object of lists as dotted ones
 * (`filter.eventType.0=track`). Empty lists and undefined values are left out. Pure.
 */
export function dottedQuery(input: Record<string, QueryValue>): IDataObject {
	const query: IDataObject = {};
	for (const [key, value] of Object.entries(input)) {
		if (value === undefined) continue;
		if (Array.isArray(value)) {
			value.forEach((entry, index) => (query[`${key}.${index}`] = entry));
		} else if (typeof value === 'object') {
			for (const [inner, list] of Object.entries(value as Record<string, readonly string[] | undefined>)) {
				(list ?? []).forEach((entry, index) => (query[`${key}.${inner}.${index}`] = entry));
			}
		} else query[key] = value;
	}
	return query;
}
