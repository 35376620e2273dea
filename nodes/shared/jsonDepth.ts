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
	const pending: Array<[object, number]> = [[value, 0]];
	let steps = 0;
	while (pending.length > 0) {
		const [current, depth] = pending.pop()!;
		if (depth >= max || ++steps > MAX_STEPS) return true;
		for (const child of Array.isArray(current) ? current : Object.values(current)) {
			if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
		}
	}
	return false;
}

export function tooDeepText(label: string, max = MAX_NESTING_LEVELS): string {
	return `${label} is nested deeper than ${max.toLocaleString('en-US')} levels (or refers to itself), which no Segment message needs`;
}
