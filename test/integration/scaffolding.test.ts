import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { startSandbox } from '../../src/aws/sandbox/server';
import { EXTENSION_ID, until, workspaceFile } from './helpers';

// The prompt types of src/editor/scaffoldPrompts.ts, as the extension's API exposes them.
interface Step { title: string; step: number; totalSteps: number }
interface InputOptions { prompt: string; value: string; placeholder: string; validate(value: string): string | undefined }
type Answer<T> = T | symbol | undefined;
/** The back button's answer: the extension's registered symbol. */
const BACK = Symbol.for('iamAuthor.scaffold.back');
interface ScaffoldPrompts {
  pick<T extends vscode.QuickPickItem>(step: Step, items: readonly T[], options: { placeholder: string; active?: T }): Promise<Answer<T>>;
  input(step: Step, options: InputOptions): Promise<Answer<string>>;
  overwrite(file: string, detail: string): Promise<'overwrite' | 'skip' | undefined>;
}
interface TestApi {
  connection: { account: string | undefined; current: { endpoint?: string; region: string }; onDidChange: vscode.Event<unknown> };
  scaffolding: { prompts: ScaffoldPrompts | undefined };
}
interface ScaffoldResult { template: string; written: string[]; reused: string[]; skipped: string[]; opened: string }

/**
 * One scripted answer: pick the item with this label; type these values in turn (as a user corrects a
 * rejected value: the first valid one is taken); keep the value the input box offers; go back; or
 * answer the overwrite question.
 */
type Scripted =
  | { pick: string }
  | { type: string[] }
  | { keep: true }
  | { back: true }
  | { overwrite: 'overwrite' | 'skip' };

/** What a scripted prompt was shown, for the assertions. */
interface Seen { title: string; kind: 'pick' | 'input' | 'overwrite'; text: string; value?: string; labels?: string[]; groups?: string[]; problems?: (string | undefined)[] }

/** Answers the scaffolding's prompts from a script, recording each prompt; a prompt the script does not expect fails the test. */
class ScriptedPrompts implements ScaffoldPrompts {
  readonly seen: Seen[] = [];
  private readonly script: Scripted[];

  constructor(script: Scripted[]) {
    this.script = [...script];
  }

  private next(what: string): Scripted {
    const answer = this.script.shift();
    if (!answer) throw new Error(`the script has no answer for ${what}`);
    return answer;
  }

  async pick<T extends vscode.QuickPickItem>(step: Step, items: readonly T[], options: { placeholder: string; active?: T }): Promise<Answer<T>> {
    const labels = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label);
    const groups = items.filter((i) => i.kind === vscode.QuickPickItemKind.Separator).map((i) => i.label);
    this.seen.push({ title: `${step.title} (step ${step.step} of ${step.totalSteps})`, kind: 'pick', text: options.placeholder, labels, groups, value: options.active?.label });
    const answer = this.next(`the pick "${options.placeholder}"`);
    if ('back' in answer) return BACK;
    if (!('pick' in answer)) throw new Error(`expected a pick answer for "${options.placeholder}", got ${JSON.stringify(answer)}`);
    const item = items.find((i) => i.label === answer.pick);
    if (!item) throw new Error(`"${answer.pick}" is not offered by "${options.placeholder}": ${labels.join(', ')}`);
    return item;
  }

  async input(step: Step, options: InputOptions): Promise<Answer<string>> {
    const seen: Seen = { title: `${step.title} (step ${step.step} of ${step.totalSteps})`, kind: 'input', text: options.prompt, value: options.value, problems: [] };
    this.seen.push(seen);
    const answer = this.next(`the input "${options.prompt}"`);
    if ('back' in answer) return BACK;
    const values = 'keep' in answer ? [options.value] : 'type' in answer ? answer.type : undefined;
    if (!values) throw new Error(`expected typed values for "${options.prompt}", got ${JSON.stringify(answer)}`);
    for (const value of values) {
      // What the input box shows as the user types the value; an invalid value cannot be accepted.
      const problem = options.validate(value);
      seen.problems!.push(problem);
      if (!problem) return value;
    }
    throw new Error(`no valid value for "${options.prompt}" in ${JSON.stringify(values)}`);
  }

  async overwrite(file: string): Promise<'overwrite' | 'skip' | undefined> {
    this.seen.push({ title: '', kind: 'overwrite', text: file });
    const answer = this.next(`overwriting ${file}`);
    if (!('overwrite' in answer)) throw new Error(`expected an overwrite answer for ${file}, got ${JSON.stringify(answer)}`);
    return answer.overwrite;
  }

  /** Every scripted answer was used. */
  done(): void {
    assert.deepStrictEqual(this.script, [], 'scripted answers left unused');
  }
}

