// Every operation the sandbox implements, called over HTTP as any client calls it, with its answer
// compared to the output shape in the AWS SDK's own service models (the schemas client-iam, client-sts
// and client-ecr are generated with): the <ActionResult> wrapper exactly when the output is a
// structure, no element or field the model lacks, every required member, and the model's types.
import * as assert from 'assert';
import * as http from 'http';
import * as ecrModel from '@aws-sdk/client-ecr';
import * as iamModel from '@aws-sdk/client-iam';
import * as stsModel from '@aws-sdk/client-sts';
import { parseXML } from '@aws-sdk/xml-builder';
import { IAM_OPERATIONS, Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { ECR_OPERATIONS, ECR_TARGET_PREFIX } from '../../src/aws/sandbox/ecr';

const ACCOUNT = '123456789012';
const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

/**
 * A schema of the SDK's compact form: a type number, a function returning one, or an array (a simple
 * type with traits 0, structure 3, list 1, map 2, operation 9; a member with traits is [schema, traits]).
 */
type Schema = number | string | (() => Schema) | unknown[];
function resolve(s: Schema): Schema {
  if (typeof s === 'function') return resolve(s());
  if (Array.isArray(s) && s.length === 2) return resolve(s[0] as Schema);
  if (Array.isArray(s) && s[0] === 0) return resolve(s[4] as Schema);
  return s;
}

const LIST = 0b0100_0000;
const MAP = 0b1000_0000;

/** The problems of `value` (decoded XML or JSON) against `schema`, each with its path. */
function check(value: unknown, schema: Schema, at: string, xml: boolean, problems: string[]): void {
  const s = resolve(schema);
  if (typeof s === 'number' && s & LIST) return check(value, [1, '', '', 0, s & ~LIST], at, xml, problems);
  if (typeof s === 'number' && s & MAP) return check(value, [2, '', '', 0, 0, s & ~MAP], at, xml, problems);
  if (typeof s === 'number') {
    const text = xml ? value : typeof value === 'string' ? value : JSON.stringify(value);
    if (xml && typeof value !== 'string') return void problems.push(`${at}: an element where the model has a scalar`);
    const ok = s === 0 ? typeof value === 'string'
      : s === 1 ? (xml ? /^-?\d+(\.\d+)?$/.test(value as string) : typeof value === 'number')
        : s === 2 ? (xml ? value === 'true' || value === 'false' : typeof value === 'boolean')
          : s >= 4 && s <= 7 ? (xml ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value as string) : typeof value === 'number')
            : s === 21 ? typeof value === 'string' : false;
    if (!ok) problems.push(`${at}: ${String(text)} is not of the model's type ${s}`);
    return;
  }
  if (!Array.isArray(s)) return void problems.push(`${at}: unknown schema ${String(s)}`);
  const kind = s[0] as number;
  if (kind === 3) {
    const names = s[4] as string[];
    const members = s[5] as Schema[];
    const requiredCount = (s[6] as number | undefined) ?? 0;
    // An empty structure is an empty element in XML.
    const object = xml && value === '' ? {} : value;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) return void problems.push(`${at}: not a structure`);
    for (const [key, v] of Object.entries(object)) {
      if (xml && key === 'xmlns') continue;
      const i = names.indexOf(key);
      if (i < 0) problems.push(`${at}.${key}: not a member of ${String(s[2])}`);
      else check(v, members[i], `${at}.${key}`, xml, problems);
    }
    for (const name of names.slice(0, requiredCount)) if (!Object.hasOwn(object, name)) problems.push(`${at}.${name}: required by the model, missing`);
    return;
  }
  if (kind === 1) {
    let items: unknown[];
    if (xml) {
      if (value === '') return;
      if (typeof value !== 'object' || value === null || Object.keys(value).some((k) => k !== 'member')) return void problems.push(`${at}: a list without <member> items`);
      const member = (value as { member: unknown }).member;
      items = Array.isArray(member) ? member : [member];
    } else {
      if (!Array.isArray(value)) return void problems.push(`${at}: not a list`);
      items = value;
    }
    items.forEach((item, i) => check(item, s[4] as Schema, `${at}[${i}]`, xml, problems));
    return;
  }
  if (kind === 2) {
    if (!xml) return void problems.push(`${at}: maps are not in the ECR operations the sandbox has`);
    if (value === '') return;
    const entry = (value as { entry?: unknown }).entry;
    for (const e of (Array.isArray(entry) ? entry : [entry]) as { key?: unknown; value?: unknown }[]) {
      if (typeof e?.key !== 'string') problems.push(`${at}: an entry without a key`);
      else check(e.value, s[5] as Schema, `${at}[${e.key}]`, xml, problems);
    }
    return;
  }
  problems.push(`${at}: unknown schema kind ${kind}`);
}

