import * as assert from 'assert';
import { normalizePolicy, normalizeStatement, renderRole, samePolicy } from '../../src/iam/normalize';
import { RoleManifest } from '../../src/iam/roleModel';

/** A policy of the given statements. */
const doc = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const same = (a: object, b: object) => normalizeStatement(a, 0).key === normalizeStatement(b, 0).key;

/** Each rule: two statements IAM treats alike, and a near-miss it does not. */
const RULES: { rule: string; equal: [object, object]; notEqual: [object, object] }[] = [
  {
    rule: 'a single value and an array of one are the same',
    equal: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }],
    notEqual: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }],
  },
  {
    rule: 'Action is a set: order and repeats do not matter',
    equal: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject', 's3:GetObject'], Resource: '*' }, { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }],
    notEqual: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }, { Effect: 'Allow', NotAction: ['s3:GetObject'], Resource: '*' }],
  },
  {
    rule: 'NotAction is a set',
    equal: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }, { Effect: 'Deny', NotAction: ['sts:*', 'iam:*'], Resource: '*' }],
    notEqual: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }, { Effect: 'Deny', NotAction: ['iam:*'], Resource: '*' }],
  },
  {
    rule: 'Resource is a set, but ARNs keep their case',
    equal: [{ Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::b/*', 'arn:aws:s3:::a/*'] }, { Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] }],
    notEqual: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::Bucket/*' }, { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' }],
  },
  {
    rule: 'NotResource is a set',
    equal: [{ Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::a'] }, { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] }],
    notEqual: [{ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::a' }, { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::a' }],
  },
  {
    rule: 'principal lists are sets',
    equal: [{ Effect: 'Allow', Principal: { Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'] }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
    notEqual: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  },
  {
    rule: 'an account id principal is the account\'s root',
    equal: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }],
    notEqual: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/admin' }, Action: 'sts:AssumeRole' }],
  },
  {
    rule: 'action names compare case-insensitively',
    equal: [{ Effect: 'Allow', Action: 'S3:getobject', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    notEqual: [{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  },
  {
    rule: 'condition key names compare case-insensitively, value lists as sets',
    equal: [
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': ['b', 'a'] } } },
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'AWS:principaltag/team': ['a', 'b'] } } },
    ],
    notEqual: [
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } },
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { stringEquals: { 'aws:PrincipalTag/team': 'a' } } },
    ],
  },
  {
    rule: 'values under an ...IgnoreCase operator compare case-insensitively; under a case-sensitive one they stay as they are',
    equal: [
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Platform' } } },
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'platform' } } },
    ],
    notEqual: [
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'Platform' } } },
      { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'platform' } } },
    ],
  },
  {
    rule: 'a condition value compares as its text',
    equal: [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } },
    ],
    notEqual: [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600.0' } } },
    ],
  },
];

describe('normalize: IAM\'s equivalences', () => {
  for (const { rule, equal, notEqual } of RULES) {
    it(rule, () => {
      assert.strictEqual(same(...equal), true, 'equivalent');
      assert.strictEqual(same(...notEqual), false, 'the near-miss is a difference');
    });
  }

  it('statements are a set: order and repeats do not matter, a single statement is a list of one', () => {
    const a = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
    const b = { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' };
    assert.strictEqual(samePolicy(doc(a, b), doc(b, a, b)), true);
    assert.strictEqual(samePolicy({ Version: '2012-10-17', Statement: a }, doc(a)), true);
    assert.strictEqual(samePolicy(doc(a, b), doc(a)), false);
    assert.strictEqual(samePolicy(doc(a), { Version: '2008-10-17', Statement: [a] }), false, 'the Version is compared');
  });

  it('shows a statement with its sets sorted, elements in a stable order, and actions as written', () => {
    const statement = normalizeStatement({ Resource: ['b', 'a'], Action: ['S3:GetObject', 's3:getobject', 'ec2:Describe*'], Effect: 'Allow', Sid: 'Read', Principal: { AWS: ['123456789012'] } }, 3);
    assert.strictEqual(JSON.stringify(statement.value),
      '{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":["ec2:Describe*","S3:GetObject"],"Resource":["a","b"]}');
    assert.strictEqual(statement.index, 3);
  });

  it('keeps a malformed element as written and compares it exactly, without throwing', () => {
    const policy = normalizePolicy({ Statement: [{ Effect: 'Allow', Action: { not: 'a list' }, Condition: 'x' }, 'text', null] });
    assert.deepStrictEqual(policy.statements.map((s) => JSON.stringify(s.value)), ['"text"', 'null', '{"Effect":"Allow","Action":{"not":"a list"},"Condition":"x"}']);
    assert.strictEqual(samePolicy({ Statement: [{ Action: { not: 'a list' } }] }, { Statement: [{ Action: { not: 'A list' } }] }), false);
  });

  it('treats a key written __proto__ like any other key', () => {
    const statement = normalizeStatement(JSON.parse('{ "Effect": "Allow", "Condition": { "StringEquals": { "__proto__": "x" } } }'), 0);
    assert.strictEqual(JSON.stringify(statement.value), '{"Effect":"Allow","Condition":{"StringEquals":{"__proto__":"x"}}}');
  });
});

const TRUST = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const READ = doc({ Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetObject'], Resource: '*' });
const local: RoleManifest = {
  roleName: 'App', path: '/', maxSessionDuration: 3600, trustPolicy: TRUST, trustPolicyFile: '/w/app.trust.json',
  managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  customerManagedPolicies: [{ name: 'Read', path: '/', document: READ, documentFile: '/w/read.policy.json' }],
  inlinePolicies: [], tags: [{ key: 'b', value: '2' }, { key: 'a', value: '1' }], instanceProfile: false, file: '/w/app.role.json', sources: new Map(),
};

describe('normalize: renderRole', () => {
  it('writes the role as one normalised document, documents inlined, in a stable order', () => {
    assert.strictEqual(renderRole(local), `{
  "RoleName": "App",
  "Path": "/",
  "MaxSessionDuration": 3600,
  "InstanceProfile": false,
  "Tags": [
    {
      "Key": "a",
      "Value": "1"
    },
    {
      "Key": "b",
      "Value": "2"
    }
  ],
  "AssumeRolePolicyDocument": {
    "Version": "2012-10-17",
    "Statement": [
      {
        "Effect": "Allow",
        "Principal": {
          "Service": "ec2.amazonaws.com"
        },
        "Action": "sts:AssumeRole"
      }
    ]
  },
  "ManagedPolicyArns": [
    "arn:aws:iam::aws:policy/ReadOnlyAccess"
  ],
  "CustomerManagedPolicies": [
    {
      "PolicyName": "Read",
      "Path": "/",
      "PolicyDocument": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:GetObject",
              "s3:ListBucket"
            ],
            "Resource": "*"
          }
        ]
      }
    }
  ],
  "Policies": []
}
`);
  });

  it('renders a deployed role that IAM treats as the local one as the same text', () => {
    const deployed: RoleManifest = {
      ...local,
      trustPolicyFile: undefined, file: undefined,
      trustPolicy: { Version: '2012-10-17', Statement: { Action: ['sts:assumerole'], Principal: { Service: ['ec2.amazonaws.com'] }, Effect: 'Allow' } },
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      customerManagedPolicies: [
        { name: 'Read', path: '/', arn: 'arn:aws:iam::123456789012:policy/Read', document: doc({ Effect: 'Allow', Action: ['S3:GETOBJECT', 's3:ListBucket', 's3:GetObject'], Resource: ['*'] }) },
        { name: 'Other', path: '/', arn: 'arn:aws:iam::123456789012:policy/Other', document: doc() },
      ],
      tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }],
      deployed: { arn: 'arn:aws:iam::123456789012:role/App', roleId: 'AROAEXAMPLE', instanceProfiles: [] },
    };
    const withOther = { ...local, managedPolicyArns: [...local.managedPolicyArns, 'arn:aws:iam::123456789012:policy/Other'] };
    assert.strictEqual(renderRole(deployed, withOther), renderRole(withOther, deployed));
    // Without the local counterpart, the deployed role shows every customer managed policy's document, as the account spells it.
    assert.match(renderRole(deployed), /"PolicyName": "Other"[^]*"S3:GETOBJECT"/);
  });
});
