import type { IPollFunctions } from 'n8n-workflow';

/** A subject the watch could not measure in this poll, and Segment's reason. */
export interface Unmeasured {
	id: string;
	name: string;
	reason: string;
}

export interface EachMeasured<T> {
	results: T[];
	unmeasured: Unmeasured[];
}

/**
 * Measures each subject on its own: one that Segment refuses (Delivery Overview does not
 * cover storage destinations, Engage or Reverse ETL) is set aside with the reason, and the
 * others are still watched. Only when none can be measured does the poll fail.
 */
export async function measureEach<S extends { id: string; name: string }, T>(subjects: readonly S[], measure: (subject: S) => Promise<T>): Promise<EachMeasured<T>> {
	const results: T[] = [];
	const unmeasured: Unmeasured[] = [];
	let firstError: unknown;
	for (const subject of subjects) {
		try {
			results.push(await measure(subject));
		} catch (error) {
			firstError ??= error;
			unmeasured.push({ id: subject.id, name: subject.name, reason: (error as Error).message });
		}
	}
	if (results.length === 0 && firstError !== undefined) throw firstError;
	return { results, unmeasured };
}

/**
 * Says in n8n's log which subjects could not be measured, when that changes (not at every
 * poll), and returns what to keep: the IDs set aside now.
 */
export function logUnmeasured(ctx: IPollFunctions, what: string, unmeasured: readonly Unmeasured[], before: unknown): string[] {
	const ids = unmeasured.map((subject) => subject.id).sort();
	const previous = Array.isArray(before) ? before.filter((id): id is string => typeof id === 'string').sort() : [];
	if (ids.join('\n') !== previous.join('\n') && ids.length > 0) {
		ctx.logger.warn(`Segment Workspace Trigger: ${unmeasured.length} ${what} could not be measured and are not watched this time: ${unmeasured.map((subject) => `${subject.name} (${subject.id}): ${subject.reason}`).join('; ')}`, {
			workflowId: ctx.getWorkflow().id,
			node: ctx.getNode().name,
		});
	}
	return ids;
}
