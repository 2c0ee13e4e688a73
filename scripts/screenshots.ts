// `npm run screenshots`: opens the workbench with the freshly built extension in headless Chromium and
// writes a PNG of each named state to screenshots/ (ignored by git). `npm run screenshots -- NAME...`
// takes only the named states; IAM_AUTHOR_VSIX=file.vsix photographs that package instead of a fresh build.
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { launchBrowser, newPage, startCodeServer, tempDir, workbenchUrl } from './host/codeServer';
import { buildVsix, installVsix } from './host/extension';
import { ensureHost, HostError } from './host/install';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { createClients } from '../src/aws/clients';
import { startSandbox } from '../src/aws/sandbox/server';
import { readFileIfExists } from '../src/iam/files';
import { loadManifest } from '../src/iam/manifest';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'screenshots');

/** Opens a workspace file through Quick Open, as a user would, and waits for its editor tab. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(name);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label^="${name}"]`);
  await page.waitForSelector('.editor-instance .monaco-editor .view-lines .view-line');
}

/** Runs a command from the palette (F1) by its title. */
async function showPalette(page: Page, text: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(text);
  await page.waitForSelector('.quick-input-list .monaco-list-row');
}

/** Runs New Role from Template and waits for its first step, the template pick. */
async function startNewRole(page: Page): Promise<void> {
  // The palette lists an extension's commands once the extension host has loaded it: its status bar item shows that.
  await page.waitForSelector('.statusbar-item[id*="iamAuthor.connection"]', { timeout: 60_000 });
  await showPalette(page, 'IAM Author: New Role from Template');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="New Role from Template"]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("step 1 of")');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="DevEC2"]');
}

interface State {
  /** What a person should see in the picture. */
  description: string;
  /** A folder of the repository, opened from a scratch copy so that what a state types is never saved into it. */
  workspace: string;
  show(page: Page): Promise<void>;
}

/** Hovers the first occurrence of `text` in the editor and waits for the hover widget. */
async function hoverText(page: Page, text: string): Promise<void> {
  // The token's own span: a line's span is as wide as its longest neighbour, so its middle may be past the text.
  const token = page.locator('.editor-instance .view-lines .view-line span span', { hasText: text }).first();
  await token.hover();
  await page.waitForSelector('.monaco-hover:not(.hidden) .hover-contents', { timeout: 15_000 });
}

/**
 * Fills the sandbox for the roles states: the sample's DevEC2 as deployed by someone who granted one
 * action more than the manifest (ecr:DeleteRepository), and roles the workspace does not have, on
 * three paths.
 */
/**
 * Clicks the line holding `line`, and replaces the end of the string that closes it (`erase`, before the
 * line's `",`) by typing `typed`, as a user edits a value in place.
 */
