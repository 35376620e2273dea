import { formatProblem, KNOWN_FORMATS } from './jsonSchemaFormats';
import { isPlainObject } from '../messages/prepareMessage';

/**
 * JSON Schema draft-07, as Segment's tracking plans write their rules, checked inside the
 * package (n8n's rules for verified community nodes allow no runtime dependency). Every
 * draft-07 keyword is supported except a `$ref` to another document: a rule that has one
 * is refused when it is compiled, never passed silently. Pure: no I/O, no clock.
 */

export interface Violation {
	/** Where in the checked value, as a path a workflow builder reads: `properties.revenue`, `products[2].sku`; empty for the value itself. */
	path: string;
	/** The keyword that failed: `type`, `required`, `additionalProperties`, … */
	keyword: string;
	message: string;
}

export class UnsupportedSchemaError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnsupportedSchemaError';
	}
}

type Schema = boolean | Record<string, unknown>;

interface Resource {
	/** The schema object, by the JSON pointer under its document. */
	schema: Schema;
	baseUri: string;
}

/** A schema ready to check values with: its `$id`s and `$ref`s resolved once. */
export interface CompiledSchema {
	readonly root: Schema;
	/** Every schema a `$ref` may name, by absolute URI (with its fragment). */
	readonly resources: ReadonlyMap<string, Resource>;
	readonly rootUri: string;
}

const ROOT_URI = 'urn:n8n-nodes-segment:schema';
const MAX_DEPTH = 200;


function resolveUri(reference: string, base: string): string {
	let resolved: string | undefined;
	try {
		resolved = new URL(reference, base).href;
	} catch {
		resolved = undefined;
	}
	if (resolved === undefined) throw new UnsupportedSchemaError(`$ref "${reference}" is not a URI reference this checker can follow`);
	return resolved;
}

const withoutFragment = (uri: string) => uri.split('#')[0];
const escapePointer = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (token: string) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');

/** Keywords whose value is a schema, a list of schemas, or a map of schemas: where `$id`s and `$ref`s can be. */
const SCHEMA_KEYWORDS = ['additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'items'];
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', 'dependencies'];

/** Walks every subschema with its base URI and JSON pointer, registering `$id`s and checking refs and keywords once. */
function register(schema: unknown, baseUri: string, documentUri: string, pointer: string, resources: Map<string, Resource>, depth: number): void {
	if (depth > MAX_DEPTH) throw new UnsupportedSchemaError('The schema is nested more than 200 levels deep');
	if (typeof schema === 'boolean') {
		resources.set(`${documentUri}#${pointer}`, { schema, baseUri });
		return;
	}
	if (!isPlainObject(schema)) return;
	let base = baseUri;
	let document = documentUri;
	let here = pointer;
	// In draft-07 a `$ref` makes its siblings, `$id` included, be ignored.
	if (typeof schema.$id === 'string' && schema.$ref === undefined) {
		base = resolveUri(schema.$id, baseUri);
		if (schema.$id.startsWith('#')) {
			resources.set(base, { schema, baseUri: withoutFragment(base) });
			base = withoutFragment(base);
		} else {
			document = withoutFragment(base);
			here = '';
		}
	}
	resources.set(`${document}#${here}`, { schema, baseUri: base });
	if (document !== documentUri) resources.set(`${documentUri}#${pointer}`, { schema, baseUri: base });
	const walk = (value: unknown, token: string) => register(value, base, document, `${here}/${token}`, resources, depth + 1);
	for (const keyword of SCHEMA_KEYWORDS) if (keyword in schema && !Array.isArray(schema[keyword])) walk(schema[keyword], keyword);
	for (const keyword of SCHEMA_LIST_KEYWORDS) {
		const list = schema[keyword];
		if (Array.isArray(list)) list.forEach((entry, index) => walk(entry, `${keyword}/${index}`));
	}
	for (const keyword of SCHEMA_MAP_KEYWORDS) {
		const map = schema[keyword];
		if (isPlainObject(map)) for (const [name, entry] of Object.entries(map)) if (!Array.isArray(entry)) walk(entry, `${keyword}/${escapePointer(name)}`);
	}
}

/** Anything reachable by a JSON pointer from a registered document (a `$ref` into a value that is not a keyword). */
function byPointer(resources: ReadonlyMap<string, Resource>, uri: string): Resource | undefined {
	const [document, fragment = ''] = uri.split('#');
	const root = resources.get(`${document}#`);
	if (!root) return undefined;
	if (!fragment.startsWith('/')) return undefined;
	let current: unknown = root.schema;
	for (const token of fragment.slice(1).split('/').map(unescapePointer)) {
		if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(token)) current = current[Number(token)];
		else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, token)) current = current[token];
		else return undefined;
	}
	if (typeof current !== 'boolean' && !isPlainObject(current)) return undefined;
	return { schema: current, baseUri: root.baseUri };
}