const read = (...parts: string[]) => fs.readFileSync(workspaceFile(...parts).fsPath, 'utf8');
const activeFile = () => vscode.window.activeTextEditor && vscode.workspace.asRelativePath(vscode.window.activeTextEditor.document.uri, false);

/** Folders the tests write into the fixture workspace; removed before and after. */
const WRITTEN = ['iam', 'scaffold-here', 'schema-check'];

function removeWritten(): void {
  for (const dir of WRITTEN) fs.rmSync(workspaceFile(dir).fsPath, { recursive: true, force: true });
}

describe('scaffolding commands', function () {
  let api: TestApi;

  before(async () => {
    removeWritten();
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as TestApi;
  });

  afterEach(async () => {
    api.scaffolding.prompts = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(removeWritten);

  async function run(command: string, script: ScriptedPrompts, ...args: unknown[]): Promise<ScaffoldResult | undefined> {
    api.scaffolding.prompts = script;
    const result = await vscode.commands.executeCommand<ScaffoldResult | undefined>(command, ...args);
    script.done();
    return result;
  }

  it('New Role from Template: the connection\'s account and repositories offered, an invalid account id corrected, the back button', async () => {
    // A sandbox account of its own id, so that the offered account id cannot be a template's default.
    const stateFile = path.join(os.tmpdir(), `iam-author-scaffold-${process.pid}.json`);
    fs.writeFileSync(stateFile, JSON.stringify({ accountId: '210987654321', roles: {}, policies: {}, repositories: {} }));
    const sandbox = await startSandbox({ stateFile });
    const settings = vscode.workspace.getConfiguration('iamAuthor');
    const checked = new Promise<void>((resolve) => {
      const listener = api.connection.onDidChange(() => {
        if (api.connection.account === '210987654321') { listener.dispose(); resolve(); }
      });
    });
    await settings.update('endpoint', sandbox.endpoint, vscode.ConfigurationTarget.Global);
    await checked;
    const account = api.connection.account!;
    const ecr = new ECRClient({ region: 'us-east-1', endpoint: sandbox.endpoint, credentials: { accessKeyId: 'AKIASANDBOX000000000', secretAccessKey: 'sandbox' } });
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'shop-frontend' }));
    ecr.destroy();

    const script = new ScriptedPrompts([
      { pick: 'GitHub Actions pushing to ECR' },
      { keep: true },
      { type: ['12345', account] },
      { back: true },
      { keep: true },
      { keep: true },
      { keep: true },
      { keep: true },
      { keep: true },
      { pick: 'shop-frontend' },
    ]);
    let result: ScaffoldResult | undefined;
    try {
      result = await run('iamAuthor.newRoleFromTemplate', script);
    } finally {
      await settings.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
      await sandbox.close();
      fs.rmSync(stateFile, { force: true });
    }

    const title = (n: number, m = 8) => `New Role from Template (step ${n} of ${m})`;
    assert.deepStrictEqual(script.seen.map((s) => [s.title, s.kind, s.text, s.value]), [
      [title(1, 4), 'pick', 'Pick a role from the workshop tutorials (type to filter)', undefined],
      [title(2), 'input', 'Name of the role', 'fcj-ecr-ci-cd-role'],
      [title(3), 'input', 'AWS account id of the account the role and its resources are in', account],
      [title(4), 'input', 'GitHub user or organization that owns the repository', 'octo-org'],
      [title(3), 'input', 'AWS account id of the account the role and its resources are in', account],
      [title(4), 'input', 'GitHub user or organization that owns the repository', 'octo-org'],
      [title(5), 'input', 'GitHub repository whose workflows assume the role', 'fcj-workshop-app'],
      [title(6), 'input', 'Branch the workflow runs on (main), or environment:NAME for a deployment environment', 'main'],
      [title(7), 'input', 'AWS Region of the ECR repository or ECS cluster', 'us-east-1'],
      [title(8), 'pick', 'ECR repository the images are pushed to', undefined],
    ]);
    assert.deepStrictEqual(script.seen[2].problems, ['"12345" is not an AWS account id: an account id is 12 digits, such as 123456789012', undefined]);
    assert.deepStrictEqual(script.seen[9].labels, ['shop-frontend', '$(edit) Type another name…']);
    // The pick lists the role templates, grouped by tutorial.
    assert.deepStrictEqual(script.seen[0].labels, ['DevEC2', 'ProdEC2', 'CustomRWECRRole', 'retailStoreECSTaskExecutionRole', 'retailStoreEcsTaskRole', 'EC2 role (from the command line)', 'GitHub Actions pushing to ECR']);
    assert.deepStrictEqual(script.seen[0].groups, ['Workshop 000: ECR and S3 for EC2', 'Workshop 001: ECR access for EC2', 'Workshop 002: ECS retail store', 'Workshop 004: EC2 role from the CLI', 'Workshop 003: ECR CI/CD with GitHub Actions']);
    assert.deepStrictEqual(result, {
      template: 'github-actions-ecr-role', folder: workspaceFile().fsPath,
      written: ['iam/roles/fcj-ecr-ci-cd-role/fcj-ecr-ci-cd-role.role.json', 'iam/roles/fcj-ecr-ci-cd-role/github-actions.trust.json', 'iam/policies/fcj-ecr-ci-cd-policy.policy.json'],
      reused: [], skipped: [], opened: 'iam/roles/fcj-ecr-ci-cd-role/fcj-ecr-ci-cd-role.role.json',
    });
    assert.match(read('iam', 'policies', 'fcj-ecr-ci-cd-policy.policy.json'), new RegExp(`"arn:aws:ecr:us-east-1:${account}:repository/shop-frontend"`));
    assert.match(read('iam', 'roles', 'fcj-ecr-ci-cd-role', 'github-actions.trust.json'), new RegExp(`"arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com"`));
    assert.strictEqual(activeFile(), 'iam/roles/fcj-ecr-ci-cd-role/fcj-ecr-ci-cd-role.role.json');
  });

  it('New IAM Role Here: writes into the right-clicked folder, and a second role reuses the shared policies silently', async () => {
    const folder = workspaceFile('scaffold-here');
    fs.mkdirSync(folder.fsPath, { recursive: true });
    const first = new ScriptedPrompts([{ pick: 'DevEC2' }, { keep: true }, { keep: true }, { keep: true }]);
    const devResult = await run('iamAuthor.newRoleHere', first, folder);
    assert.deepStrictEqual(first.seen.map((s) => [s.title, s.value]), [
      ['New Role from Template (step 1 of 4)', undefined],
      ['New Role from Template (step 2 of 4)', 'DevEC2'],
      // Without a checked connection, the template's own default.
      ['New Role from Template (step 3 of 4)', '123456789012'],
      ['New Role from Template (step 4 of 4)', 'fcj-workshop-assets'],
    ]);
    const here = (file: string) => `scaffold-here/iam/${file}`;
    assert.deepStrictEqual(devResult, {
      template: 'dev-ec2-role', folder: folder.fsPath,
      written: [here('roles/DevEC2/DevEC2.role.json'), here('roles/DevEC2/ec2.trust.json'), here('policies/ReadECRRepositoryContent.policy.json'),
        here('policies/WriteECRRepositoryContent.policy.json'), here('policies/RWDS3Objects.policy.json')],
      reused: [], skipped: [], opened: here('roles/DevEC2/DevEC2.role.json'),
    });
    assert.strictEqual(activeFile(), here('roles/DevEC2/DevEC2.role.json'));

    // A file right-clicked stands for its folder.
    fs.writeFileSync(workspaceFile('scaffold-here', 'notes.txt').fsPath, 'notes\n');
    const third = new ScriptedPrompts([{ pick: 'ProdEC2' }, { keep: true }, { keep: true }, { keep: true }]);
    const reused = await run('iamAuthor.newRoleHere', third, vscode.Uri.joinPath(folder, 'notes.txt'));
    assert.deepStrictEqual(reused, {
      template: 'prod-ec2-role', folder: folder.fsPath,
      written: [here('roles/ProdEC2/ProdEC2.role.json'), here('roles/ProdEC2/ec2.trust.json')],
      reused: [here('policies/ReadECRRepositoryContent.policy.json'), here('policies/RWDS3Objects.policy.json')],
      skipped: [], opened: here('roles/ProdEC2/ProdEC2.role.json'),
    });
  });

  it('New Policy from Template: an invalid bucket name corrected; an existing different file kept when the user refuses, replaced when they agree', async () => {
    const answers = (): Scripted[] => [{ pick: 'RWDS3Objects' }, { type: ['Shop_Assets', 'shop-assets'] }];
    const first = new ScriptedPrompts(answers());
    const written = await run('iamAuthor.newPolicyFromTemplate', first);
    assert.deepStrictEqual(first.seen.map((s) => [s.title, s.kind, s.text]), [
      ['New Policy from Template (step 1 of 2)', 'pick', 'Pick a policy from the workshop tutorials (type to filter)'],
      ['New Policy from Template (step 2 of 2)', 'input', 'S3 bucket whose objects the role reads, writes and deletes'],
    ]);
    assert.deepStrictEqual(first.seen[0].labels, ['ReadECRRepositoryContent', 'WriteECRRepositoryContent', 'RWDS3Objects', 'fcj-ecr-ci-cd-policy']);
    assert.deepStrictEqual(first.seen[1].problems, ['"Shop_Assets" is not an S3 bucket name: use only lower-case letters, digits, dots and hyphens', undefined]);
    const file = 'iam/policies/RWDS3Objects.policy.json';
    assert.deepStrictEqual(written, { template: 'rwd-s3-policy', folder: workspaceFile().fsPath, written: [file], reused: [], skipped: [], opened: file });
    const rendered = read(file);
    assert.match(rendered, /"arn:aws:s3:::shop-assets\/\*"/);
    assert.strictEqual(activeFile(), file);

    const edited = rendered.replace('shop-assets/*', 'shop-assets/uploads/*');
    fs.writeFileSync(workspaceFile(file).fsPath, edited);
    const refuse = new ScriptedPrompts([...answers(), { overwrite: 'skip' }]);
    assert.deepStrictEqual(await run('iamAuthor.newPolicyFromTemplate', refuse), {
      template: 'rwd-s3-policy', folder: workspaceFile().fsPath, written: [], reused: [], skipped: [file], opened: file,
    });
    assert.deepStrictEqual(refuse.seen.at(-1), { title: '', kind: 'overwrite', text: file });
    assert.strictEqual(read(file), edited);

    const agree = new ScriptedPrompts([...answers(), { overwrite: 'overwrite' }]);
    assert.deepStrictEqual((await run('iamAuthor.newPolicyFromTemplate', agree))?.written, [file]);
    assert.strictEqual(read(file), rendered);
  });

  it('New Trust Policy: another account (not the connection\'s) with an invalid account id corrected', async () => {
    const script = new ScriptedPrompts([{ pick: 'Another AWS account' }, { type: ['2222', '444455556666'] }, { keep: true }]);
    const result = await run('iamAuthor.newTrustPolicy', script);
    assert.deepStrictEqual(script.seen.map((s) => [s.title, s.text, s.value]), [
      ['New Trust Policy (step 1 of 1)', 'Pick who may assume the role (type to filter)', undefined],
      ['New Trust Policy (step 2 of 3)', 'AWS account id of the other account, whose principals may assume the role', '111122223333'],
      ['New Trust Policy (step 3 of 3)', 'External id the other account gives when it assumes the role (sts:ExternalId)', 'fcj-workshop-partner'],
    ]);
    assert.deepStrictEqual(script.seen[1].problems, ['"2222" is not an AWS account id: an account id is 12 digits, such as 123456789012', undefined]);
    const file = 'iam/trust/cross-account.trust.json';
    assert.deepStrictEqual(result, { template: 'cross-account-trust', folder: workspaceFile().fsPath, written: [file], reused: [], skipped: [], opened: file });
    assert.match(read(file), /"arn:aws:iam::444455556666:root"/);
    assert.match(read(file), /"sts:ExternalId": "fcj-workshop-partner"/);
  });
});

