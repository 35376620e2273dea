/**
 * A small part of Segment's audience query language, enough for the fake's audiences to
 * follow the events it receives: `event('Order Completed').count() >= 3`,
 * `trait('plan') = 'vip'`, joined with `and`, `or`, `not` and parentheses.
 */

export interface QueryProfile {
	eventCounts: Map<string, number>;
	traits: Record<string, unknown>;
}

export class AudienceQueryError extends Error {}

type Predicate = (profile: QueryProfile) => boolean;

const TOKEN = /\s*(>=|<=|!=|=|>|<|\(|\)|\.|'[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(query: string): string[] {
	const tokens: string[] = [];
	TOKEN.lastIndex = 0;
	let at = 0;
	while (at < query.length) {
		if (/^\s*$/.test(query.slice(at))) break;
		TOKEN.lastIndex = at;
		const match = TOKEN.exec(query);
		if (!match) throw new AudienceQueryError(`unexpected text at ${at}: ${query.slice(at, at + 20)}`);
		tokens.push(match[1]);
		at = TOKEN.lastIndex;
	}
	return tokens;
}

function compare(left: unknown, operator: string, right: unknown): boolean {
	switch (operator) {
		case '=':
			return left === right;
		case '!=':
			return left !== right;
		case '>=':
			return typeof left === 'number' && typeof right === 'number' && left >= right;
		case '<=':
			return typeof left === 'number' && typeof right === 'number' && left <= right;
		case '>':
			return typeof left === 'number' && typeof right === 'number' && left > right;
		case '<':
			return typeof left === 'number' && typeof right === 'number' && left < right;
		default:
			throw new AudienceQueryError(`unknown operator ${operator}`);
	}
}

const OPERATORS = new Set(['>=', '<=', '!=', '=', '>', '<']);

export function compileAudienceQuery(query: string): Predicate {
	const tokens = tokenize(query);
	let position = 0;
	const peek = () => tokens[position];
	const take = (expected?: string) => {
		const token = tokens[position++];
		if (token === undefined) throw new AudienceQueryError('the query ends too early');
		if (expected !== undefined && token !== expected) throw new AudienceQueryError(`expected ${expected}, found ${token}`);
		return token;
	};
	const text = () => {
		const token = take();
		if (!/^['"]/.test(token)) throw new AudienceQueryError(`expected a quoted name, found ${token}`);
		return token.slice(1, -1);
	};
	const value = (): unknown => {
		const token = take();
		if (/^['"]/.test(token)) return token.slice(1, -1);
		if (token === 'true' || token === 'false') return token === 'true';
		const number = Number(token);
		if (Number.isFinite(number)) return number;
		throw new AudienceQueryError(`expected a value, found ${token}`);
	};
	const operator = () => {
		const token = take();
		if (!OPERATORS.has(token)) throw new AudienceQueryError(`expected a comparison, found ${token}`);
		return token;
	};
	const atom = (): Predicate => {
		const token = take();
		if (token === '(') {
			const inner = or();
			take(')');
			return inner;
		}
		if (token === 'not') {
			const inner = atom();
			return (profile) => !inner(profile);
		}
		if (token === 'event') {
			take('(');
			const name = text();
			take(')');
			take('.');
			take('count');
			take('(');
			take(')');
			const op = operator();
			const right = value();
			return (profile) => compare(profile.eventCounts.get(name) ?? 0, op, right);
		}
		if (token === 'trait') {
			take('(');
			const name = text();
			take(')');
			const op = operator();
			const right = value();
			return (profile) => compare(profile.traits[name], op, right);
		}
		throw new AudienceQueryError(`unknown expression ${token}`);
	};
	const and = (): Predicate => {
		let left = atom();
		while (peek() === 'and') {
			take();
			const right = atom();
			const before = left;
			left = (profile) => before(profile) && right(profile);
		}
		return left;
	};
	const or = (): Predicate => {
		let left = and();
		while (peek() === 'or') {
			take();
			const right = and();
			const before = left;
			left = (profile) => before(profile) || right(profile);
		}
		return left;
	};
	const predicate = or();
	if (position !== tokens.length) throw new AudienceQueryError(`unexpected ${tokens[position]}`);
	return predicate;
}