function findReference(compiled: Pick<CompiledSchema, 'resources'>, uri: string): Resource | undefined {
	const exact = compiled.resources.get(uri.includes('#') ? uri : `${uri}#`);
	if (exact) return exact;
	const [, fragment = ''] = uri.split('#');
	const decoded = fragment.startsWith('/') ? uri : undefined;
	return decoded ? (compiled.resources.get(`${withoutFragment(uri)}#${fragment.split('/').map((token) => escapePointer(unescapePointer(token))).join('/')}`) ?? byPointer(compiled.resources, uri)) : undefined;
}

/** Checks every `$ref` of the schema can be followed inside it. */
function checkReferences(schema: unknown, baseUri: string, compiled: CompiledSchema, depth: number): void {
	if (!isPlainObject(schema) || depth > MAX_DEPTH) return;
	let base = baseUri;
	if (typeof schema.$ref === 'string') {
		const target = resolveUri(schema.$ref, base);
		if (!findReference(compiled, target)) {
			throw new UnsupportedSchemaError(
				/^https?:/.test(target) && !target.startsWith(ROOT_URI) ? `$ref "${schema.$ref}" names another document; only references inside the rule are supported` : `$ref "${schema.$ref}" names nothing in the rule`,
			);
		}
		return;
	}
	if (typeof schema.$id === 'string') base = resolveUri(schema.$id, baseUri);
	const next = (value: unknown) => checkReferences(value, withoutFragment(base) === base ? base : base, compiled, depth + 1);
	for (const keyword of SCHEMA_KEYWORDS) if (keyword in schema && !Array.isArray(schema[keyword])) next(schema[keyword]);
	for (const keyword of SCHEMA_LIST_KEYWORDS) if (Array.isArray(schema[keyword])) (schema[keyword] as unknown[]).forEach(next);
	for (const keyword of SCHEMA_MAP_KEYWORDS) if (isPlainObject(schema[keyword])) Object.values(schema[keyword] as object).forEach(next);
}

export function compileSchema(schema: unknown): CompiledSchema {
	if (typeof schema !== 'boolean' && !isPlainObject(schema)) throw new UnsupportedSchemaError('A JSON Schema is an object (or true or false)');
	const resources = new Map<string, Resource>();
	register(schema, ROOT_URI, ROOT_URI, '', resources, 0);
	const compiled: CompiledSchema = { root: schema as Schema, resources, rootUri: ROOT_URI };
	checkReferences(schema, ROOT_URI, compiled, 0);
	for (const { schema: entry } of resources.values()) if (isPlainObject(entry) && typeof entry.pattern === 'string') compilePattern(entry.pattern);
	return compiled;
}

const patterns = new Map<string, RegExp>();

function compilePattern(pattern: string): RegExp {
	let compiled = patterns.get(pattern);
	if (compiled) return compiled;
	for (const flags of ['u', '']) {
		try {
			// Some ECMA-262 patterns are valid only without the unicode flag (e.g. `\\-` outside a class).
			compiled = new RegExp(pattern, flags);
			break;
		} catch {
			compiled = undefined;
		}
	}
	if (!compiled) throw new UnsupportedSchemaError(`pattern "${pattern}" is not a regular expression`);
	if (patterns.size > 1_000) patterns.clear();
	patterns.set(pattern, compiled);
	return compiled;
}

export function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