describe('VS Code\'s JSON support with the contributed schemas', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  after(removeWritten);

  /** VS Code's own JSON diagnostics of a file, once they include `message`. */
  async function jsonDiagnostics(uri: vscode.Uri, message: string): Promise<string[]> {
    const messages = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'IAM Author').map((d) => d.message);
    await until(() => messages().includes(message), `"${message}" in ${uri.fsPath}; got ${JSON.stringify(messages())}`, 30_000);
    return messages().sort();
  }

  // A duplicate key is reported by VS Code's JSON checker in every JSON file: it shows the checker has run.
  const text = '{\n  "Version": "2012-10-17",\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", },\n  ],\n}\n';

  it('reports no trailing comma in a policy, and does in another JSON with comments file', async () => {
    fs.mkdirSync(workspaceFile('schema-check').fsPath, { recursive: true });
    const policy = workspaceFile('schema-check', 'commas.policy.json');
    const other = workspaceFile('schema-check', 'commas.jsonc');
    fs.writeFileSync(policy.fsPath, text);
    fs.writeFileSync(other.fsPath, text);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
    assert.deepStrictEqual(await jsonDiagnostics(other, 'Duplicate object key'), ['Duplicate object key', 'Duplicate object key', 'Trailing comma', 'Trailing comma', 'Trailing comma']);
    const doc = await vscode.workspace.openTextDocument(policy);
    assert.strictEqual(doc.languageId, 'jsonc');
    await vscode.window.showTextDocument(doc);
    assert.deepStrictEqual(await jsonDiagnostics(policy, 'Duplicate object key'), ['Duplicate object key', 'Duplicate object key']);
  });

  it('describes a policy element on hover and completes InstanceProfile in a role manifest', async () => {
    const policy = await vscode.workspace.openTextDocument(workspaceFile('read-ecr.policy.json'));
    const at = policy.positionAt(policy.getText().indexOf('"Version"') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', policy.uri, at);
    // The JSON hover is markdown, with the description's punctuation escaped.
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\(.)/g, '$1');
    assert.match(text, /The policy language version: "2012-10-17"\. \("2008-10-17" is the old version without policy variables\.\)/);

    const manifest = await vscode.workspace.openTextDocument(workspaceFile('dev-ec2.role.json'));
    const inside = manifest.positionAt(manifest.getText().indexOf('{') + 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', manifest.uri, inside);
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'InstanceProfile');
    assert.ok(item, `no InstanceProfile among ${list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    const documentation = list.items.filter((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'InstanceProfile')
      .map((i) => (typeof i.documentation === 'string' ? i.documentation : i.documentation?.value ?? '')).join('\n');
    assert.match(documentation, /^IAM Author's one addition to CloudFormation's names: true makes an instance profile/m);
  });
});

describe('the walkthrough', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens "Get started with IAM Author" from its command; its steps run registered commands and show shipped images', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const [walkthrough] = extension.packageJSON.contributes.walkthroughs as { id: string; title: string; steps: { id: string; description: string; media: { image: string }; completionEvents: string[] }[] }[];
    assert.deepStrictEqual([walkthrough.id, walkthrough.title], ['getStarted', 'Get started with IAM Author']);
    const registered = new Set(await vscode.commands.getCommands(true));
    const linked = walkthrough.steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
    assert.deepStrictEqual(linked, ['iamAuthor.newRoleFromTemplate', 'iamAuthor.openTutorialMistake', 'iamAuthor.startSandbox', 'iamAuthor.applyManifest']);
    assert.deepStrictEqual(linked.filter((c) => !registered.has(c)), []);
    assert.deepStrictEqual(walkthrough.steps.map((s) => s.completionEvents), linked.map((c) => [`onCommand:${c}`]));
    assert.deepStrictEqual(walkthrough.steps.filter((s) => !fs.existsSync(vscode.Uri.joinPath(extension.extensionUri, s.media.image).fsPath)).map((s) => s.id), []);

    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.deepStrictEqual(tabs().filter((l) => l === 'Welcome'), []);
    await vscode.commands.executeCommand('iamAuthor.openWalkthrough');
    await until(() => tabs().includes('Welcome'), `the walkthrough's tab; tabs: ${JSON.stringify(tabs())}`);
  });

  it('opens the tutorial\'s policy for its second step, with the misspelt action flagged', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('iamAuthor.openTutorialMistake');
    assert.strictEqual(editor.document.uri.scheme, 'untitled');
    const uri = editor.document.uri;
    const codes = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'IAM Author').map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
    await until(() => codes().includes('INVALID_ACTION'), `INVALID_ACTION on the tutorial's policy; got ${JSON.stringify(codes())}`, 30_000);
    const finding = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'IAM Author' && d.message.includes('InitiateLayerUpload'))!;
    assert.strictEqual(editor.document.getText(finding.range), 'ecr:InitialLayerUpload');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
