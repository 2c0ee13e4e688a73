// Every role template, with its defaults, created in the local sandbox account through the real IAM
// client: IAM's document grammar, name rules and quotas (as the sandbox enforces them) accept the
// rendered trust policy, the shared policies (created once, attached to each role) and the inline
// policies, with their comments stripped as IAM Author strips them before sending.
import * as assert from 'assert';
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { parse } from 'jsonc-parser';
import * as path from 'path';
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { TEMPLATES, withDefaults } from '../../src/iam/templates';

interface PolicyEntry { PolicyName: string; Description?: string; PolicyDocument: string }

describe('templates in the sandbox account, through the real IAM client', () => {
  let sandbox: Sandbox;
  let clients: Clients;
  let iam: IAMClient;

  before(async () => {
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    iam = clients.iam;
  });
  after(async () => {
    clients.destroy();
    await sandbox.close();
  });

  it('creates every workshop role with its trust policy, shared policies (each once) and inline policies', async () => {
    const created = new Map<string, string>();
    for (const t of TEMPLATES.filter((t) => t.kind === 'role')) {
      const files = t.render(withDefaults(t, new Map()));
      const [manifestFile] = files;
      // Documents as IAM receives them: comments stripped, read from the path the manifest names.
      const texts = new Map(files.map((f) => [f.path, f.text]));
      const documentAt = (ref: string) => JSON.stringify(parse(texts.get(path.posix.join(path.posix.dirname(manifestFile.path), ref))!));
      const manifest = parse(manifestFile.text);
      const trust = documentAt(manifest.AssumeRolePolicyDocument);
      await iam.send(new CreateRoleCommand({ RoleName: manifest.RoleName, Description: manifest.Description, AssumeRolePolicyDocument: trust }));
      for (const p of (manifest.CustomerManagedPolicies ?? []) as PolicyEntry[]) {
        if (!created.has(p.PolicyName)) {
          const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: p.PolicyName, Description: p.Description, PolicyDocument: documentAt(p.PolicyDocument) }));
          created.set(p.PolicyName, Policy!.Arn!);
        }
        await iam.send(new AttachRolePolicyCommand({ RoleName: manifest.RoleName, PolicyArn: created.get(p.PolicyName) }));
      }
      for (const arn of (manifest.ManagedPolicyArns ?? []) as string[]) {
        await iam.send(new AttachRolePolicyCommand({ RoleName: manifest.RoleName, PolicyArn: arn }));
      }
      for (const p of (manifest.Policies ?? []) as PolicyEntry[]) {
        await iam.send(new PutRolePolicyCommand({ RoleName: manifest.RoleName, PolicyName: p.PolicyName, PolicyDocument: documentAt(p.PolicyDocument) }));
      }
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: manifest.RoleName }));
      assert.deepStrictEqual(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)), JSON.parse(trust), t.id);
    }
    const attached = async (role: string) => ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? []).map((p) => p.PolicyName).sort();
    assert.deepStrictEqual(await attached('DevEC2'), ['RWDS3Objects', 'ReadECRRepositoryContent', 'WriteECRRepositoryContent']);
    assert.deepStrictEqual(await attached('ProdEC2'), ['RWDS3Objects', 'ReadECRRepositoryContent']);
    assert.deepStrictEqual(await attached('CustomRWECRRole'), ['ReadECRRepositoryContent', 'WriteECRRepositoryContent']);
    assert.deepStrictEqual(await attached('retailStoreECSTaskExecutionRole'), ['AmazonECSTaskExecutionRolePolicy']);
    assert.deepStrictEqual(await attached('fcj-ecr-ci-cd-role'), ['fcj-ecr-ci-cd-policy']);
    assert.deepStrictEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'retailStoreEcsTaskRole' }))).PolicyNames, ['ECSExecAccess']);
    assert.deepStrictEqual([...created.keys()].sort(), ['RWDS3Objects', 'ReadECRRepositoryContent', 'WriteECRRepositoryContent', 'fcj-ecr-ci-cd-policy']);
  });
});