function matchesType(value: unknown, type: unknown): boolean {
	if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
	if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
	return typeOf(value) === type || (type === 'object' && isPlainObject(value));
}

export function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((entry, index) => deepEqual(entry, (b as unknown[])[index]));
	const keysA = Object.keys(a as object);
	const keysB = Object.keys(b as object);
	return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function isMultipleOf(value: number, divisor: number): boolean {
	const quotient = value / divisor;
	// Past the largest double: a whole number is a multiple of a divisor that divides 1 (0.5, 0.25).
	if (!Number.isFinite(quotient)) return Number.isInteger(value) && Number.isInteger(1 / divisor);
	if (Number.isInteger(quotient)) return true;
	// Decimal divisors such as 0.01: compare at the precision both are written with.
	const decimals = (number: number) => {
		const [mantissa, exponent] = number.toExponential().split('e');
		const fraction = (mantissa.split('.')[1] ?? '').length;
		return Math.max(0, fraction - Number(exponent));
	};
	const scale = 10 ** Math.max(decimals(value), decimals(divisor));
	if (!Number.isFinite(scale) || scale > 1e15) return Math.abs(quotient - Math.round(quotient)) < 1e-9;
	return Math.round(value * scale) % Math.round(divisor * scale) === 0;
}

const describe = (value: unknown) => {
	const kind = typeOf(value);
	if (kind === 'string') return `the text ${JSON.stringify(String(value).slice(0, 60))}${String(value).length > 60 ? '…' : ''}`;
	if (kind === 'integer' || kind === 'number' || kind === 'boolean') return String(value);
	if (kind === 'null') return 'null';
	return kind === 'array' ? 'a list' : 'an object';
};

