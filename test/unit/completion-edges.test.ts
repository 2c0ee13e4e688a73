import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
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
});
