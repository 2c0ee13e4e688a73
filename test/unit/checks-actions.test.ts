import { assertClean, describeCases, policy } from './findingCases';

const allow = (action: string, element = 'Action') => policy(`{ "Effect": "Allow", "${element}": ${action}, "Resource": "*" }`);

describe('checks: actions', () => {
  describeCases([
    {
      name: 'seed 001: ecr:InitialLayerUpload, did you mean ecr:InitiateLayerUpload',
      source: allow('["ecr:PutImage", "[[ecr:InitialLayerUpload]]"]'),
      code: 'INVALID_ACTION', severity: 'error',
      message: '"ecr:InitialLayerUpload" is no ecr action: did you mean "ecr:InitiateLayerUpload"?',
      fixed: allow('["ecr:PutImage", "ecr:InitiateLayerUpload"]'),
    },
    {
      name: 'NotAction is checked too',
      source: policy('{ "Effect": "Deny", "NotAction": ["[[iam:PassRol]]"], "Resource": "*" }'),
      code: 'INVALID_ACTION', severity: 'error',
      message: '"iam:PassRol" is no iam action: did you mean "iam:PassRole"?',
      fixed: policy('{ "Effect": "Deny", "NotAction": ["iam:PassRole"], "Resource": "*" }'),
    },
    {
      name: 'an action far from every name',
      source: allow('"[[s3:Teleport]]"'),
      code: 'INVALID_ACTION', severity: 'error',
      message: '"s3:Teleport" is no s3 action: check its name in the Service Authorization Reference.',
    },
    {
      name: 'no colon',
      source: allow('"[[s3]]"'),
      code: 'INVALID_ACTION', severity: 'error',
      message: '"s3" is not an action: write service:ActionName, such as s3:GetObject.',
    },
    {
      name: 'unknown service prefix, did you mean',
      source: allow('"[[ecx]]:GetAuthorizationToken"'),
      code: 'INVALID_SERVICE_IN_ACTION', severity: 'error',
      message: '"ecx" is no AWS service prefix (in Action "ecx:GetAuthorizationToken"): did you mean "ec2" or "ecr" or "ecs"?',
      fixed: allow('"ec2:GetAuthorizationToken"'),
    },
    {
      name: 'unknown service prefix far from every prefix',
      source: allow('"[[zzzzzzzz]]:Get"'),
      code: 'INVALID_SERVICE_IN_ACTION', severity: 'error',
      message: '"zzzzzzzz" is no AWS service prefix (in Action "zzzzzzzz:Get"): check the service\'s prefix in the Service Authorization Reference.',
    },
    {
      name: 'a wildcard that matches no action',
      source: allow('"[[s3:Fly*]]"'),
      code: 'ACTION_WILDCARD_MATCHES_NOTHING', severity: 'error',
      message: '"s3:Fly*" matches no s3 action, so it grants nothing: correct the pattern.',
    },
    {
      name: 'a wildcard in the service prefix',
      source: allow('"[[ec?:Describe*]]"'),
      code: 'WILDCARD_IN_SERVICE_NAME', severity: 'suggestion',
      message: '"ec?:Describe*" has a wildcard in its service prefix, which can match other services with similar names: name the service.',
    },
  ]);

  it('matches action names case-insensitively, as IAM does, and accepts wildcards that match', () => {
    assertClean([
      allow('["ECR:getauthorizationtoken", "s3:getobject", "ecr:Batch*", "s3:*Object", "ec2:Describe?pcs"]'),
      policy('{ "Effect": "Deny", "NotAction": ["iam:*", "sts:AssumeRole"], "Resource": "*" }'),
    ]);
  });
});
