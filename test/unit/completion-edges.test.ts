import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getCatalog } from '../../src/iam/catalog';
import { toCompletionItem } from '../../src/server/convert';
import { accept, at, labels, policy, replaced } from './completionFixture';

const ecrActions = () => getCatalog().actions('ecr').map((a) => `ecr:${a.name}`);

describe('completion: where the cursor is and what accepting writes', () => {
  it('replaces only the word typed in a string not closed yet, leaving the rest of the line', () => {
    const source = policy('{ "Effect": "Allow", "Action": ["ecr:InitLay| ] }');
    assert.deepStrictEqual(labels(source), ecrActions());
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "Action": ["[[ecr:InitLay]] ] }'));
    assert.strictEqual(accept(source, 'ecr:InitiateLayerUpload'), policy('{ "Effect": "Allow", "Action": ["ecr:InitiateLayerUpload| ] }'));
    const inside = policy('{ "Effect": "Allow", "Action": ["ecr:Init|Lay] }');
    assert.strictEqual(replaced(inside), policy('{ "Effect": "Allow", "Action": ["[[ecr:InitLay]]] }'));
    assert.strictEqual(accept(inside, 'ecr:InitiateLayerUpload'), policy('{ "Effect": "Allow", "Action": ["ecr:InitiateLayerUpload|] }'));
  });

  it('offers the element whose key is being edited, not counting it as present', () => {
    const source = policy('{ "Effect": "Allow", "Act|ion": "s3:GetObject", "Resource": "*" }');
    assert.deepStrictEqual(labels(source), ['Sid', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Condition']);
    assert.strictEqual(replaced(source), policy('{ "Effect": "Allow", "[[Action]]": "s3:GetObject", "Resource": "*" }'));
    assert.strictEqual(accept(source, 'NotAction'), policy('{ "Effect": "Allow", "NotAction|": "s3:GetObject", "Resource": "*" }'));
  });

  it('offers no element that the statement\'s others exclude or that its policy cannot have', () => {
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "NotAction": "s3:*", "NotResource": "*", "|": 1 }')), ['Sid', 'Principal', 'NotPrincipal', 'Condition']);
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "|": 1 }')), ['Sid', 'Resource', 'NotResource', 'Condition']);
    // A trust policy names no resources and has no NotPrincipal (IAM refuses both).
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "|" }'), 'x.trust.json'), ['Sid', 'Principal', 'Action', 'NotAction', 'Condition']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "AssumeRolePolicyDocument": { "Statement": [{ "|" }] } }', 'x.role.json'),
      ['Sid', 'Effect', 'Principal', 'Action', 'NotAction', 'Condition']);
    // A role's own policies are identity policies: they name no principal.
    assert.deepStrictEqual(labels('{ "RoleName": "r", "Policies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "|" }] } }] }', 'x.role.json'),
      ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
    assert.deepStrictEqual(labels('{ "RoleName": "r", "CustomerManagedPolicies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "Effect": "Deny", "|" }] } }] }', 'x.role.json'),
      ['Sid', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  });

  it('offers an ARN format once when resource types of several services share it', () => {
    const source = policy('{ "Effect": "Allow", "Action": ["ec2:AssociateEnclaveCertificateIamRole", "iam:PassRole"], "Resource": "|" }');
    const { items } = at(source);
    assert.deepStrictEqual(items.map((i) => [i.label, i.detail]), [
      ['*', 'all resources'],
      ['arn:${Partition}:acm:${Region}:${Account}:certificate/${CertificateId}', 'ec2 certificate'],
      ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}', 'ec2 role, iam role'],
    ]);
    assert.strictEqual(items[2].documentation,
      'The ARN of ec2 `role` and iam `role` resources, for `ec2:AssociateEnclaveCertificateIamRole`, `iam:PassRole`. Replace each `${...}` part.');
    assert.strictEqual(accept(source, 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'),
      policy('{ "Effect": "Allow", "Action": ["ec2:AssociateEnclaveCertificateIamRole", "iam:PassRole"], "Resource": "arn:aws:iam::${Account}:role/${RoleNameWithPath}|" }'));
  });

  it('completes after a wildcard, replacing the whole pattern', () => {
    const s3 = () => getCatalog().actions('s3').map((a) => `s3:${a.name}`);
    const serviceWildcard = policy('{ "Effect": "Allow", "Action": "s3:*|" }');
    assert.deepStrictEqual(labels(serviceWildcard), s3());
    assert.strictEqual(replaced(serviceWildcard), policy('{ "Effect": "Allow", "Action": "[[s3:*]]" }'));
    assert.strictEqual(accept(serviceWildcard, 's3:GetObject'), policy('{ "Effect": "Allow", "Action": "s3:GetObject|" }'));
    // Not closed: no quote follows on the line (one that did would close it, as JSON reads it).
    const unclosed = policy('{ "Effect": "Allow", "Action": ["s3:Get*|, ] }');
    assert.deepStrictEqual(labels(unclosed), s3());
    assert.strictEqual(replaced(unclosed), policy('{ "Effect": "Allow", "Action": ["[[s3:Get*]], ] }'));
    assert.strictEqual(accept(unclosed, 's3:GetObjectTagging'), policy('{ "Effect": "Allow", "Action": ["s3:GetObjectTagging|, ] }'));
    const everything = policy('{ "Effect": "Allow", "Action": "*|" }');
    assert.deepStrictEqual(labels(everything), getCatalog().services().map((s) => `${s.prefix}:`));
    assert.strictEqual(accept(everything, 's3:'), policy('{ "Effect": "Allow", "Action": "s3:|" }'));
    const resource = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*|" }');
    assert.deepStrictEqual(labels(resource), ['*', 'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}',
      'arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
    assert.strictEqual(replaced(resource), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "[[arn:aws:s3:::b/*]]" }'));
    assert.strictEqual(accept(resource, '*'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*|" }'));
  });

  it('completes in the middle of a value, replacing all of it', () => {
    const arn = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::|b/*" }');
    assert.strictEqual(replaced(arn), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "[[arn:aws:s3:::b/*]]" }'));
    assert.strictEqual(accept(arn, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'),
      policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${BucketName}/${ObjectName}|" }'));
    const key = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "StringEquals": { "aws:Source|Ip": "10.0.0.0/8" } } }');
    assert.strictEqual(replaced(key), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "StringEquals": { "[[aws:SourceIp]]": "10.0.0.0/8" } } }'));
    assert.strictEqual(accept(key, 'aws:SourceVpce'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "StringEquals": { "aws:SourceVpce|": "10.0.0.0/8" } } }'));
    const unclosed = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "String|Equa\n');
    assert.strictEqual(replaced(unclosed), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "[[StringEqua]]\n'));
    assert.strictEqual(accept(unclosed, 'StringEquals'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "StringEquals|\n'));
  });

  it('keeps CRLF line ends: an unclosed string stops before the \\r', () => {
    const lines = (...l: string[]) => l.join('\r\n');
    const source = lines('{', '  "Version": "2012-10-17",', '  "Statement": [{', '    "Effect": "Allow",', '    "Action": [', '      "ecr:InitLay|', '    ],', '    "Resource": "*"', '  }]', '}');
    assert.deepStrictEqual(labels(source), ecrActions());
    assert.strictEqual(replaced(source), source.replace('"ecr:InitLay|', '"[[ecr:InitLay]]'));
    assert.strictEqual(accept(source, 'ecr:InitiateLayerUpload'), source.replace('ecr:InitLay|', 'ecr:InitiateLayerUpload|'));
    const { items, text } = at(source);
    const lsp = toCompletionItem(TextDocument.create('file:///x.policy.json', 'json', 1, text), items.find((i) => i.label === 'ecr:InitiateLayerUpload')!, false);
    assert.deepStrictEqual(lsp.textEdit, { range: { start: { line: 5, character: 7 }, end: { line: 5, character: 18 } }, newText: 'ecr:InitiateLayerUpload' });
    const effect = lines('{', '  "Version": "2012-10-17",', '  "Statement": [{', '    "Effect": "|', '  }]', '}');
    assert.deepStrictEqual(labels(effect), ['Allow', 'Deny']);
    assert.strictEqual(accept(effect, 'Deny'), effect.replace('"|', '"Deny|'));
    const element = lines('{', '  "Version": "2012-10-17",', '  "Statement": [{', '    "Effect": "Allow",', '    "Reso|"', '  }]', '}');
    assert.strictEqual(replaced(element), element.replace('"Reso|"', '"[[Reso]]"'));
    assert.strictEqual(accept(element, 'Resource'), element.replace('"Reso|"', '"Resource|"'));
  });

  it('completes after non-ASCII text on the line, with LSP ranges in UTF-16 code units', () => {
    const source = policy('{ "Sid": "Zugriff für 日本 🎉", "Effect": "Allow", "Action": "ecr:Put|" }');
    const { items, text } = at(source);
    assert.deepStrictEqual(items.map((i) => i.label), ecrActions());
    assert.strictEqual(replaced(source), policy('{ "Sid": "Zugriff für 日本 🎉", "Effect": "Allow", "Action": "[[ecr:Put]]" }'));
    assert.strictEqual(accept(source, 'ecr:PutImage'), policy('{ "Sid": "Zugriff für 日本 🎉", "Effect": "Allow", "Action": "ecr:PutImage|" }'));
    // What an LSP client gets: characters in UTF-16 code units, where the emoji counts two. The line
    // before "ecr:Put" is 102 of them, 101 code points and 109 UTF-8 bytes.
    const lsp = toCompletionItem(TextDocument.create('file:///x.policy.json', 'json', 1, text), items.find((i) => i.label === 'ecr:PutImage')!, false);
    assert.deepStrictEqual(lsp.textEdit, { range: { start: { line: 0, character: 102 }, end: { line: 0, character: 109 } }, newText: 'ecr:PutImage' });
    assert.deepStrictEqual([text.slice(102, 109), [...text.slice(0, 102)].length, Buffer.byteLength(text.slice(0, 102))], ['ecr:Put', 101, 109]);
    const unclosed = policy('{ "Sid": "Zugriff für 日本 🎉", "Effect": "Allow", "Action": ["ecr:Put| ] }');
    assert.strictEqual(accept(unclosed, 'ecr:PutImage'), policy('{ "Sid": "Zugriff für 日本 🎉", "Effect": "Allow", "Action": ["ecr:PutImage| ] }'));
    const key = policy('{ "Sid": "ü", "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "StringEquals": { "s3:préfixe|": "" } } }');
    assert.strictEqual(accept(key, 's3:prefix'), policy('{ "Sid": "ü", "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "StringEquals": { "s3:prefix|": "" } } }'));
  });

  it('completes in an empty string of an empty array, and outside any string where a value or name may start', () => {
    const empty = policy('{ "Effect": "Allow", "Action": ["|"] }');
    assert.deepStrictEqual(labels(empty), getCatalog().services().map((s) => `${s.prefix}:`));
    assert.strictEqual(replaced(empty), policy('{ "Effect": "Allow", "Action": ["[[]]"] }'));
    assert.strictEqual(accept(empty, 'ecr:'), policy('{ "Effect": "Allow", "Action": ["ecr:|"] }'));

    // Outside a string, each proposal is written as a JSON string at the cursor.
    const resources = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": [|] }');
    assert.deepStrictEqual(at(resources).items.map((i) => [i.label, i.insertText]), [
      ['*', '"*"'],
      ['arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', '"arn:aws:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}"'],
      ['arn:${Partition}:s3:::${BucketName}/${ObjectName}', '"arn:aws:s3:::${BucketName}/${ObjectName}"'],
    ]);
    assert.strictEqual(replaced(resources), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": [[[]]] }'));
    assert.strictEqual(accept(resources, '*'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*"|] }'));
    assert.strictEqual(accept(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*", |] }'), '*'),
      policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*", "*"|] }'));
    assert.strictEqual(accept(policy('{ "Effect": |}'), 'Deny'), policy('{ "Effect": "Deny"|}'));
    assert.strictEqual(accept('{ "Version": |\n', '2012-10-17'), '{ "Version": "2012-10-17"|\n');
    const operators = policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { | } }');
    assert.deepStrictEqual(labels(operators), labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "|" } }')));
    assert.strictEqual(accept(operators, 'Bool'), policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Condition": { "Bool"| } }'));
    assert.strictEqual(accept('{ "RoleName": "r", "ManagedPolicyArns": [\n  |\n] }', 'ReadOnlyAccess', 'x.role.json'),
      '{ "RoleName": "r", "ManagedPolicyArns": [\n  "arn:aws:iam::aws:policy/ReadOnlyAccess"|\n] }');
    // A service prefix is not a value: an Action outside a string gets nothing until a quote is typed.
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": [|] }')), []);
    // Elements come from the JSON schema's completion there (as "Name": ), not twice.
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", | }')), []);
    assert.deepStrictEqual(labels('{|}'), []);
    // Nothing where a value cannot start: after a value, in a comment, outside the root.
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow" | }')), []);
    assert.deepStrictEqual(labels(policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } // , |')), []);
    assert.deepStrictEqual(labels('{ "Version": "2012-10-17", "Statement": [] } |'), []);
    assert.deepStrictEqual(labels(policy('{ "Effect": | "Allow" }')), []);
    assert.deepStrictEqual(labels(policy('{ "Effect": /* , | */ "Allow" }')), []);
    assert.strictEqual(accept('{ "RoleName": "r", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", |] }', 'PowerUserAccess', 'x.role.json'),
      '{ "RoleName": "r", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess"|] }');
  });

  it('offers under an operator only the keys it can compare: multivalued keys under a set qualifier, no IP address under a String operator', () => {
    const catalog = getCatalog();
    const keys = [...catalog.globalConditionKeys(), ...catalog.serviceConditionKeys('s3')];
    const under = (operator: string) => policy(`{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "${operator}": { "|": "" } } }`);
    const multivalued = labels(under('ForAnyValue:StringLike'));
    assert.deepStrictEqual(multivalued, keys.filter((k) => k.type.startsWith('ArrayOf')).map((k) => k.name));
    assert.deepStrictEqual(multivalued, ['aws:CalledVia', 'aws:PrincipalOrgPaths', 'aws:PrincipalServiceNamesList', 'aws:ResourceOrgPaths', 'aws:SourceOrgPaths',
      'aws:TagKeys', 'aws:VpceOrgPaths', 's3:InventoryAccessibleOptionalFields', 's3:RequestObjectTagKeys']);
    assert.deepStrictEqual(labels(under('ForAllValues:ArnLike')), multivalued);
    const strings = labels(under('StringEquals'));
    assert.deepStrictEqual(strings, keys.filter((k) => k.type !== 'IPAddress').map((k) => k.name));
    assert.deepStrictEqual(keys.filter((k) => !strings.includes(k.name)).map((k) => k.name), ['aws:Ec2InstanceSourcePrivateIPv4', 'aws:SourceIp', 'aws:VpcSourceIp']);
    assert.deepStrictEqual(labels(under('IpAddress')), keys.map((k) => k.name));
    // An operator IAM does not know filters nothing: its own finding says what is wrong.
    assert.deepStrictEqual(labels(under('StringEqual')), keys.map((k) => k.name));
  });
});
