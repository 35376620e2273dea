/**
 * Segment's Filter Query Language, as far as the fake needs it to decide which events a
 * subscription trigger or a destination filter matches. The lexing follows
 * segmentio/fql-ts: strings in single or double quotes with no escapes (a string ends at
 * the next quote of its kind), identifiers of letters, digits, `_` and `-` in which `\`
 * escapes any character, `!` before a name or a parenthesis, and the keywords `and`,
 * `or`, `null`, `in`. Anything else is an error, and Segment sends an event on no further
 * when its FQL is invalid.
 */

type Token =
	| { kind: 'string'; value: string }
	| { kind: 'number'; value: number }
	| { kind: 'ident'; value: string }
	| { kind: 'op'; value: string }
	| { kind: 'punct'; value: string };

export class FqlError extends Error {}

const isIdentChar = (char: string) => /[A-Za-z0-9_\-\\]/.test(char);

function lex(code: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	while (at < code.length) {
		const char = code[at];
		if (/\s/.test(char)) {
			at++;
			continue;
		}
		if (char === '"' || char === "'") {
			const end = code.indexOf(char, at + 1);
			if (end === -1) throw new FqlError('unterminated string');
			tokens.push({ kind: 'string', value: code.slice(at + 1, end) });
			at = end + 1;
			continue;
		}
		if (/[0-9]/.test(char) || ((char === '-' || char === '+') && /[0-9]/.test(code[at + 1] ?? ''))) {
			const match = /^[-+]?[0-9]+(\.[0-9]+)?/.exec(code.slice(at))!;
			tokens.push({ kind: 'number', value: Number(match[0]) });
			at += match[0].length;
			continue;
		}
		const two = code.slice(at, at + 2);
		if (['!=', '<=', '>='].includes(two)) {
			tokens.push({ kind: 'op', value: two });
			at += 2;
			continue;
		}
		if (['=', '<', '>', '!'].includes(char)) {
			tokens.push({ kind: 'op', value: char });
			at++;
			continue;
		}
		if (['(', ')', '[', ']', ',', '.'].includes(char)) {
			tokens.push({ kind: 'punct', value: char });
			at++;
			continue;
		}
		if (isIdentChar(char)) {
			let value = '';
			while (at < code.length && isIdentChar(code[at])) {
				if (code[at] === '\\') {
					if (at + 1 >= code.length) throw new FqlError('escape at the end');
					value += code[at + 1];
					at += 2;
				} else value += code[at++];
			}
			tokens.push({ kind: 'ident', value });
			continue;
		}
		throw new FqlError(`invalid character "${char}"`);
	}
	return tokens;
}

type Value = unknown;
type Node = (event: Record<string, unknown>) => Value;

function typeOf(value: Value): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value)) return 'list';
	if (typeof value === 'boolean') return 'bool';
	return typeof value;
}

function equal(a: Value, b: Value): boolean {
	if (typeOf(a) !== typeOf(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i]));
	return (a ?? null) === (b ?? null);
}