/** The output schema of an operation in an SDK client package: 'unit' for none. */
function outputOf(model: Record<string, unknown>, operation: string): Schema {
  const op = model[`${operation}$`] as unknown[] | undefined;
  assert.ok(op, `${operation} is not in the SDK's model`);
  return resolve(op[5] as Schema);
}

function post(endpoint: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolvePost, reject) => {
    const req = http.request(endpoint, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the sandbox\'s answers against the AWS SDK\'s service models', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  const problems: string[] = [];
  const called = new Set<string>();

  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  /** Calls an IAM or STS action with Query parameters and checks its answer against the model. */
  async function query(action: string, params: Record<string, string> = {}, service: 'iam' | 'sts' = 'iam'): Promise<Record<string, unknown>> {
    const body = new URLSearchParams({ Action: action, Version: service === 'iam' ? '2010-05-08' : '2011-06-15', ...params }).toString();
    const out = await post(sandbox.endpoint, body, {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `AWS4-HMAC-SHA256 Credential=AKIASANDBOX000000000/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    });
    assert.strictEqual(out.status, 200, `${action}: ${out.body}`);
    called.add(`${service}:${action}`);
    const parsed = parseXML(out.body) as Record<string, Record<string, unknown>>;
    const response = parsed[`${action}Response`];
    assert.ok(response, `${action}: no <${action}Response> in ${out.body}`);
    const output = outputOf(service === 'iam' ? iamModel : stsModel, action);
    const result = response[`${action}Result`];
    if (output === 'unit') {
      if (result !== undefined) problems.push(`${action}: a <${action}Result> the model has no output for`);
    } else if (result === undefined) {
      problems.push(`${action}: no <${action}Result>, which the model's output ${String((output as unknown[])[2])} needs`);
    } else {
      check(result, output, action, true, problems);
    }
    for (const key of Object.keys(response)) if (!['xmlns', `${action}Result`, 'ResponseMetadata'].includes(key)) problems.push(`${action}: unexpected <${key}>`);
    return (result ?? {}) as Record<string, unknown>;
  }

  async function ecr(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out = await post(sandbox.endpoint, JSON.stringify(input), {
      'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${ECR_TARGET_PREFIX}${operation}`,
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKIASANDBOX000000000/20260101/eu-west-1/ecr/aws4_request, SignedHeaders=host, Signature=0',
    });
    assert.strictEqual(out.status, 200, `${operation}: ${out.body}`);
    called.add(`ecr:${operation}`);
    const output = JSON.parse(out.body) as Record<string, unknown>;
    check(output, outputOf(ecrModel, operation), operation, false, problems);
    return output;
  }

  it('answers every implemented operation in the shape its model gives, wrapper elements included', async () => {
    const tags = { 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'dev' };
    await query('GetCallerIdentity', {}, 'sts');
    await query('CreatePolicy', { PolicyName: 'Boundary', PolicyDocument: doc('s3:*'), Description: 'boundary', ...tags });
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
    await query('CreateRole', { RoleName: 'DevEC2', Path: '/dev/', AssumeRolePolicyDocument: trust, Description: 'dev', PermissionsBoundary: boundary, ...tags });
    await query('AssumeRole', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/dev/DevEC2`, RoleSessionName: 'model' }, 'sts');
    await query('GetRole', { RoleName: 'DevEC2' });
    await query('ListRoles', { PathPrefix: '/dev/', MaxItems: '1' });
    await query('UpdateRole', { RoleName: 'DevEC2', Description: 'changed', MaxSessionDuration: '7200' });
    await query('UpdateRoleDescription', { RoleName: 'DevEC2', Description: 'again' });
    await query('UpdateAssumeRolePolicy', { RoleName: 'DevEC2', PolicyDocument: trust });
    await query('TagRole', { RoleName: 'DevEC2', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'a' });
    await query('ListRoleTags', { RoleName: 'DevEC2' });
    await query('UntagRole', { RoleName: 'DevEC2', 'TagKeys.member.1': 'team' });
    await query('DeleteRolePermissionsBoundary', { RoleName: 'DevEC2' });
    await query('PutRolePermissionsBoundary', { RoleName: 'DevEC2', PermissionsBoundary: boundary });
    await query('PutRolePolicy', { RoleName: 'DevEC2', PolicyName: 'inline', PolicyDocument: doc('s3:GetObject') });
    await query('GetRolePolicy', { RoleName: 'DevEC2', PolicyName: 'inline' });
    await query('ListRolePolicies', { RoleName: 'DevEC2' });
    await query('CreatePolicy', { PolicyName: 'ReadECR', PolicyDocument: doc('ecr:BatchGetImage') });
    const arn = `arn:aws:iam::${ACCOUNT}:policy/ReadECR`;
    await query('GetPolicy', { PolicyArn: arn });
    await query('ListPolicies', { Scope: 'Local' });
    await query('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('ecr:*'), SetAsDefault: 'true' });
    await query('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    await query('ListPolicyVersions', { PolicyArn: arn });
    await query('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
    await query('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    await query('TagPolicy', { PolicyArn: arn, ...tags });
    await query('ListPolicyTags', { PolicyArn: arn });
    await query('UntagPolicy', { PolicyArn: arn, 'TagKeys.member.1': 'env' });
    await query('AttachRolePolicy', { RoleName: 'DevEC2', PolicyArn: arn });
    await query('ListAttachedRolePolicies', { RoleName: 'DevEC2' });
    await query('ListEntitiesForPolicy', { PolicyArn: arn });
    await query('CreateInstanceProfile', { InstanceProfileName: 'DevEC2', Path: '/dev/', ...tags });
    await query('AddRoleToInstanceProfile', { InstanceProfileName: 'DevEC2', RoleName: 'DevEC2' });
    await query('GetInstanceProfile', { InstanceProfileName: 'DevEC2' });
    await query('ListInstanceProfiles', {});
    await query('ListInstanceProfilesForRole', { RoleName: 'DevEC2' });
    await query('CreateOpenIDConnectProvider', {
      Url: 'https://token.actions.githubusercontent.com', 'ClientIDList.member.1': 'sts.amazonaws.com', 'ThumbprintList.member.1': '6938fd4d98bab03faadb97b34396831e3780aea1', ...tags,
    });
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    await query('GetOpenIDConnectProvider', { OpenIDConnectProviderArn: provider });
    await query('ListOpenIDConnectProviders');
    await query('GetAccountAuthorizationDetails', {});
    await query('GetAccountAuthorizationDetails', { 'Filter.member.1': 'Role', MaxItems: '1' });
    await query('GetAccountSummary');
    await query('DeleteOpenIDConnectProvider', { OpenIDConnectProviderArn: provider });
    await query('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'DevEC2', RoleName: 'DevEC2' });
    await query('DeleteInstanceProfile', { InstanceProfileName: 'DevEC2' });
    await query('DetachRolePolicy', { RoleName: 'DevEC2', PolicyArn: arn });
    await query('DeleteRolePolicy', { RoleName: 'DevEC2', PolicyName: 'inline' });
    await query('DeletePolicy', { PolicyArn: arn });
    await query('DeleteRole', { RoleName: 'DevEC2' });

    await ecr('CreateRepository', { repositoryName: 'app' });
    await ecr('DescribeRepositories', {});
    await ecr('SetRepositoryPolicy', { repositoryName: 'app', policyText: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'ecr:BatchGetImage' }] }) });
    await ecr('GetRepositoryPolicy', { repositoryName: 'app' });
    await ecr('DeleteRepositoryPolicy', { repositoryName: 'app' });
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { size: 10, digest: 'sha256:c' }, layers: [{ size: 32, digest: 'sha256:l' }] });
    await ecr('PutImage', { repositoryName: 'app', imageManifest: manifest, imageTag: 'latest' });
    await ecr('ListImages', { repositoryName: 'app' });
    await ecr('DescribeImages', { repositoryName: 'app' });
    await ecr('BatchDeleteImage', { repositoryName: 'app', imageIds: [{ imageTag: 'latest' }, { imageTag: 'gone' }] });
    await ecr('GetAuthorizationToken', {});
    await ecr('DeleteRepository', { repositoryName: 'app' });

    assert.deepStrictEqual(problems, []);
    const implemented = [...IAM_OPERATIONS.map((o) => `iam:${o}`), 'sts:GetCallerIdentity', 'sts:AssumeRole', ...ECR_OPERATIONS.map((o) => `ecr:${o}`)].sort();
    assert.deepStrictEqual([...called].sort(), implemented, 'every implemented operation is called once at least');
  });

  it('finds what the model does not have: the check itself is not blind', () => {
    const found: string[] = [];
    const role = { Path: '/', RoleName: 'r', RoleId: 'AROA', Arn: 'arn', CreateDate: '2026-01-01T00:00:00Z', Extra: 'x', MaxSessionDuration: 'long' };
    check({ Role: role }, outputOf(iamModel, 'GetRole'), 'GetRole', true, found);
    check({ Role: { RoleName: 'r' } }, outputOf(iamModel, 'GetRole'), 'GetRole', true, found);
    check({ repositories: [{ createdAt: '2026' }] }, outputOf(ecrModel, 'DescribeRepositories'), 'DescribeRepositories', false, found);
    assert.deepStrictEqual(found, [
      'GetRole.Role.Extra: not a member of Role',
      'GetRole.Role.MaxSessionDuration: long is not of the model\'s type 1',
      'GetRole.Role.Path: required by the model, missing',
      'GetRole.Role.RoleId: required by the model, missing',
      'GetRole.Role.Arn: required by the model, missing',
      'GetRole.Role.CreateDate: required by the model, missing',
      'DescribeRepositories.repositories[0].createdAt: 2026 is not of the model\'s type 4',
    ]);
  });
});
