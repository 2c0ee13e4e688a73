import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributed: { fileMatch: string[]; url: string }[] = manifest.contributes.jsonValidation;

/** Keywords that would make VS Code's JSON checker report what IAM Author's language server already reports. */
const RULES = new Set(['required', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems', 'additionalProperties', 'propertyNames', 'format', 'oneOf', 'not']);

/** Each property of each `properties` object under `node`, with its JSON path, and each rule keyword used. */
function walk(node: unknown, at: string, found: { properties: [string, Record<string, unknown>][]; rules: string[] }): void {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (RULES.has(key)) found.rules.push(`${at}/${key}`);
    // A type is a rule too, except to tell the branches of an anyOf apart (any value matches the untyped branch).
    if (key === 'type' && !/\/anyOf\/\d+$/.test(at)) found.rules.push(`${at}/type`);
    if (key === 'properties') {
      for (const [name, property] of Object.entries(value as Record<string, Record<string, unknown>>)) found.properties.push([`${at}/properties/${name}`, property]);
    }
    walk(value, `${at}/${key}`, found);
  }
}

describe('JSON schemas (schemas/, contributed with jsonValidation)', () => {
  it('contributes the role manifest, policy and trust policy schemas for the .json and .jsonc names', () => {
    assert.deepStrictEqual(contributed.map((c) => [c.fileMatch, c.url]), [
      [['*.role.json', '*.role.jsonc'], './schemas/role-manifest.schema.json'],
      [['*.policy.json', '*.policy.jsonc'], './schemas/policy.schema.json'],
      [['*.trust.json', '*.trust.jsonc'], './schemas/trust-policy.schema.json'],
    ]);
  });

  for (const { url } of contributed) {
    describe(url, () => {
      const schema = JSON.parse(fs.readFileSync(path.join(root, url), 'utf8'));
      const found = { properties: [] as [string, Record<string, unknown>][], rules: [] as string[] };
      walk(schema, '', found);

      it('allows comments and trailing commas', () => {
        assert.deepStrictEqual([schema.allowComments, schema.allowTrailingCommas], [true, true]);
      });

      it('describes every property', () => {
        assert.ok(found.properties.length >= 9, `${found.properties.length} properties`);
        assert.deepStrictEqual(found.properties.filter(([, p]) => typeof p.description !== 'string' || p.description.length < 10).map(([at]) => at), []);
      });

      it('checks shape only: no rule the language server reports', () => {
        assert.deepStrictEqual(found.rules, []);
      });

      it('resolves every $ref inside the file', () => {
        const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
        for (const ref of refs.map((r) => r.slice(8, -1))) {
          const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], schema);
          assert.ok(ref.startsWith('#/') && target, `${ref} does not resolve`);
        }
      });
    });
  }

  it('knows InstanceProfile in a role manifest', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'role-manifest.schema.json'), 'utf8'));
    assert.match(schema.properties.InstanceProfile.description, /^IAM Author's one addition to CloudFormation's names: true makes an instance profile/);
  });
});
