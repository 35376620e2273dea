/**
 * Where JSON text goes wrong, in words: the parser's own message names no line and, for
 * most mistakes, echoes the whole text back (a megabyte of it, if that is what came).
 * Pure; walks the text once without recursion.
 */

export interface JsonSyntaxProblem {
	line: number;
	column: number;
	/** What should have come there, e.g. `a value` or `"," or "}"`. */
	expected: string;
	/** What came instead, shown briefly. */
	found: string;
}

type Expect = 'value' | 'key' | 'colon' | 'afterValue' | 'end';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const LITERALS = ['true', 'false', 'null'];

function shown(text: string, at: number): string {
	if (at >= text.length) return 'the end of the text';
	const char = text[at];
	if (char === '\n') return 'a line break';
	return JSON.stringify(text.slice(at, at + 12).split('\n')[0]);
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = 0; i < at && i < text.length; i++) {
		if (text[i] === '\n') {
			line++;
			lineStart = i + 1;
		}
	}
	return { line, column: at - lineStart + 1 };
}

/** The end of the string that starts at `at` (its closing quote + 1), or where it breaks. */
function stringEnd(text: string, at: number): { end: number } | { brokenAt: number; expected: string } {
	for (let i = at + 1; i < text.length; i++) {
		const char = text[i];
		if (char === '"') return { end: i + 1 };
		if (char === '\\') {
			const next = text[i + 1];
			if (next === 'u') {
				if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { brokenAt: i, expected: 'four hex digits after \\u' };
				i += 5;
			} else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
			else return { brokenAt: i, expected: 'an escape such as \\" or \\n' };
		} else if (char < ' ') return { brokenAt: i, expected: 'no line break or control character inside a string (write \\n)' };
	}
	return { brokenAt: text.length, expected: 'the closing quote of the string' };
}

export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
	const containers: Array<'{' | '['> = [];
	let expect: Expect = 'value';
	let at = 0;
	const problem = (expected: string): JsonSyntaxProblem => ({ ...lineAndColumn(text, at), expected, found: shown(text, at) });
	const closeOrNext = (): Expect => (containers.length === 0 ? 'end' : 'afterValue');
	while (at <= text.length) {
		while (at < text.length && WHITESPACE.has(text[at])) at++;
		const char = text[at];
		if (expect === 'end') return at >= text.length ? undefined : problem('the end of the text');
		if (at >= text.length) {
			const top = containers.at(-1);
			return problem(expect === 'value' ? 'a value' : top === '{' ? '"," or "}"' : top === '[' ? '"," or "]"' : 'a value');
		}
		if (expect === 'value') {
			if (char === '{' || char === '[') {
				containers.push(char);
				at++;
				const closer = char === '{' ? '}' : ']';
				while (at < text.length && WHITESPACE.has(text[at])) at++;
				if (text[at] === closer) {
					containers.pop();
					at++;
					expect = closeOrNext();
				} else expect = char === '{' ? 'key' : 'value';
				continue;
			}
			if (char === '"') {
				const end = stringEnd(text, at);
				if ('brokenAt' in end) {
					at = end.brokenAt;
					return problem(end.expected);
				}
				at = end.end;
				expect = closeOrNext();
				continue;
			}
			const number = NUMBER.exec(text.slice(at, at + 400));
			if (number) {
				at += number[0].length;
				expect = closeOrNext();
				continue;
			}
			const literal = LITERALS.find((word) => text.startsWith(word, at));
			if (literal) {
				at += literal.length;
				expect = closeOrNext();
				continue;
			}
			return problem(char === "'" ? 'a value (strings take double quotes)' : 'a value');
		}
		if (expect === 'key') {
			if (char !== '"') return problem(char === "'" ? 'a name in double quotes' : 'a property name in double quotes');
			const end = stringEnd(text, at);
			if ('brokenAt' in end) {
				at = end.brokenAt;
				return problem(end.expected);
			}
			at = end.end;
			expect = 'colon';
			continue;
		}
		if (expect === 'colon') {
			if (char !== ':') return problem('":" after the property name');
			at++;
			expect = 'value';
			continue;
		}
		// afterValue
		const top = containers.at(-1)!;
		const closer = top === '{' ? '}' : ']';
		if (char === ',') {
			at++;
			while (at < text.length && WHITESPACE.has(text[at])) at++;
			if (text[at] === closer) return problem(top === '{' ? 'another property (no comma before "}")' : 'another value (no comma before "]")');
			expect = top === '{' ? 'key' : 'value';
			continue;
		}
		if (char === closer) {
			containers.pop();
			at++;
			expect = closeOrNext();
			continue;
		}
		return problem(`"," or "${closer}"`);
	}
	return undefined;
}

/** The problem in words: `expected "," or "}" at line 1, column 8, found "x"`. */
export function jsonSyntaxText(problem: JsonSyntaxProblem): string {
	return `expected ${problem.expected} at line ${problem.line}, column ${problem.column}, found ${problem.found}`;
}
