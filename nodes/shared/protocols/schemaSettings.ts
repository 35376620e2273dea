import type { PlanViolation } from './trackingPlan';
import { isPlainObject } from '../messages/prepareMessage';

/**
 * What a source's schema settings (Segment: the source's Settings → Schema Configuration;
 * Public API `GET /sources/{id}/settings`) make Segment do with a message that breaks
 * its tracking plan, after answering `200`: block it, omit what is unplanned or wrong, or
 * let it through and flag it in the Violations view. Pure.
 */

export type Treatment = 'blocked' | 'omitted' | 'flagged';

type CommonOnViolations = 'ALLOW' | 'BLOCK' | 'OMIT_PROPERTIES' | 'OMIT_TRAITS';

export interface SchemaSettings {
	track?: {
		allowUnplannedEvents?: boolean;
		allowUnplannedEventProperties?: boolean;
		allowEventOnViolations?: boolean;
		allowPropertiesOnViolations?: boolean;
		commonEventOnViolations?: CommonOnViolations;
	};
	identify?: { allowUnplannedTraits?: boolean; allowTraitsOnViolations?: boolean; commonEventOnViolations?: CommonOnViolations };
	group?: { allowUnplannedTraits?: boolean; allowTraitsOnViolations?: boolean; commonEventOnViolations?: CommonOnViolations };
}


/** The settings as Segment answers them; anything that is not a setting is left at Segment's default (allow). */
export function readSchemaSettings(value: unknown): SchemaSettings {
	const settings: SchemaSettings = {};
	if (!isPlainObject(value)) return settings;
	for (const type of ['track', 'identify', 'group'] as const) {
		const given = value[type];
		if (!isPlainObject(given)) continue;
		const kept: Record<string, unknown> = {};
		for (const [name, setting] of Object.entries(given)) {
			if (typeof setting === 'boolean' || (name === 'commonEventOnViolations' && typeof setting === 'string')) kept[name] = setting;
		}
		settings[type] = kept;
	}
	return settings;
}

function onCommon(setting: CommonOnViolations | undefined): Treatment {
	if (setting === 'BLOCK') return 'blocked';
	if (setting === 'OMIT_PROPERTIES' || setting === 'OMIT_TRAITS') return 'omitted';
	return 'flagged';
}

/** What Segment does with one violation of a message of this type. Page and screen calls are never blocked or stripped. */
export function treatmentOf(violation: PlanViolation, messageType: string, settings: SchemaSettings): Treatment {
	if (messageType === 'track') {
		const track = settings.track ?? {};
		if (violation.kind === 'unplannedEvent') return track.allowUnplannedEvents === false ? 'blocked' : 'flagged';
		if (violation.kind === 'unplannedProperty') return track.allowUnplannedEventProperties === false ? 'omitted' : 'flagged';
		if (violation.common) return onCommon(track.commonEventOnViolations);
		if (track.allowEventOnViolations === false) return 'blocked';
		return track.allowPropertiesOnViolations === false ? 'omitted' : 'flagged';
	}
	if (messageType === 'identify' || messageType === 'group') {
		const traits = settings[messageType] ?? {};
		if (violation.kind === 'unplannedProperty') return traits.allowUnplannedTraits === false ? 'omitted' : 'flagged';
		if (violation.common) return onCommon(traits.commonEventOnViolations);
		return traits.allowTraitsOnViolations === false ? 'omitted' : 'flagged';
	}
	return 'flagged';
}