async function retypeStringEnd(page: Page, line: string, erase: string, typed: string): Promise<void> {
  await page.locator('.editor-instance .view-lines span', { hasText: line }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < erase.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(typed);
}

async function deployAccount(endpoint: string): Promise<void> {
  const file = path.join(root, 'sample', 'iam', 'roles', 'DevEC2', 'DevEC2.role.json');
  const { manifest } = loadManifest(fs.readFileSync(file, 'utf8'), file, readFileIfExists);
  if (!manifest) throw new HostError(`${file} does not load: run iam-author check on it`);
  const clients = createClients({ region: 'us-east-1', endpoint });
  const iam: IAMClient = clients.iam;
  try {
    const role = async (name: string, rolePath: string, trust: unknown, arns: string[], description?: string) => {
      await iam.send(new CreateRoleCommand({ RoleName: name, Path: rolePath, Description: description, AssumeRolePolicyDocument: JSON.stringify(trust) }));
      for (const arn of arns) await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn }));
    };
    const owned: string[] = [];
    for (const p of manifest.customerManagedPolicies) {
      const document = p.name === 'WriteECRRepositoryContent'
        ? { ...p.document, Statement: (p.document.Statement as { Action: unknown }[]).map((st, i) => (i === 0 && Array.isArray(st.Action) ? { ...st, Action: [...st.Action, 'ecr:DeleteRepository'] } : st)) }
        : p.document;
      const created = await iam.send(new CreatePolicyCommand({ PolicyName: p.name, Description: p.description, PolicyDocument: JSON.stringify(document) }));
      owned.push(created.Policy!.Arn!);
    }
    await iam.send(new CreateRoleCommand({
      RoleName: manifest.roleName, Path: manifest.path, Description: manifest.description,
      AssumeRolePolicyDocument: JSON.stringify(manifest.trustPolicy), Tags: manifest.tags.map((t) => ({ Key: t.key, Value: t.value })),
    }));
    for (const arn of [...manifest.managedPolicyArns, ...owned]) await iam.send(new AttachRolePolicyCommand({ RoleName: manifest.roleName, PolicyArn: arn }));
    const service = (principal: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] });
    await role('AppRunnerECRAccess', '/service-role/', service('build.apprunner.amazonaws.com'), ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly'], 'App Runner pulls images from ECR');
    await role('ecsTaskExecutionRole', '/service-role/', service('ecs-tasks.amazonaws.com'), ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']);
    await role('GitHubDeploy', '/ci/', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }, ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser']);
    await role('LambdaBasic', '/', service('lambda.amazonaws.com'), ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  } finally {
    clients.destroy();
  }
}

/** Waits until the status bar names the sandbox's account: the endpoint setting has reached the extension. */
async function connected(page: Page): Promise<void> {
  await page.waitForSelector('.statusbar-item[id*="iamAuthor.connection"]:has-text("123456789012")', { timeout: 30_000 });
}

/**
 * Opens the sample's DevEC2 manifest once connected, closes the side bar (room for what opens beside
 * the manifest) and clicks the CodeLens of that title.
 */
async function clickManifestLens(page: Page, title: string): Promise<void> {
  await openFile(page, 'DevEC2.role.json');
  await connected(page);
  await page.keyboard.press('Control+B');
  const lens = page.locator('.codelens-decoration a', { hasText: title }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
}

/** Clicks the DevEC2 manifest's "Apply to Account" CodeLens and waits for the confirmation. */
async function startApply(page: Page): Promise<void> {
  await clickManifestLens(page, 'Apply to Account');
  await page.waitForSelector('.monaco-dialog-box', { timeout: 30_000 });
  await page.waitForSelector('.tab[aria-label^="DevEC2.plan.txt"]', { timeout: 15_000 });
}

/** Opens the IAM Roles container from its activity-bar icon and waits for a role row. */
async function openRolesView(page: Page): Promise<void> {
  await connected(page);
  await page.locator('.activitybar [aria-label^="IAM Roles"]').first().click();
  await page.waitForSelector('.pane-body .monaco-list-row[aria-label*="DevEC2"]', { timeout: 30_000 });
  // The status arrives once every role has been read.
  await page.waitForSelector('.pane-body .monaco-list-row[aria-label*="DevEC2"] .label-description:has-text("differs")', { timeout: 30_000 });
  // The row's tooltip would cover the rows below it.
  await page.mouse.move(900, 600);
}

const states: Record<string, State> = {
  activated: {
    description: 'The sample workspace with a role manifest open and IAM Author\'s commands in the palette',
    workspace: 'sample',
    async show(page) {
      await openFile(page, 'DevEC2.role.json');
      await showPalette(page, 'IAM Author');
    },
  },
  connection: {
    description: 'The status bar names the AWS connection: the local sandbox account, its region and account id',
    workspace: 'sample',
    async show(page) {
      await openFile(page, 'DevEC2.role.json');
      await page.waitForSelector('.statusbar-item[id*="iamAuthor.connection"]:has-text("123456789012")', { timeout: 30_000 });
      await page.locator('.statusbar-item[id*="iamAuthor.connection"]').hover();
      await page.waitForSelector('.monaco-hover:not(.hidden)', { timeout: 10_000 }).catch(() => undefined);
    },
  },
  diagnostics: {
    description: 'A tutorial policy with its findings: squiggles, the Problems panel, and the hover on the misspelt action',
    workspace: 'sample',
    async show(page) {
      await openFile(page, '001-write-ecr.policy.json');
      await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 30_000 });
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel .monaco-list-row');
      await page.locator('.editor-instance .view-lines').first().click();
      await hoverText(page, 'ecr:InitialLayerUpload');
    },
  },
  hover: {
    description: 'Hover on an action: description, access level, resource types and ARN formats, condition keys',
    workspace: 'sample',
    async show(page) {
      await openFile(page, 'ReadECRRepositoryContent.policy.json');
      await hoverText(page, 'ecr:BatchGetImage');
    },
  },
  'dependent-actions': {
    description: 'Hover on lambda:CreateFunction: its dependent action iam:PassRole, a link to its reference entry, and where the dependent actions are from',
    workspace: 'sample',
    async show(page) {
      await openFile(page, 'WriteECRRepositoryContent.policy.json');
      await retypeStringEnd(page, 'ecr:GetAuthorizationToken', 'ecr:GetAuthorizationToken', 'lambda:CreateFunction');
      // Typing opens completion: close it, so that the hover is the one thing shown.
      await page.waitForSelector('.suggest-widget.visible', { timeout: 15_000 });
      await page.keyboard.press('Escape');
      await page.waitForSelector('.suggest-widget.visible', { state: 'detached', timeout: 15_000 }).catch(() => undefined);
      await hoverText(page, 'lambda:CreateFunction');
      await page.waitForSelector('.monaco-hover:not(.hidden) .hover-contents:has-text("Dependent actions")', { timeout: 15_000 });
    },
  },
  completion: {
    description: 'Completion of ECR actions inside an Action string',
    workspace: 'sample',
    async show(page) {
      await openFile(page, 'WriteECRRepositoryContent.policy.json');
      await retypeStringEnd(page, 'ecr:PutImage', 'PutImage', 'Get');
      await page.keyboard.press('Control+Space');
      await page.waitForSelector('.suggest-widget.visible .monaco-list-row', { timeout: 15_000 });
    },
  },
  quickfix: {
    description: 'The quick fix that moves ecr:GetAuthorizationToken into a statement with "Resource": "*"',
    workspace: 'sample',
    async show(page) {
      await openFile(page, '003-fcj-ecr-ci-cd.policy.json');
      await page.waitForSelector('.editor-instance .squiggly-warning', { timeout: 30_000 });
      await page.locator('.editor-instance .view-lines span', { hasText: 'ecr:GetAuthorizationToken' }).first().click();
      await page.keyboard.press('Control+.');
      await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 15_000 });
    },
  },
  'template-pick': {
    description: 'New Role from Template, step 1: the workshop roles grouped by tutorial, with their descriptions',
    workspace: 'sample',
    async show(page) {
      await startNewRole(page);
    },
  },
  'parameter-prompt': {
    description: 'A parameter prompt of New Role from Template rejecting a role name as it is typed, with the rule',
    workspace: 'sample',
    async show(page) {
      await startNewRole(page);
      await page.keyboard.type('DevEC2');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("step 2 of 4")');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Dev EC2!');
      await page.waitForSelector('.quick-input-widget .quick-input-message:has-text("is not an IAM role name")');
    },
  },
  'generated-manifest': {
    // A folder without the sample's rendered roles, so that the files are new.
    description: 'The DevEC2 role written by New Role from Template: its manifest open, the files in the Explorer, no problems',
    workspace: 'sample/tutorial-mistakes',
    async show(page) {
      await startNewRole(page);
      await page.keyboard.type('DevEC2');
      await page.keyboard.press('Enter');
      // The defaults: the role name, the connection's account id, the bucket.
      for (const step of ['step 2 of 4', 'step 3 of 4', 'step 4 of 4']) {
        await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("${step}")`);
        await page.keyboard.press('Enter');
      }
      await page.waitForSelector('.tab[aria-label^="DevEC2.role.json"]');
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel');
      await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label^="DevEC2.role.json"]', { timeout: 15_000 });
      // The checks run in the language server after a short debounce: give them time to report anything.
      await page.waitForTimeout(3000);
    },
  },
  walkthrough: {
    description: 'The "Get started with IAM Author" walkthrough: create a role, see a tutorial mistake fixed, start the sandbox',
    workspace: 'sample',
    async show(page) {
      await page.waitForSelector('.statusbar-item[id*="iamAuthor.connection"]', { timeout: 60_000 });
      await showPalette(page, 'IAM Author: Get Started');
      await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="IAM Author: Get Started"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.gettingStartedSlideDetails .getting-started-step', { timeout: 30_000 });
      await page.waitForFunction("(() => { const img = document.querySelector('.getting-started-media img'); return !!img && img.complete && img.naturalWidth > 0; })()", undefined, { timeout: 15_000 });
    },
  },
  tree: {
    description: 'The IAM Roles tree: the connection, the roles grouped by path with their status, DevEC2 open to its parts, its trust policy read-only',
    workspace: 'sample',
    async show(page) {
      await openRolesView(page);
      await page.locator('.pane-body .monaco-list-row[aria-label*="DevEC2"]').first().click();
      await page.waitForSelector('.pane-body .monaco-list-row[aria-label^="Trust policy"]', { timeout: 15_000 });
      await page.mouse.move(900, 600);
      await page.locator('.pane-body .monaco-list-row[aria-label^="Customer managed"]').first().click();
      await page.locator('.pane-body .monaco-list-row[aria-label^="Trust policy"]').first().click();
      await page.waitForSelector('.tab[aria-label^="trust-policy.json"]', { timeout: 15_000 });
      await page.mouse.move(900, 600);
    },
  },
  diff: {
    description: 'Diff with Deployed Role from the CodeLens: the deployed DevEC2 against the manifest, normalised, and the statement-level summary',
    workspace: 'sample',
    async show(page) {
      await clickManifestLens(page, 'Diff with Deployed Role');
      await page.waitForSelector('.monaco-diff-editor', { timeout: 30_000 });
      await page.waitForSelector('.notifications-toasts .notification-toast', { timeout: 15_000 });
      await page.locator('.notifications-toasts .monaco-button', { hasText: 'Show Summary' }).first().click();
      await page.waitForSelector('.tab[aria-label^="DevEC2.summary.txt"]', { timeout: 15_000 });
      // The diff's changed line in view, the summary beside it.
      await page.locator('.monaco-diff-editor').first().click();
    },
  },
  'apply-confirm': {
    description: 'Apply to Account from the CodeLens: the plan open beside the manifest, and the modal confirmation naming the steps and what widens access',
    workspace: 'sample',
    async show(page) {
      await startApply(page);
    },
  },
  'apply-plan': {
    description: 'After confirming: the plan view shown again with what each step did, and the notification that the role was applied',
    workspace: 'sample',
    async show(page) {
      await startApply(page);
      await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Apply' }).first().click();
      await page.waitForSelector('.notifications-toasts .notification-toast:has-text("applied")', { timeout: 60_000 });
      await page.waitForSelector('.editor-instance .view-line:has-text("Applied")', { timeout: 15_000 });
    },
  },
};

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in states));
  if (unknown.length) throw new HostError(`Unknown screenshot state(s): ${unknown.join(', ')}; known: ${Object.keys(states).join(', ')}`);
  const host = await ensureHost();
  const scratch = tempDir('iam-author-shots-');
  const userDataDir = path.join(scratch.dir, 'user-data');
  const extensionsDir = path.join(scratch.dir, 'extensions');
  // IAM_AUTHOR_VSIX photographs an already packaged extension instead of building one.
  const vsix = process.env.IAM_AUTHOR_VSIX ? path.resolve(process.env.IAM_AUTHOR_VSIX) : path.join(scratch.dir, 'iam-author.vsix');
  if (!process.env.IAM_AUTHOR_VSIX) await buildVsix(vsix);
  await installVsix(host, vsix, extensionsDir, userDataDir);
  const sandbox = await startSandbox();
  await deployAccount(sandbox.endpoint);
  const server = await startCodeServer({ host, port: 0, userDataDir, extensionsDir, extraSettings: { 'iamAuthor.endpoint': sandbox.endpoint } });
  const browser = await launchBrowser();
  fs.mkdirSync(outDir, { recursive: true });
  let failures = 0;
  try {
    for (const [name, state] of Object.entries(states).filter(([n]) => wanted.length === 0 || wanted.includes(n))) {
      const page = await newPage(browser);
      try {
        const copy = path.join(scratch.dir, 'workspaces', name, path.basename(state.workspace));
        fs.cpSync(path.join(root, state.workspace), copy, { recursive: true });
        await page.goto(workbenchUrl(server, copy));
        await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
        await state.show(page);
        const file = path.join(outDir, `${name}.png`);
        await page.screenshot({ path: file });
        console.log(`${file}: ${state.description}`);
      } catch (e) {
        failures++;
        await page.screenshot({ path: path.join(outDir, `${name}.failed.png`) }).catch(() => undefined);
        console.error(`${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      } finally {
        await page.context().close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
    await sandbox.close();
    scratch.remove();
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof HostError ? e.message : e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
