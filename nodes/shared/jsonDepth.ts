/**
 * How deep a JSON value is nested, found without recursion: JSON.stringify and n8n's own
 * parameter handling recurse, and a value nested thousands of levels deep (a hostile or
 * broken input) overflows their stack with a bare RangeError. Pure.
 */

/** Far more than any Segment message or webhook delivery needs, and well inside the stack. */
export const MAX_NESTING_LEVELS = 1_000;

// A value that holds the same objects many times over is walked once per path: past this
// many steps it is no JSON a workflow could have meant.
const MAX_STEPS = 1_000_000;

/** Whether `value` is nested deeper than `max` levels; a value that holds itself is, however it is read. */
export function nestedTooDeeply(value: unknown, max = MAX_NESTING_LEVELS): boolean {
	if (value === null || typeof value !== 'object') return false;
	// Two parallel stacks and for…in: every message sent goes through here, so the walk
	// allocates nothing per object it visits.
	const pending: object[] = [value];
	const depths: number[] = [0];
	let steps = 0;
	while (pending.length > 0) {
		const current = pending.pop() as Record<string, unknown>;
		const depth = depths.pop()!;
		if (depth >= max || ++steps > MAX_STEPS) return true;
		if (Array.isArray(current)) {
			for (let index = 0; index < current.length; index++) {
				const child: unknown = current[index];
				if (child !== null && typeof child === 'object') {
					pending.push(child);
					depths.push(depth + 1);
				}
			}
			continue;
		}
		for (const key in current) {
			if (!Object.prototype.hasOwnProperty.call(current, key)) continue;
			const child = current[key];
			if (child !== null && typeof child === 'object') {
				pending.push(child);
				depths.push(depth + 1);
			}
		}
	}
	return false;
}

export function tooDeepText(label: string, max = MAX_NESTING_LEVELS): string {
	return `${label} is nested deeper than ${max.toLocaleString('en-US')} levels (or refers to itself), which no Segment message needs`;
}
