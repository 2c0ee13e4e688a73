import * as assert from 'assert';
import { keyOf, nodeAt, parseDocument } from '../../src/iam/document';

describe('document model', () => {
  it('tells the kind from the file name, then from the content', () => {
    const policy = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }';
    const resource = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*" } ] }';
    assert.deepStrictEqual([
      parseDocument(policy, 'a.policy.json').kind,
      parseDocument(resource, 'a.policy.jsonc').kind,
      parseDocument(policy, '/x/A.TRUST.JSON').kind,
      parseDocument('{}', 'a.role.jsonc').kind,
      parseDocument(policy, 'bucket-policy.json').kind,
      parseDocument('{ "Statement": [] }', 'package.json').kind,
    ], ['identity', 'resource', 'trust', 'manifest', 'identity', 'other']);
  });

  it('models statements (array or single object) with their elements and string ranges', () => {
    const text = '// c\n{ "Version": "2012-10-17", "Statement": { "Sid": "A", "Effect": "Allow", "Action": ["s3:GetObject",], "Resource": "*", }, }';
    const doc = parseDocument(text, 'a.policy.json');
    assert.deepStrictEqual(doc.syntaxErrors, []);
    const [statement] = doc.policy!.statements;
    assert.deepStrictEqual(statement.all.map((p) => p.key), ['Sid', 'Effect', 'Action', 'Resource']);
    const action = statement.properties.get('Action')!;
    const first = action.value.children![0];
    assert.strictEqual(text.slice(first.offset + 1, first.offset + first.length - 1), 's3:GetObject');
    const key = keyOf(action);
    assert.strictEqual(text.slice(key.offset, key.offset + key.length), 'Action');
  });

  it('returns syntax errors with what to do, and models what it could parse', () => {
    const doc = parseDocument('{ "Version": "2012-10-17" "Statement": [] }', 'a.policy.json');
    assert.deepStrictEqual(doc.syntaxErrors, [{ offset: 26, length: 11, message: 'add a comma before this' }]);
    assert.deepStrictEqual(doc.policy!.all.map((p) => p.key), ['Version', 'Statement']);
  });

  it('finds the node and JSON path at an offset', () => {
    const text = '{ "Statement": [ { "Action": "s3:Get" } ] }';
    const { node, path } = nodeAt(parseDocument(text, 'a.policy.json'), text.indexOf('s3:') + 2);
    assert.deepStrictEqual([node?.type, node?.value, path], ['string', 's3:Get', ['Statement', 0, 'Action']]);
    assert.deepStrictEqual(nodeAt(parseDocument('', 'a.policy.json'), 0), { node: undefined, path: [] });
  });

  it('does not parse text nested deeper than 256 levels, and never throws', () => {
    const refused = [{ offset: 0, length: 1, message: 'nest arrays and objects at most 256 levels deep' }];
    for (const deep of ['['.repeat(100_000), '['.repeat(257) + ']'.repeat(257), '{"a":'.repeat(300) + '1' + '}'.repeat(300)]) {
      const doc = parseDocument(deep, 'a.trust.json');
      assert.deepStrictEqual([doc.kind, doc.root, doc.tooDeep, doc.syntaxErrors], ['trust', undefined, true, refused]);
    }
    const brackets = parseDocument(`["${'[['.repeat(300)}", ${'['.repeat(255)}${']'.repeat(255)}]`, 'a.trust.json');
    assert.deepStrictEqual([brackets.root?.type, brackets.tooDeep, brackets.syntaxErrors], ['array', false, []]);
  });
});
