import * as assert from 'assert';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { assertClean, describeCases, policy } from './findingCases';

const allow = (action: string, resource = '"*"', rest = '') => policy(`{ "Effect": "Allow", "Action": ${action}, "Resource": ${resource}${rest} }`);
const PASS_ROLE = 'pass any role, administrator roles included, to a service: name the roles it may pass, or add an iam:PassedToService condition';
const SLR = 'create the service-linked role of any service: name the service-linked role ARNs, or add an iam:AWSServiceName condition';

describe('checks: security', () => {
  describeCases([
    {
      name: 'iam:PassRole on every role',
      source: allow('"[[iam:PassRole]]"'),
      code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', severity: 'securityWarning',
      message: `"iam:PassRole": allowing iam:PassRole on every resource lets this identity ${PASS_ROLE}.`,
    },
    {
      name: 'iam:PassRole on arn:aws:iam::*:role/*',
      source: allow('"[[iam:passrole]]"', '"arn:aws:iam::123456789012:role/*"'),
      code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', severity: 'securityWarning',
      message: `"iam:passrole": allowing iam:PassRole on every resource lets this identity ${PASS_ROLE}.`,
    },
    {
      name: 'a wildcard action that includes iam:PassRole',
      source: allow('"[[iam:Pass*]]"'),
      code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', severity: 'securityWarning',
      message: `"iam:Pass*": allowing this wildcard, which includes iam:PassRole, on every resource lets this identity ${PASS_ROLE}.`,
    },
    {
      name: 'NotAction that leaves iam:PassRole allowed, on *',
      source: policy('{ "Effect": "Allow", "[[NotAction]]": "s3:*", "Resource": "*" }'),
      code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', severity: 'securityWarning',
      message: `"NotAction": allowing NotAction, which leaves iam:PassRole allowed, on every resource lets this identity ${PASS_ROLE}.`,
      also: ['ALLOW_WITH_NOT_ACTION', 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION'],
    },
    {
      name: 'iam:PassRole with NotResource',
      source: policy('{ "Effect": "Allow", "Action": "iam:PassRole", "[[NotResource]]": "arn:aws:iam::123456789012:role/admin" }'),
      code: 'PASS_ROLE_WITH_NOT_RESOURCE', severity: 'securityWarning',
      message: `"iam:PassRole": allowing iam:PassRole with NotResource, on every resource not listed lets this identity ${PASS_ROLE}.`,
      also: ['ALLOW_WITH_NOT_RESOURCE'],
    },
    {
      name: 'a wildcard including iam:PassRole with NotResource',
      source: policy('{ "Effect": "Allow", "Action": "iam:Pass*", "[[NotResource]]": "arn:aws:iam::123456789012:role/admin" }'),
      code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', severity: 'securityWarning',
      message: `"iam:Pass*": allowing this wildcard, which includes iam:PassRole, with NotResource, on every resource not listed lets this identity ${PASS_ROLE}.`,
      also: ['ALLOW_WITH_NOT_RESOURCE'],
    },
    {
      name: 'NotAction and NotResource',
      source: policy('{ "Effect": "Allow", "[[NotAction]]": "s3:*", "NotResource": "arn:aws:iam::123456789012:role/admin" }'),
      code: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE', severity: 'securityWarning',
      message: `"NotAction": allowing NotAction, which leaves iam:PassRole allowed, with NotResource, on every resource not listed lets this identity ${PASS_ROLE}.`,
      also: ['ALLOW_WITH_NOT_ACTION', 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE', 'ALLOW_WITH_NOT_RESOURCE'],
    },
    {
      name: 'iam:CreateServiceLinkedRole for any service',
      source: allow('"[[iam:CreateServiceLinkedRole]]"'),
      code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE', severity: 'warning',
      message: `"iam:CreateServiceLinkedRole": allowing iam:CreateServiceLinkedRole on every resource lets this identity ${SLR}.`,
    },
    {
      name: 'a wildcard that includes iam:CreateServiceLinkedRole',
      source: allow('"[[iam:Create*]]"'),
      code: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', severity: 'warning',
      message: `"iam:Create*": allowing this wildcard, which includes iam:CreateServiceLinkedRole, on every resource lets this identity ${SLR}.`,
    },
    {
      name: 'iam:CreateServiceLinkedRole with NotResource',
      source: policy('{ "Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "[[NotResource]]": "arn:aws:iam::123456789012:role/x" }'),
      code: 'CREATE_SLR_WITH_NOT_RESOURCE', severity: 'warning',
      message: `"iam:CreateServiceLinkedRole": allowing iam:CreateServiceLinkedRole with NotResource, on every resource not listed lets this identity ${SLR}.`,
      also: ['ALLOW_WITH_NOT_RESOURCE'],
    },
    {
      name: 'Allow with NotAction',
      source: policy('{ "Effect": "Allow", "[[NotAction]]": "iam:*", "Resource": "arn:aws:s3:::b/*" }'),
      code: 'ALLOW_WITH_NOT_ACTION', severity: 'securityWarning',
      message: 'Allow with NotAction allows every action not listed, including those of services added later: list the actions to allow instead.',
    },
    {
      name: 'Allow with NotResource',
      source: policy('{ "Effect": "Allow", "Action": "s3:GetObject", "[[NotResource]]": "arn:aws:s3:::secret/*" }'),
      code: 'ALLOW_WITH_NOT_RESOURCE', severity: 'securityWarning',
      message: 'Allow with NotResource allows every resource not listed, including resources created later: list the resources to allow instead.',
    },
    {
      name: 'every action on every resource',
      source: allow('"[[*]]"'),
      code: 'FULL_ADMIN_ACCESS', severity: 'securityWarning',
      message: 'Allows every action on every resource: full administrator access. Grant the actions the role needs, or attach the AdministratorAccess managed policy deliberately.',
      also: ['CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'],
    },
  ]);

  it('tells grants of iam:PassRole by name and by wildcard in any case, and actions that only start like it', () => {
    const grants = (action: string) => checkText(allow(JSON.stringify(action)), { catalog: getCatalog, fileName: 'x.policy.json' })
      .filter((f) => f.code.startsWith('PASS_ROLE')).map((f) => f.code);
    assert.deepStrictEqual(grants('IAM:PASSROLE'), ['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
    assert.deepStrictEqual(grants('Iam:Pass*'), ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    assert.deepStrictEqual(grants('?am:PassRole'), ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    assert.deepStrictEqual(grants('*:PassRole'), ['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    assert.deepStrictEqual(grants('iam:PassRoles'), []);
    assert.deepStrictEqual(grants('iam:Pass'), []);
    assert.deepStrictEqual(grants('ec2:*'), []);
  });

  it('accepts PassRole and CreateServiceLinkedRole narrowed by ARN or condition, and Deny with Not elements', () => {
    assertClean([
      allow('"iam:PassRole"', '"arn:aws:iam::123456789012:role/app-task"'),
      allow('"iam:PassRole"', '"*"', ', "Condition": { "StringEquals": { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }'),
      allow('"iam:CreateServiceLinkedRole"', '"*"', ', "Condition": { "StringEquals": { "iam:AWSServiceName": "autoscaling.amazonaws.com" } }'),
      allow('"iam:CreateServiceLinkedRole"', '"arn:aws:iam::*:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling*"'),
      policy('{ "Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::b/*" }'),
      allow('"*"', '"*"', ', "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }').replace('"Action": "*"', '"Action": "s3:*"'),
    ]);
  });
});
