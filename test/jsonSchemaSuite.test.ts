import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { compileSchema, UnsupportedSchemaError, validate } from '../nodes/shared/protocols/jsonSchema';
import { KNOWN_FORMATS } from '../nodes/shared/protocols/jsonSchemaFormats';

// The official JSON-Schema-Test-Suite, draft-07 (a copy with its licence, see its README):
// every required file, and the optional ones for what the validator does (the formats it
// knows, big numbers, non-BMP patterns). A group whose schema refers to another document
// (a remote $ref, the only draft-07 feature left out) must be refused at compile time.

interface SuiteGroup {
	description: string;
	schema: unknown;
	tests: Array<{ description: string; data: unknown; valid: boolean }>;
}

const SUITE = join(__dirname, 'fixtures', 'JSON-Schema-Test-Suite', 'draft7');
const OPTIONAL = ['bignum.json', 'non-bmp-regex.json', 'float-overflow.json', 'unknownKeyword.json', 'id.json', ...[...KNOWN_FORMATS].map((format) => `format/${format}.json`)];
const files = [...readdirSync(SUITE).filter((file) => file.endsWith('.json')), ...OPTIONAL.map((file) => `optional/${file}`)];

const cases = files.flatMap((file) =>
	(JSON.parse(readFileSync(join(SUITE, file), 'utf8')) as SuiteGroup[]).map((group) => [`${file}: ${group.description}`, group] as const),
);

describe('JSON-Schema-Test-Suite draft-07', () => {
	test.each(cases)('%s', (name, group) => {
		let compiled;
		try {
			compiled = compileSchema(group.schema);
		} catch (error) {
			// Only a reference to another document may be refused, and with the reason in words.
			expect(error).toBeInstanceOf(UnsupportedSchemaError);
			expect([name, (error as Error).message]).toEqual([name, expect.stringMatching(/names another document; only references inside the rule are supported$/)]);
			return;
		}
		for (const test of group.tests) expect([test.description, validate(compiled, test.data).length === 0]).toEqual([test.description, test.valid]);
	});

	test('what is refused is exactly what refers to another document', () => {
		const refused = cases.filter(([, group]) => {
			try {
				compileSchema(group.schema);
				return false;
			} catch {
				return true;
			}
		});
		expect(refused.map(([name]) => name)).toEqual([
			'definitions.json: validate definition against metaschema',
			'ref.json: remote ref, containing refs itself',
			...[
				'remote ref',
				'fragment within remote ref',
				'ref within remote ref',
				'base URI change',
				'base URI change - change folder',
				'base URI change - change folder in subschema',
				'root ref in remote ref',
				'remote ref with ref to definitions',
				'Location-independent identifier in remote ref',
				'retrieved nested refs resolve relative to their URI not $id',
				'$ref to $ref finds location-independent $id',
			].map((description) => `refRemote.json: ${description}`),
		]);
	});
});
