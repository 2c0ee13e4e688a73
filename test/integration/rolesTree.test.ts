import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import * as assert from 'assert';
import * as fs from 'fs';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { EXTENSION_ID, until, workspaceFile } from './helpers';

/** The parts of the extension's API these tests use. */
interface TreeNode { treeItem(): vscode.TreeItem }
interface TestApi {
  connection: { identity: { account: string } | undefined; onDidChange: vscode.Event<unknown> };
  prompts: { notify(level: string, message: string, ...actions: string[]): Promise<string | undefined> };
  roles: {
    tree: {
      view: vscode.TreeView<TreeNode>;
      getChildren(node?: TreeNode): Promise<TreeNode[]>;
      onDidChangeTreeData: vscode.Event<unknown>;
    };
  };
}

const ACCOUNT = '123456789012';
const read = (name: string) => parse(fs.readFileSync(workspaceFile(name).fsPath, 'utf8')) as object;
const label = (n: TreeNode) => String(n.treeItem().label);
const look = (n: TreeNode) => `${label(n)} | ${n.treeItem().contextValue} | ${n.treeItem().description ?? ''}`;

describe('the IAM Roles tree against the local sandbox account', function () {
  let api: TestApi;
  let sandbox: Sandbox;
  let clients: Clients;
  const notes: string[] = [];
  let notify: TestApi['prompts']['notify'];

  async function roots(): Promise<TreeNode[]> {
    return api.roles.tree.getChildren();
  }

  async function rolesNow(): Promise<TreeNode[]> {
    const out: TreeNode[] = [];
    for (const top of await roots()) {
      if (top.treeItem().contextValue === 'rolePath') out.push(...await api.roles.tree.getChildren(top));
    }
    return out;
  }

  /** Waits until the tree's roles pass `test`, reading them again after every change of the tree. */
  async function rolesWhen(what: string, test: (roles: TreeNode[]) => boolean): Promise<TreeNode[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const roles = await rolesNow();
      if (test(roles)) return roles;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${roles.map(look).join('; ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { listener.dispose(); resolve(); }, 250);
        const listener = api.roles.tree.onDidChangeTreeData(() => { clearTimeout(timer); listener.dispose(); resolve(); });
      });
    }
  }

  const settledRoles = () => rolesWhen('every role to have a status', (roles) => roles.length > 0 && roles.every((r) => r.treeItem().contextValue !== 'role.checking'));

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as TestApi;
    notify = api.prompts.notify;
    api.prompts.notify = async (level, message) => {
      notes.push(`${level}: ${message}`);
      return undefined;
    };
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint });
    // DevEC2 as the workspace's dev-ec2.role.json describes it, and a role the workspace does not have.
    const policy = await clients.iam.send(new CreatePolicyCommand({ PolicyName: 'ReadECRRepositoryContent', Description: 'Allow pull images, describe repositories', PolicyDocument: JSON.stringify(read('read-ecr.policy.json')) }));
    await clients.iam.send(new CreateRoleCommand({
      RoleName: 'DevEC2', Description: 'EC2 in the development environment: pull ECR images', Path: '/',
      AssumeRolePolicyDocument: JSON.stringify(read('ec2.trust.json')), Tags: [{ Key: 'env', Value: 'dev' }],
    }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'DevEC2', PolicyArn: policy.Policy!.Arn! }));
    await clients.iam.send(new CreateRoleCommand({
      RoleName: 'Deployer', Path: '/ci/',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] }),
    }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: 'Deployer', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    const connected = new Promise<void>((resolve) => {
      const listener = api.connection.onDidChange(() => {
        if (!api.connection.identity) return;
        listener.dispose();
        resolve();
      });
    });
    await vscode.workspace.getConfiguration('iamAuthor').update('endpoint', sandbox.endpoint, vscode.ConfigurationTarget.Global);
    await connected;
  });

  after(async () => {
    api.prompts.notify = notify;
    await vscode.workspace.getConfiguration('iamAuthor').update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(workspaceFile('iam').fsPath, { recursive: true, force: true });
    clients.destroy();
    await sandbox.close();
  });

  it('opens in its own container with the connection on top and the roles grouped by path', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.iamAuthor');
    await until(() => api.roles.tree.view.visible, 'the IAM Roles view to show');
    const top = await roots();
    assert.deepStrictEqual(top.map(look), [
      `${ACCOUNT} · us-east-1 | connection | `,
      '/ | rolePath | 1',
      '/ci/ | rolePath | 1',
    ]);
  });

  it('marks each role in step with the workspace or not in it', async () => {
    const roles = await settledRoles();
    assert.deepStrictEqual(roles.map(look), [
      'DevEC2 | role.inStep | in step',
      'Deployer | role.notInWorkspace | not in workspace',
    ]);
  });

  it('expands a role to its trust policy, permissions, boundary, tags, instance profiles and last use', async () => {
    const [dev] = await settledRoles();
    const parts = await api.roles.tree.getChildren(dev);
    assert.deepStrictEqual(parts.map(look), [
      'Trust policy | document | ',
      'Permissions | section | 3',
      'Permissions boundary | info | none',
      'Tags | section | 1',
      'Instance profiles | section | 0',
      'Last used | info | no use in 400 days',
    ]);
    const permissions = await api.roles.tree.getChildren(parts[1]);
    assert.deepStrictEqual(permissions.map(look), ['AWS managed | section | 0', 'Customer managed | section | 1', 'Inline | section | 0']);
    assert.deepStrictEqual((await api.roles.tree.getChildren(permissions[1])).map(look), ['ReadECRRepositoryContent | document | v1']);
    assert.deepStrictEqual((await api.roles.tree.getChildren(parts[3])).map(look), ['env | info | dev']);
  });

  it('opens the trust policy read-only as pretty JSON', async () => {
    const [dev] = await settledRoles();
    const [trust] = await api.roles.tree.getChildren(dev);
    const item = trust.treeItem();
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor!;
    assert.strictEqual(editor.document.uri.with({ query: '' }).toString(), `iam-author://${ACCOUNT}/roles/DevEC2/trust-policy.json`);
    assert.strictEqual(editor.document.languageId, 'json');
    assert.strictEqual(editor.document.getText(), `${JSON.stringify(read('ec2.trust.json'), null, 2)}\n`);
  });

  it('offers the diff as a CodeLens at the top of a role manifest', async () => {
    const manifest = await vscode.workspace.openTextDocument(workspaceFile('dev-ec2.role.json'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', manifest.uri);
    const ours = lenses.filter((l) => l.command?.command === 'iamAuthor.diffManifest');
    assert.deepStrictEqual(ours.map((l) => [l.range.start.line, l.command!.title]), [[0, '$(diff) Diff with Deployed Role']]);
  });

  it('diffs a manifest with no differences from the deployed role', async () => {
    notes.length = 0;
    await vscode.window.showTextDocument(workspaceFile('dev-ec2.role.json'));
    const outcome = await vscode.commands.executeCommand<{ kind: string; differences: number }>('iamAuthor.diffManifest');
    assert.strictEqual(outcome.kind, 'shown');
    assert.strictEqual(outcome.differences, 0);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputTextDiff, 'the active tab is a diff');
    assert.strictEqual(tab.original.with({ query: '' }).toString(), `iam-author://${ACCOUNT}/diff/DevEC2.deployed.json`);
    assert.strictEqual(tab.modified.with({ query: '' }).toString(), 'iam-author://workspace/diff/DevEC2.local.json');
    const [left, right] = await Promise.all([tab.original, tab.modified].map((u) => vscode.workspace.openTextDocument(u)));
    assert.strictEqual(left.getText(), right.getText());
    assert.deepStrictEqual(notes, [`info: DevEC2: no differences between account ${ACCOUNT} and dev-ec2.role.json.`]);
  });

  it('diffs a role of the tree that differs from its manifest', async () => {
    await clients.iam.send(new TagRoleCommand({ RoleName: 'DevEC2', Tags: [{ Key: 'team', Value: 'platform' }] }));
    await vscode.commands.executeCommand('iamAuthor.refreshRoles');
    const [dev] = await settledRoles();
    assert.strictEqual(look(dev), 'DevEC2 | role.different | differs from manifest');
    notes.length = 0;
    const outcome = await vscode.commands.executeCommand<{ kind: string; differences: number; summary: string }>('iamAuthor.diffRole', dev);
    assert.strictEqual(outcome.kind, 'shown');
    assert.strictEqual(outcome.differences, 1);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
    const left = await vscode.workspace.openTextDocument(tab.original);
    assert.match(left.getText(), /"Key": "team",\s+"Value": "platform"/);
    assert.strictEqual(outcome.summary, 'DevEC2: 1 change, 0 widening access, 0 narrowing it\n- Tag team: "platform"\n');
    assert.deepStrictEqual(notes, ['info: DevEC2: 1 change, 0 widening access, 0 narrowing it · - Tag team: "platform"']);
  });

  it('says so when a manifest\'s role is not in the account', async () => {
    notes.length = 0;
    const ghost = workspaceFile('iam', 'roles', 'Ghost', 'Ghost.role.json');
    fs.mkdirSync(workspaceFile('iam', 'roles', 'Ghost').fsPath, { recursive: true });
    fs.writeFileSync(ghost.fsPath, JSON.stringify({ RoleName: 'Ghost', AssumeRolePolicyDocument: read('ec2.trust.json') }));
    const outcome = await vscode.commands.executeCommand<{ kind: string }>('iamAuthor.diffManifest', ghost);
    assert.deepStrictEqual(outcome, { kind: 'notInAccount', roleName: 'Ghost', account: ACCOUNT });
    assert.deepStrictEqual(notes, [`info: Role Ghost is not in account ${ACCOUNT}: applying Ghost.role.json would create it.`]);
    fs.rmSync(workspaceFile('iam', 'roles', 'Ghost').fsPath, { recursive: true });
  });

  it('asks for a role manifest when the file is not one', async () => {
    notes.length = 0;
    const outcome = await vscode.commands.executeCommand('iamAuthor.diffManifest', workspaceFile('ec2.trust.json'));
    assert.strictEqual(outcome, undefined);
    assert.deepStrictEqual(notes, ['error: Diff with Deployed Role: open a role manifest (*.role.json) first.']);
  });

  it('filters the roles by name', async () => {
    await vscode.commands.executeCommand('iamAuthor.filterRoles', 'deploy');
    assert.deepStrictEqual((await roots()).map(look), [`${ACCOUNT} · us-east-1 | connection | `, '/ci/ | rolePath | 1']);
    assert.strictEqual(api.roles.tree.view.description, 'filter: deploy');
    await vscode.commands.executeCommand('iamAuthor.filterRoles', 'nothing-like-it');
    assert.deepStrictEqual((await roots()).map(look), [`${ACCOUNT} · us-east-1 | connection | `, 'No role matches "nothing-like-it" | info | ']);
    await vscode.commands.executeCommand('iamAuthor.clearRolesFilter');
    assert.strictEqual((await roots()).length, 3);
  });

  it('shows a failed load as an error node that says what to do and retries on click', async () => {
    sandbox.setFaults({ errorRate: 1, operations: ['ListRoles'] });
    await vscode.commands.executeCommand('iamAuthor.refreshRoles');
    const [, error] = await roots();
    assert.strictEqual(look(error).split(' | ').slice(0, 2).join(' | '), 'Could not list the roles | error');
    assert.match(String(error.treeItem().description), /^ServiceFailureException: The request processing has failed because of an unknown error/);
    sandbox.setFaults({});
    const item = error.treeItem();
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    assert.deepStrictEqual((await roots()).map(label), [`${ACCOUNT} · us-east-1`, '/', '/ci/']);
  });

  it('imports a role that is not in the workspace, which is then in step', async () => {
    const roles = await settledRoles();
    const deployer = roles.find((r) => label(r) === 'Deployer')!;
    const written = await vscode.commands.executeCommand<string[]>('iamAuthor.importRole', deployer);
    assert.deepStrictEqual(written, ['iam/roles/Deployer/Deployer.role.json', 'iam/roles/Deployer/Deployer.trust.json']);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile('iam', 'roles', 'Deployer', 'Deployer.role.json').fsPath);
    await rolesWhen('Deployer to be in step', (now) => now.some((r) => look(r) === 'Deployer | role.inStep | in step'));
  });
});
