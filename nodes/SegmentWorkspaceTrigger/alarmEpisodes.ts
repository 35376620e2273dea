/**
 * When an alarm is raised and when it ends: a small state machine per watched subject (a
 * destination, a source, an event name), kept in the workflow's static data. An episode
 * starts when a measurement crosses its threshold, lasts as long as it stays across (no
 * second alarm meanwhile), and ends at the first measurement back; a later crossing is a
 * new episode. Pure.
 */

export interface Episode {
	/** When the episode started (ISO-8601). */
	since: string;
}

/** The episodes under way, by subject; a subject without one is healthy. */
export type Episodes = Record<string, Episode>;

export interface Measurement {
	key: string;
	crossing: boolean;
}

export interface EpisodeChanges {
	episodes: Episodes;
	started: string[];
	/** Subjects back to normal, with when their episode had started. */
	recovered: Array<{ key: string; since: string }>;
}

export function stepEpisodes(previous: Episodes | undefined, measurements: readonly Measurement[], nowIso: string): EpisodeChanges {
	const episodes: Episodes = {};
	const started: string[] = [];
	const recovered: EpisodeChanges['recovered'] = [];
	for (const { key, crossing } of measurements) {
		const before = previous?.[key];
		if (crossing) {
			episodes[key] = before ?? { since: nowIso };
			if (!before) started.push(key);
		} else if (before) recovered.push({ key, since: before.since });
	}
	// Subjects no longer measured (no longer watched) are forgotten: the state stays as small as the watch list.
	return { episodes, started, recovered };
}
