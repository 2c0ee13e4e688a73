import * as assert from 'assert';
import { GetRoleCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Clients, createClients } from '../../src/aws/clients';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';
import { findTemplate, withDefaults } from '../../src/iam/templates';
import type { Api } from '../../src/extension';
import { EXTENSION_ID, until } from './helpers';

interface Outcome {
  kind: string;
  result?: { steps: { outcome: { status: string } }[] };
}

const allow = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('apply: from a role manifest to the local sandbox account', () => {
  let api: Api;
  let sandbox: Sandbox;
  let clients: Clients;
  let original: Api['prompts'];
  const questions: string[] = [];
  const settings = () => vscode.workspace.getConfiguration('iamAuthor');

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as Api;
    original = { ...api.prompts };
    sandbox = await startSandbox();
    clients = createClients({ region: 'us-east-1', endpoint: sandbox.endpoint }, { maxAttempts: 1 });
    await settings().update('endpoint', sandbox.endpoint, vscode.ConfigurationTarget.Global);
    // A local endpoint in the setting is checked at once (editor/connection.ts).
    await until(() => api.connection.identity?.account === sandbox.accountId, 'the connection to the sandbox');
    api.prompts.confirm = async (question) => {
      questions.push(question);
      return true;
    };
  });

  after(async () => {
    Object.assign(api.prompts, original);
    await settings().update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    clients.destroy();
    await sandbox.close();
  });

  it('applies a workshop template role after a confirmation naming its steps, shows the plan, and then has nothing to do', async () => {
    // DevEC2 as New Role from Template writes it, with its shared policies, in a folder of its own.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-apply-'));
    const template = findTemplate('dev-ec2-role')!;
    const files = template.render(withDefaults(template, new Map()));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.text);
    }
    const manifest = vscode.Uri.file(path.join(dir, files[0].path));
    const outcome = await vscode.commands.executeCommand<Outcome>('iamAuthor.applyManifest', manifest);
    assert.strictEqual(outcome.kind, 'applied');
    const steps = outcome.result!.steps.length;
    assert.deepStrictEqual(questions, [`Apply ${steps} steps to role DevEC2 in account ${sandbox.accountId}?`]);
    // The plan view, shown again after the apply with the outcome of each step.
    const planView = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'iam-author' && e.document.uri.path === '/plans/DevEC2.plan.txt');
    assert.ok(planView, 'the plan is open beside the manifest');
    assert.match(planView.document.getText(), new RegExp(`^DevEC2: ${steps} steps: `));
    assert.match(planView.document.getText(), new RegExp(`\nApplied ${steps} steps\.\n`));
    const role = await clients.iam.send(new GetRoleCommand({ RoleName: 'DevEC2' }));
    assert.strictEqual(role.Role?.RoleName, 'DevEC2');
    const again = await vscode.commands.executeCommand<Outcome>('iamAuthor.applyManifest', manifest);
    assert.strictEqual(again.kind, 'nothingToDo');
    assert.strictEqual(questions.length, 1, 'nothing to confirm when there is nothing to do');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cancels an apply between two steps, and applying again finishes exactly what was left', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-apply-'));
    const file = path.join(dir, 'workers.role.json');
    fs.writeFileSync(file, JSON.stringify({
      RoleName: 'Workers',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Policies: ['logs:PutLogEvents', 'sqs:SendMessage', 'sns:Publish', 's3:ListAllMyBuckets'].map((a, i) => ({ PolicyName: `p${i}`, PolicyDocument: allow(a) })),
    }, null, 2));
    try {
      const reports: string[] = [];
      api.prompts.withProgress = async (_title, cancellable, task) => {
        const cancel = new vscode.CancellationTokenSource();
        try {
          // The user presses Cancel while the third step runs.
          return await task((message) => {
            reports.push(message);
            if (cancellable && message.startsWith('step 3 of')) cancel.cancel();
          }, cancel.token);
        } finally {
          cancel.dispose();
        }
      };
      const cancelled = await vscode.commands.executeCommand<Outcome>('iamAuthor.applyManifest', vscode.Uri.file(file));
      assert.strictEqual(cancelled.kind, 'cancelled');
      assert.deepStrictEqual(cancelled.result!.steps.map((s) => s.outcome.status), ['done', 'done', 'done', 'notRun', 'notRun']);
      assert.deepStrictEqual(reports, ['step 1 of 5: Create the role Workers', 'step 2 of 5: Add the inline policy p0 of Workers', 'step 3 of 5: Add the inline policy p1 of Workers']);
      assert.deepStrictEqual((await clients.iam.send(new ListRolePoliciesCommand({ RoleName: 'Workers' }))).PolicyNames, ['p0', 'p1']);

      Object.assign(api.prompts, { withProgress: original.withProgress });
      const finished = await vscode.commands.executeCommand<Outcome>('iamAuthor.applyManifest', vscode.Uri.file(file));
      assert.strictEqual(finished.kind, 'applied');
      assert.strictEqual(finished.result!.steps.length, 2);
      assert.deepStrictEqual((await clients.iam.send(new ListRolePoliciesCommand({ RoleName: 'Workers' }))).PolicyNames, ['p0', 'p1', 'p2', 'p3']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a manifest with errors before reading the account, and says where to look', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-apply-'));
    const file = path.join(dir, 'broken.role.json');
    fs.writeFileSync(file, JSON.stringify({ RoleName: 'Broken', AssumeRolePolicyDocument: './missing.trust.json' }));
    try {
      const before = questions.length;
      const outcome = await vscode.commands.executeCommand<Outcome & { message: string }>('iamAuthor.applyManifest', vscode.Uri.file(file));
      assert.strictEqual(outcome.kind, 'invalid');
      assert.match(outcome.message, /^broken\.role\.json has 1 error to fix before it can be applied, first: /);
      assert.strictEqual(questions.length, before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
