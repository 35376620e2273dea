/**
 * When an alarm is raised and when it ends: a small state machine per watched subject (a
 * destination, a source, an event name), kept in the workflow's static data. An episode
 * starts when a measurement crosses its threshold, lasts as long as it stays across (no
 * second alarm meanwhile), and ends at the first measurement back; a later crossing is a
 * new episode. A subject that could not be measured in a poll, or was missing from
 * Segment's list for a while, keeps its episode: the same failure must not alarm twice.
 * Pure.
 */

export interface Episode {
	/** When the episode started (ISO-8601). */
	since: string;
	/** When the subject was last measured (ISO-8601); absent in state kept by older versions. */
	seen?: string;
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

/** How long the episode of a subject that is not measured any more is kept: a day, then it is no longer watched. */
export const UNMEASURED_EPISODE_MS = 24 * 60 * 60_000;

const isEpisode = (value: unknown): value is Episode =>
	typeof value === 'object' && value !== null && typeof (value as Episode).since === 'string' && !Number.isNaN(Date.parse((value as Episode).since));

/** Episodes from static data: anything that is not one (state of another version, corrupt) is left out. */
export function readEpisodes(stored: unknown): Episodes {
	const episodes: Episodes = Object.create(null) as Episodes;
	if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return episodes;
	for (const [key, value] of Object.entries(stored)) if (isEpisode(value)) episodes[key] = { since: value.since, ...(typeof value.seen === 'string' ? { seen: value.seen } : {}) };
	return episodes;
}

export function stepEpisodes(previous: unknown, measurements: readonly Measurement[], nowIso: string): EpisodeChanges {
	const before = readEpisodes(previous);
	const episodes: Episodes = Object.create(null) as Episodes;
	const started: string[] = [];
	const recovered: EpisodeChanges['recovered'] = [];
	const measured = new Set<string>();
	for (const { key, crossing } of measurements) {
		measured.add(key);
		const episode = before[key];
		if (crossing) {
			episodes[key] = { since: episode?.since ?? nowIso, seen: nowIso };
			if (!episode) started.push(key);
		} else if (episode) recovered.push({ key, since: episode.since });
	}
	// Not measured this time (refused by Segment, missing from its list): the episode stands
	// until the subject has gone unmeasured for a day.
	const now = Date.parse(nowIso);
	for (const [key, episode] of Object.entries(before)) {
		if (measured.has(key)) continue;
		if (now - Date.parse(episode.seen ?? episode.since) <= UNMEASURED_EPISODE_MS) episodes[key] = episode;
	}
	return { episodes, started, recovered };
}
