import { assertClean, describeCases, policy } from './findingCases';

const allow = (action: string, element = 'Action') => policy(`{ "Effect": "Allow", "${element}": ${action}, "Resource": "*" }`);

describe('checks: actions', () => {
  describeCases([
    {
      name: 'seed 001: ecr:InitialLayerUpload, did you mean ecr:InitiateLayerUpload',
      source: allow('["ecr:PutImage", "[[ecr:InitialLayerUpload]]"]'),
      code: 'INVALID_ACTION', severity: 'error',
      message: 'ecr has no action InitialLayerUpload; did you mean ecr:InitiateLayerUpload? In Action: ecr:InitialLayerUpload',
      fixed: allow('["ecr:PutImage", "ecr:InitiateLayerUpload"]'),
    },
    {
      name: 'NotAction is checked too',
      source: policy('{ "Effect": "Deny", "NotAction": ["[[iam:PassRol]]"], "Resource": "*" }'),
      code: 'INVALID_ACTION', severity: 'error',
      message: 'iam has no action PassRol; did you mean iam:PassRole? In NotAction: iam:PassRol',
      fixed: policy('{ "Effect": "Deny", "NotAction": ["iam:PassRole"], "Resource": "*" }'),
    },
    {
      name: 'an action far from every name',
      source: allow('"[[s3:Teleport]]"'),
      code: 'INVALID_ACTION', severity: 'error',
      message: 's3 has no action Teleport. In Action: s3:Teleport',
    },
    {
      name: 'no colon',
      source: allow('"[[s3]]"'),
      code: 'INVALID_ACTION', severity: 'error',
      message: 'An action is written service:ActionName, such as s3:GetObject: s3',
    },
    {
      name: 'unknown service prefix, did you mean',
      source: allow('"[[ecx]]:GetAuthorizationToken"'),
      code: 'INVALID_SERVICE_IN_ACTION', severity: 'error',
      message: 'There is no AWS service with the prefix "ecx"; did you mean "ec2" or "ecr" or "ecs"? In Action: ecx:GetAuthorizationToken',
      fixed: allow('"ec2:GetAuthorizationToken"'),
    },
    {
      name: 'unknown service prefix far from every prefix',
      source: allow('"[[zzzzzzzz]]:Get"'),
      code: 'INVALID_SERVICE_IN_ACTION', severity: 'error',
      message: 'There is no AWS service with the prefix "zzzzzzzz". In Action: zzzzzzzz:Get',
    },
    {
      name: 'a wildcard that matches no action',
      source: allow('"[[s3:Fly*]]"'),
      code: 'ACTION_WILDCARD_MATCHES_NOTHING', severity: 'error',
      message: 'This pattern matches no s3 action, so it grants nothing: s3:Fly*',
    },
    {
      name: 'a wildcard in the service prefix',
      source: allow('"[[ec?:Describe*]]"'),
      code: 'WILDCARD_IN_SERVICE_NAME', severity: 'suggestion',
      message: 'A wildcard in the service prefix can match other services with similar names; name the service: ec?:Describe*',
    },
  ]);

  it('matches action names case-insensitively, as IAM does, and accepts wildcards that match', () => {
    assertClean([
      allow('["ECR:getauthorizationtoken", "s3:getobject", "ecr:Batch*", "s3:*Object", "ec2:Describe?pcs"]'),
      policy('{ "Effect": "Deny", "NotAction": ["iam:*", "sts:AssumeRole"], "Resource": "*" }'),
    ]);
  });
});
