import { inputText } from './inputText';

/**
 * `a, b,,c ` → `['a', 'b', 'c']`: lists typed into one field, or given as a list by an
 * expression. An object in the list would go out as `[object Object]`: it is refused,
 * with the field named.
 */
export function splitList(value: unknown, label = 'The list'): string[] {
	if (Array.isArray(value)) return value.map((part) => inputText(part, `${label} (an entry)`)).filter(Boolean);
	return inputText(value, label)
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
}