function glob(pattern: string): RegExp {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const char = pattern[i];
		if (char === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		else if (char === '*') source += '.*';
		else if (char === '?') source += '.';
		else if (char === '[') {
			const end = pattern.indexOf(']', i);
			source += end === -1 ? '\\[' : pattern.slice(i, end + 1);
			if (end !== -1) i = end;
		} else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${source}$`, 's');
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
	contains: ([s, sub]) => typeof s === 'string' && typeof sub === 'string' && s.includes(sub),
	match: ([s, pattern]) => typeof s === 'string' && typeof pattern === 'string' && glob(pattern).test(s),
	length: ([value]) => (typeof value === 'string' ? Buffer.byteLength(value) : Array.isArray(value) ? value.length : 0),
	lowercase: ([s]) => (typeof s === 'string' ? s.toLowerCase() : null),
	uppercase: ([s]) => (typeof s === 'string' ? s.toUpperCase() : null),
	typeof: ([value]) => typeOf(value),
};

class Parser {
	private at = 0;

	constructor(private readonly tokens: Token[]) {}

	parse(): Node {
		if (this.tokens.length === 0) throw new FqlError('empty statement');
		const node = this.or();
		if (this.at !== this.tokens.length) throw new FqlError('unexpected token after the statement');
		return node;
	}

	private peek(): Token | undefined {
		return this.tokens[this.at];
	}

	private isWord(word: string): boolean {
		const token = this.peek();
		return token?.kind === 'ident' && token.value === word;
	}

	private isPunct(value: string): boolean {
		const token = this.peek();
		return token?.kind === 'punct' && token.value === value;
	}

	private expectPunct(value: string): void {
		if (!this.isPunct(value)) throw new FqlError(`expected "${value}"`);
		this.at++;
	}

	private or(): Node {
		let left = this.and();
		while (this.isWord('or')) {
			this.at++;
			const l = left;
			const r = this.and();
			left = (event) => l(event) === true || r(event) === true;
		}
		return left;
	}

	private and(): Node {
		let left = this.unary();
		while (this.isWord('and')) {
			this.at++;
			const l = left;
			const r = this.unary();
			left = (event) => l(event) === true && r(event) === true;
		}
		return left;
	}

	private unary(): Node {
		const token = this.peek();
		if (token?.kind === 'op' && token.value === '!') {
			this.at++;
			const operand = this.unary();
			return (event) => operand(event) !== true;
		}
		return this.comparison();
	}

	private comparison(): Node {
		const left = this.primary();
		const token = this.peek();
		const operator = token?.kind === 'op' ? token.value : this.isWord('in') ? 'in' : undefined;
		if (operator === undefined || operator === '!') return left;
		this.at++;
		const right = this.primary();
		switch (operator) {
			case '=':
				return (event) => equal(left(event), right(event));
			case '!=':
				return (event) => !equal(left(event), right(event));
			case 'in':
				return (event) => {
					const list = right(event);
					return Array.isArray(list) && list.some((item) => equal(left(event), item));
				};
			default:
				return (event) => {
					const a = left(event);
					const b = right(event);
					if (typeof a !== 'number' || typeof b !== 'number') return false;
					return operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '>' ? a > b : a >= b;
				};
		}
	}

	private primary(): Node {
		const token = this.peek();
		if (!token) throw new FqlError('unexpected end of the statement');
		this.at++;
		if (token.kind === 'string' || token.kind === 'number') return () => token.value;
		if (token.kind === 'punct' && token.value === '(') {
			const inner = this.or();
			this.expectPunct(')');
			return inner;
		}
		if (token.kind === 'punct' && token.value === '[') {
			const items: Node[] = [];
			while (!this.isPunct(']')) {
				items.push(this.primary());
				if (!this.isPunct(']')) this.expectPunct(',');
			}
			this.at++;
			return (event) => items.map((item) => item(event));
		}
		if (token.kind !== 'ident') throw new FqlError(`unexpected "${token.value}"`);
		if (token.value === 'null') return () => null;
		if (token.value === 'true' || token.value === 'false') return () => token.value === 'true';
		if (token.value === 'all' && this.at === this.tokens.length && this.tokens.length === 1) return () => true;
		if (this.isPunct('(')) {
			const fn = FUNCTIONS[token.value];
			if (!fn) throw new FqlError(`unknown function ${token.value}`);
			this.at++;
			const args: Node[] = [];
			while (!this.isPunct(')')) {
				args.push(this.or());
				if (!this.isPunct(')')) this.expectPunct(',');
			}
			this.at++;
			return (event) => fn(args.map((arg) => arg(event)));
		}
		const path = [token.value];
		while (this.isPunct('.')) {
			this.at++;
			const part = this.peek();
			if (part?.kind !== 'ident') throw new FqlError('expected a field name after "."');
			path.push(part.value);
			this.at++;
		}
		return (event) => path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), event) ?? null;
	}
}

/** Compiles an FQL statement into a test over events; throws FqlError when Segment would call it invalid. */
export function compileFql(statement: string): (event: Record<string, unknown>) => boolean {
	const node = new Parser(lex(statement)).parse();
	return (event) => node(event) === true;
}

/** Whether `statement` matches `event`; an invalid statement matches nothing, as in Segment. */
export function fqlMatches(statement: string, event: Record<string, unknown>): boolean {
	try {
		return compileFql(statement)(event);
	} catch (error) {
		if (error instanceof FqlError) return false;
		throw error;
	}
}
