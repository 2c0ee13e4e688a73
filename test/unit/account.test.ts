import * as assert from 'assert';
import { CreateRepositoryCommand } from '@aws-sdk/client-ecr';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { decodeDocument, getAccountSummary, getCallerIdentity, listEcrRepositories, listRoles } from '../../src/aws/account';
import { Clients } from '../../src/aws/clients';
import { sandboxEachTest } from './sandboxFixture';

const ACCOUNT = '123456789012';
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const policy = (action: string, resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

describe('reading an account (src/aws/account) from the sandbox through the real SDK', () => {
  let clients: Clients;

  sandboxEachTest((_sandbox, c) => {
    clients = c;
  }, 'ap-southeast-1');

  it('gets the caller identity', async () => {
    assert.deepStrictEqual(await getCallerIdentity(clients), { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/sandbox`, userId: 'AIDASANDBOXUSER000001' });
  });

  it('lists every role over several pages, and by path prefix', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `role-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((RoleName, j) => clients.iam.send(new CreateRoleCommand({
        RoleName, Path: (i + j) % 2 ? '/odd/' : '/', AssumeRolePolicyDocument: JSON.stringify(trust), Description: `number ${i + j}`,
      }))));
    }
    // IAM's pages hold 100 roles: three pages.
    const roles = await listRoles(clients);
    assert.deepStrictEqual(roles.map((r) => r.name), names);
    assert.deepStrictEqual([roles[1].arn, roles[1].path, roles[1].description], [`arn:aws:iam::${ACCOUNT}:role/odd/role-001`, '/odd/', 'number 1']);
    assert.ok(roles[0].created instanceof Date);
    assert.strictEqual((await listRoles(clients, '/odd/')).length, 125);
  });

  it('lists ECR repositories over several pages', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `app-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 20) {
      await Promise.all(names.slice(i, i + 20).map((repositoryName) => clients.ecr.send(new CreateRepositoryCommand({ repositoryName }))));
    }
    const repositories = await listEcrRepositories(clients);
    assert.deepStrictEqual(repositories.map((r) => r.name), names);
    assert.deepStrictEqual(repositories[0], {
      name: 'app-000', arn: `arn:aws:ecr:ap-southeast-1:${ACCOUNT}:repository/app-000`, uri: `${ACCOUNT}.dkr.ecr.ap-southeast-1.amazonaws.com/app-000`,
    });
  });

  it('reads the account summary as numbers', async () => {
    await clients.iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const summary = await getAccountSummary(clients);
    assert.deepStrictEqual(
      [summary.Roles, summary.RolesQuota, summary.AttachedPoliciesPerRoleQuota, summary.VersionsPerPolicyQuota, summary.PolicySizeQuota],
      [1, 1000, 10, 5, 6144],
    );
  });
});

describe('decodeDocument', () => {
  it('decodes IAM\'s URL-encoded JSON, and takes a document that is not encoded as it is', () => {
    const document = policy('s3:GetObject', 'arn:aws:s3:::b/100%/*');
    assert.deepStrictEqual(decodeDocument(encodeURIComponent(JSON.stringify(document)), 'p'), document);
    assert.deepStrictEqual(decodeDocument(JSON.stringify(document), 'p'), document);
  });

  it('says which document is missing, not JSON, or not an object', () => {
    assert.throws(() => decodeDocument(undefined, 'the trust policy of role r'), { message: 'AWS returned no document for the trust policy of role r.' });
    assert.throws(() => decodeDocument('%7Bnot', 'inline policy p'), { message: 'The document of inline policy p is not JSON.' });
    assert.throws(() => decodeDocument('%5B%5D', 'inline policy p'), { message: 'The document of inline policy p is not a JSON object.' });
  });
});