const childPath = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`);

const TYPE_WORDS: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' };

interface Run {
	compiled: CompiledSchema;
	violations: Violation[];
	/** Stops a `$ref` loop that checks the same value with the same schema forever. */
	depth: number;
}

/** Checks `value`; every violation, at every depth, in the order the schema names them. */
export function validate(compiled: CompiledSchema, value: unknown): Violation[] {
	const run: Run = { compiled, violations: [], depth: 0 };
	check(run, compiled.root, compiled.rootUri, value, '');
	return run.violations;
}

/** Whether `value` passes `schema`, without keeping violations (for anyOf, oneOf, not, if, contains). */
function passes(run: Run, schema: unknown, baseUri: string, value: unknown, path: string): boolean {
	const inner: Run = { compiled: run.compiled, violations: [], depth: run.depth };
	check(inner, schema, baseUri, value, path);
	return inner.violations.length === 0;
}

function violate(run: Run, path: string, keyword: string, message: string): void {
	run.violations.push({ path, keyword, message });
}

function check(run: Run, schema: unknown, baseUri: string, value: unknown, path: string): void {
	if (schema === true || schema === undefined) return;
	if (schema === false) {
		violate(run, path, 'false', 'nothing is allowed here');
		return;
	}
	if (!isPlainObject(schema)) return;
	if (run.depth > MAX_DEPTH) {
		violate(run, path, '$ref', 'the rule refers to itself more than 200 times deep here');
		return;
	}
	if (typeof schema.$ref === 'string') {
		const uri = resolveUri(schema.$ref, baseUri);
		const target = findReference(run.compiled, uri);
		if (!target) throw new UnsupportedSchemaError(`$ref "${schema.$ref}" names nothing in the rule`);
		run.depth++;
		check(run, target.schema, target.baseUri, value, path);
		run.depth--;
		return;
	}
	const base = typeof schema.$id === 'string' && !schema.$id.startsWith('#') ? withoutFragment(resolveUri(schema.$id, baseUri)) : baseUri;
	checkGeneric(run, schema, value, path);
	if (typeof value === 'number') checkNumber(run, schema, value, path);
	if (typeof value === 'string') checkString(run, schema, value, path);
	if (Array.isArray(value)) checkArray(run, schema, base, value, path);
	if (isPlainObject(value)) checkObject(run, schema, base, value, path);
	checkCombined(run, schema, base, value, path);
}

function checkGeneric(run: Run, schema: Record<string, unknown>, value: unknown, path: string): void {
	const type = schema.type;
	if (type !== undefined) {
		const types = Array.isArray(type) ? type : [type];
		if (!types.some((entry) => matchesType(value, entry))) {
			violate(run, path, 'type', `must be ${types.map((entry) => TYPE_WORDS[String(entry)] ?? String(entry)).join(' or ')}, not ${describe(value)}`);
		}
	}
	if ('const' in schema && !deepEqual(value, schema.const)) violate(run, path, 'const', `must be ${JSON.stringify(schema.const)}, not ${describe(value)}`);
	if (Array.isArray(schema.enum) && !schema.enum.some((entry) => deepEqual(entry, value))) {
		const allowed = schema.enum.slice(0, 10).map((entry) => JSON.stringify(entry)).join(', ');
		violate(run, path, 'enum', `must be one of ${allowed}${schema.enum.length > 10 ? ', …' : ''}, not ${describe(value)}`);
	}
}

function checkNumber(run: Run, schema: Record<string, unknown>, value: number, path: string): void {
	const limit = (keyword: string) => (typeof schema[keyword] === 'number' ? (schema[keyword] as number) : undefined);
	const maximum = limit('maximum');
	const minimum = limit('minimum');
	const exclusiveMaximum = limit('exclusiveMaximum');
	const exclusiveMinimum = limit('exclusiveMinimum');
	const multipleOf = limit('multipleOf');
	if (maximum !== undefined && value > maximum) violate(run, path, 'maximum', `must be at most ${maximum}, not ${value}`);
	if (minimum !== undefined && value < minimum) violate(run, path, 'minimum', `must be at least ${minimum}, not ${value}`);
	if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) violate(run, path, 'exclusiveMaximum', `must be below ${exclusiveMaximum}, not ${value}`);
	if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) violate(run, path, 'exclusiveMinimum', `must be above ${exclusiveMinimum}, not ${value}`);
	if (multipleOf !== undefined && multipleOf > 0 && !isMultipleOf(value, multipleOf)) violate(run, path, 'multipleOf', `must be a multiple of ${multipleOf}, not ${value}`);
}

const codePoints = (text: string) => Array.from(text).length;

function checkString(run: Run, schema: Record<string, unknown>, value: string, path: string): void {
	const length = typeof schema.maxLength === 'number' || typeof schema.minLength === 'number' ? codePoints(value) : 0;
	if (typeof schema.maxLength === 'number' && length > schema.maxLength) violate(run, path, 'maxLength', `must be at most ${schema.maxLength} characters long, not ${length}`);
	if (typeof schema.minLength === 'number' && length < schema.minLength) violate(run, path, 'minLength', `must be at least ${schema.minLength} characters long, not ${length}`);
	if (typeof schema.pattern === 'string' && !compilePattern(schema.pattern).test(value)) violate(run, path, 'pattern', `must match ${schema.pattern}, not ${describe(value)}`);
	if (typeof schema.format === 'string' && KNOWN_FORMATS.has(schema.format)) {
		const problem = formatProblem(schema.format, value);
		if (problem) violate(run, path, 'format', `must be ${problem}, not ${describe(value)}`);
	}
}

function checkArray(run: Run, schema: Record<string, unknown>, baseUri: string, value: unknown[], path: string): void {
	if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) violate(run, path, 'maxItems', `must have at most ${schema.maxItems} entries, not ${value.length}`);
	if (typeof schema.minItems === 'number' && value.length < schema.minItems) violate(run, path, 'minItems', `must have at least ${schema.minItems} entries, not ${value.length}`);
	if (schema.uniqueItems === true) {
		for (let i = 0; i < value.length; i++) {
			const twin = value.findIndex((other, j) => j > i && deepEqual(value[i], other));
			if (twin !== -1) {
				violate(run, path, 'uniqueItems', `must not repeat entries: entries ${i} and ${twin} are the same`);
				break;
			}
		}
	}
	const items = schema.items;
	if (Array.isArray(items)) {
		items.forEach((itemSchema, index) => {
			if (index < value.length) check(run, itemSchema, baseUri, value[index], childPath(path, index));
		});
		if (schema.additionalItems !== undefined) {
			for (let index = items.length; index < value.length; index++) {
				if (schema.additionalItems === false) {
					violate(run, childPath(path, index), 'additionalItems', `is one entry too many: at most ${items.length} are allowed`);
					break;
				}
				check(run, schema.additionalItems, baseUri, value[index], childPath(path, index));
			}
		}
	} else if (items !== undefined) {
		value.forEach((entry, index) => check(run, items, baseUri, entry, childPath(path, index)));
	}
	if (schema.contains !== undefined && !value.some((entry, index) => passes(run, schema.contains, baseUri, entry, childPath(path, index)))) {
		violate(run, path, 'contains', 'must contain at least one entry that the rule allows');
	}
}

function checkObject(run: Run, schema: Record<string, unknown>, baseUri: string, value: Record<string, unknown>, path: string): void {
	const keys = Object.keys(value);
	if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) violate(run, path, 'maxProperties', `must have at most ${schema.maxProperties} properties, not ${keys.length}`);
	if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) violate(run, path, 'minProperties', `must have at least ${schema.minProperties} properties, not ${keys.length}`);
	if (Array.isArray(schema.required)) {
		for (const name of schema.required) if (typeof name === 'string' && !Object.prototype.hasOwnProperty.call(value, name)) violate(run, childPath(path, name), 'required', 'is required and missing');
	}
	const properties = isPlainObject(schema.properties) ? schema.properties : {};
	const patternProperties = isPlainObject(schema.patternProperties) ? Object.entries(schema.patternProperties).map(([pattern, entry]) => [compilePattern(pattern), entry] as const) : [];
	for (const key of keys) {
		const child = childPath(path, key);
		let matched = false;
		if (Object.prototype.hasOwnProperty.call(properties, key)) {
			matched = true;
			check(run, properties[key], baseUri, value[key], child);
		}
		for (const [pattern, entry] of patternProperties) {
			if (!pattern.test(key)) continue;
			matched = true;
			check(run, entry, baseUri, value[key], child);
		}
		if (!matched && schema.additionalProperties !== undefined) {
			if (schema.additionalProperties === false) violate(run, child, 'additionalProperties', 'is not allowed: the rule does not name it');
			else check(run, schema.additionalProperties, baseUri, value[key], child);
		}
		if (schema.propertyNames !== undefined && !passes(run, schema.propertyNames, baseUri, key, child)) violate(run, child, 'propertyNames', `is a name the rule does not allow`);
	}
	if (isPlainObject(schema.dependencies)) {
		for (const [name, dependency] of Object.entries(schema.dependencies)) {
			if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
			if (Array.isArray(dependency)) {
				for (const needed of dependency) if (typeof needed === 'string' && !Object.prototype.hasOwnProperty.call(value, needed)) violate(run, childPath(path, needed), 'dependencies', `is required when ${name} is given`);
			} else {
				check(run, dependency, baseUri, value, path);
			}
		}
	}
}

function checkCombined(run: Run, schema: Record<string, unknown>, baseUri: string, value: unknown, path: string): void {
	if (Array.isArray(schema.allOf)) for (const entry of schema.allOf) check(run, entry, baseUri, value, path);
	if (Array.isArray(schema.anyOf) && !schema.anyOf.some((entry) => passes(run, entry, baseUri, value, path))) violate(run, path, 'anyOf', 'must match at least one of the allowed shapes (anyOf)');
	if (Array.isArray(schema.oneOf)) {
		const matching = schema.oneOf.filter((entry) => passes(run, entry, baseUri, value, path)).length;
		if (matching !== 1) violate(run, path, 'oneOf', matching === 0 ? 'must match one of the allowed shapes (oneOf), and matches none' : `must match exactly one of the allowed shapes (oneOf), and matches ${matching}`);
	}
	if (schema.not !== undefined && passes(run, schema.not, baseUri, value, path)) violate(run, path, 'not', 'has a shape the rule forbids (not)');
	if (schema.if !== undefined) {
		if (passes(run, schema.if, baseUri, value, path)) {
			if (schema.then !== undefined) check(run, schema.then, baseUri, value, path);
		} else if (schema.else !== undefined) {
			check(run, schema.else, baseUri, value, path);
		}
	}
}
