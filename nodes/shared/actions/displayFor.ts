import type { IDisplayOptions } from 'n8n-workflow';

export type DisplayConditions = NonNullable<IDisplayOptions['show']>;

/** When a field of `resource` shows: for those operations (every one when none is named), under any further conditions. */
export const showFor =
	(resource: string) =>
	(operation?: string[], extra: DisplayConditions = {}): DisplayConditions => ({ resource: [resource], ...(operation ? { operation } : {}), ...extra });

/** The same, as a field's whole `displayOptions`. */
export const displayFor = (resource: string) => {
	const show = showFor(resource);
	return (operation?: string[], extra: DisplayConditions = {}): { show: DisplayConditions } => ({ show: show(operation, extra) });
};
