/** `a, b,,c ` → `['a', 'b', 'c']`: lists typed into one field. */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((part) => part.trim()).filter(Boolean);
	if (typeof value !== 'string') return [];
	return value
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}
