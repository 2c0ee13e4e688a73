import * as assert from 'assert';
import { complete } from '../../src/iam/completion';
import { parseDocument } from '../../src/iam/document';

/** Completion at the `|` of a text, in a file of the given name. */
function at(source: string, fileName = 'x.policy.json') {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  return { items: complete(parseDocument(text, fileName), offset), text };
}
const labels = (source: string, fileName?: string) => at(source, fileName).items.map((i) => i.label);
const policy = (statement: string) => `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;

describe('completion', () => {
  it('offers a service\'s actions after its prefix, replacing the whole string', () => {
    const { items, text } = at(policy('{ "Effect": "Allow", "Action": "ecr:Put|", "Resource": "*" }'));
    const put = items.find((i) => i.label === 'ecr:PutImage');
    assert.ok(put);
    assert.strictEqual(put.detail, 'Write');
    assert.strictEqual(text.slice(put.offset, put.offset + put.length), 'ecr:Put');
    assert.ok(items.every((i) => i.label.startsWith('ecr:')));
  });

  it('offers service prefixes before the colon', () => {
    assert.ok(labels(policy('{ "Effect": "Allow", "Action": ["ec|"], "Resource": "*" }')).includes('ecr:'));
  });

  it('offers operators as Condition keys, and the statement\'s keys inside an operator', () => {
    assert.ok(labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "|": {} } }')).includes('StringEquals'));
    const keys = labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "StringEquals": { "|": "" } } }'));
    assert.ok(keys.includes('aws:SourceIp'));
    assert.ok(keys.includes('s3:ExistingObjectTag/<key>'));
    assert.ok(!keys.some((k) => k.startsWith('ecr:')));
  });

  it('offers service principals, Effect and Version values', () => {
    assert.ok(labels(policy('{ "Effect": "Allow", "Principal": { "Service": "|" }, "Action": "sts:AssumeRole" }'), 'x.trust.json').includes('ecs-tasks.amazonaws.com'));
    assert.deepStrictEqual(labels(policy('{ "Effect": "|" }')), ['Allow', 'Deny']);
    assert.deepStrictEqual(labels('{ "Version": "|", "Statement": [] }'), ['2012-10-17']);
  });

  it('offers only the statement elements not yet present', () => {
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "|": 1 }')),
      ['Sid', 'Principal', 'NotPrincipal', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  });

  it('never throws, at any offset of any text', () => {
    const text = policy('{ "Effect": "Allow", "Action": ["s3:Get*", 42], "Resource": "arn:aws:s3:::b/*", "Condition": { "Bool": { "aws:SecureTransport": true } } }');
    for (const t of [text, text.slice(0, 50), '{"Statement": [{"Condition": {"": {"": ""}}}]', '\u0000{[']) {
      for (let i = 0; i <= t.length; i++) complete(parseDocument(t, 'x.policy.json'), i);
    }
  });
});
