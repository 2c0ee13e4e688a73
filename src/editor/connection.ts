import * as vscode from 'vscode';
import { getCallerIdentity } from '../aws/account';
import { createClients } from '../aws/clients';
import { defaultProfile, isLocalEndpoint, listProfiles, profileRegion } from '../aws/connection';
import { explain, ProblemKind } from '../aws/errors';
import { startSandbox } from '../aws/sandbox/server';
import { Commands } from './commandIds';

/** The connection the user chose, remembered per workspace. */
export interface ConnectionChoice {
  /** A profile of ~/.aws/config or ~/.aws/credentials; undefined: the SDK's default chain. */
  readonly profile?: string;
  readonly region: string;
  /** Another AWS-compatible endpoint (the sandbox, LocalStack); undefined: AWS. */
  readonly endpoint?: string;
  /** True while the connection is the local sandbox account started from this window. */
  readonly sandbox?: boolean;
}

/** What the connection UI needs from src/aws; injected so that tests can answer it. */
export interface AccountAccess {
  listProfiles(): Promise<string[]>;
  /** The profile the SDK would use without a choice: AWS_PROFILE, else `default` when it exists. */
  defaultProfile(): string | undefined;
  /** The region configured for a profile, if any. */
  profileRegion(profile: string | undefined): Promise<string | undefined>;
  identify(choice: ConnectionChoice): Promise<{ account: string; arn: string }>;
  explain(error: unknown, choice: ConnectionChoice): { message: string; kind: ProblemKind };
  startSandbox(): Promise<{ endpoint: string; close(): Promise<void> }>;
}

/** Prompts, passed in so that integration tests can answer them. */
export interface ConnectionPrompts {
  pick(items: vscode.QuickPickItem[], placeHolder: string): Promise<vscode.QuickPickItem | undefined>;
  input(prompt: string, value: string): Promise<string | undefined>;
}

/** The real AWS access, through src/aws. */
export const awsAccess: AccountAccess = {
  listProfiles,
  // Without AWS_PROFILE the SDK's default chain decides (environment variables, `default`, instance roles).
  defaultProfile: () => (process.env.AWS_PROFILE ? defaultProfile() : undefined),
  profileRegion,
  async identify(choice) {
    const clients = createClients(choice);
    try {
      const who = await getCallerIdentity(clients);
      return { account: who.account, arn: who.arn };
    } finally {
      clients.destroy();
    }
  },
  explain,
  startSandbox: () => startSandbox(),
};

export const vscodePrompts: ConnectionPrompts = {
  pick: async (items, placeHolder) => vscode.window.showQuickPick(items, { placeHolder }),
  input: async (prompt, value) => vscode.window.showInputBox({ prompt, value }),
};

const STATE_KEY = 'iamAuthor.connection';
const DEFAULT_REGION = 'us-east-1';

/** Commonly used regions first; any other can be typed. */
const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1',
  'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'me-central-1', 'af-south-1',
];

/**
 * Owns the workspace's AWS connection: the remembered choice, the status bar item that shows
 * profile, region and account (clicking it switches), and the local sandbox account's lifetime.
 */
export class ConnectionController implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('iamAuthor.connection', vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<ConnectionChoice>();
  private readonly disposables: vscode.Disposable[] = [this.item, this.changed];
  private sandbox: { endpoint: string; close(): Promise<void> } | undefined;
  private choice: ConnectionChoice;
  private refreshing = 0;
  private checkedAccount: string | undefined;

  /** Fires after the connection changed and the status bar was refreshed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly aws: AccountAccess,
    private readonly prompts: ConnectionPrompts,
    private readonly output: vscode.OutputChannel,
  ) {
    const saved = state.get<ConnectionChoice>(STATE_KEY);
    // A sandbox does not outlive the window that started it.
    this.choice = saved && !saved.sandbox ? saved : { profile: aws.defaultProfile(), region: DEFAULT_REGION };
    this.item.name = 'IAM Author: AWS connection';
    this.item.command = Commands.switchConnection;
    // Not checked at activation, which would call AWS (or probe instance metadata) before the user asks;
    // an endpoint on this machine (the sandbox of `npm start`) is safe to check at once.
    this.showUnchecked();
    this.item.show();
    if (isLocalEndpoint(this.current.endpoint)) void this.refresh();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('iamAuthor.endpoint')) void this.refresh();
      }),
    );
  }

  /** The connection every AWS call uses now: the choice, with the endpoint setting unless the sandbox runs. */
  get current(): ConnectionChoice {
    if (this.choice.sandbox) return this.choice;
    const endpoint = vscode.workspace.getConfiguration('iamAuthor').get<string>('endpoint')?.trim();
    return { ...this.choice, endpoint: endpoint || undefined };
  }

  /** The account id the last check of the current connection found; undefined until one succeeds. */
  get account(): string | undefined {
    return this.checkedAccount;
  }

  get status(): { text: string; tooltip: string } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  /** Registers the connection commands; returns the disposables. */
  registerCommands(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.switchConnection, () => this.switchConnection()),
      vscode.commands.registerCommand(Commands.selectProfile, () => this.selectProfile()),
      vscode.commands.registerCommand(Commands.selectRegion, () => this.selectRegion()),
      vscode.commands.registerCommand(Commands.startSandbox, () => this.startSandbox()),
      vscode.commands.registerCommand(Commands.stopSandbox, () => this.stopSandbox()),
    ];
  }

  async switchConnection(): Promise<void> {
    const items: (vscode.QuickPickItem & { run?: () => Promise<unknown> })[] = [
      { label: '$(account) Select AWS Profile…', description: this.choice.sandbox ? 'local sandbox' : this.choice.profile ?? 'default chain', run: () => this.selectProfile() },
      { label: '$(globe) Select Region…', description: this.choice.region, run: () => this.selectRegion() },
      this.sandbox
        ? { label: '$(debug-stop) Stop Local Sandbox Account', description: this.sandbox.endpoint, run: () => this.stopSandbox() }
        : { label: '$(beaker) Start Local Sandbox Account', description: 'practise without an AWS account', run: () => this.startSandbox() },
      { label: '$(refresh) Check Connection', run: () => this.refresh() },
    ];
    const picked = (await this.prompts.pick(items, 'AWS connection')) as (typeof items)[number] | undefined;
    await picked?.run?.();
  }

  async selectProfile(): Promise<void> {
    const profiles = await this.aws.listProfiles();
    const items: vscode.QuickPickItem[] = [
      { label: 'Default credential chain', description: 'environment, AWS_PROFILE, default profile, SSO, instance or container role' },
      ...profiles.map((p) => ({ label: p, description: p === this.choice.profile ? 'current' : undefined })),
    ];
    if (profiles.length === 0) items.push({ label: 'No profiles found in ~/.aws/config or ~/.aws/credentials', kind: vscode.QuickPickItemKind.Separator });
    const picked = await this.prompts.pick(items, 'AWS profile for this workspace');
    if (!picked) return;
    const profile = picked === items[0] ? undefined : picked.label;
    const region = (await this.aws.profileRegion(profile)) ?? this.choice.region;
    await this.stopSandboxProcess();
    await this.set({ profile, region });
  }

  async selectRegion(): Promise<void> {
    const items: vscode.QuickPickItem[] = [
      ...REGIONS.map((r) => ({ label: r, description: r === this.choice.region ? 'current' : undefined })),
      { label: 'Other…' },
    ];
    const picked = await this.prompts.pick(items, 'AWS Region for this workspace');
    if (!picked) return;
    let region = picked.label;
    if (region === 'Other…') {
      const typed = await this.prompts.input('AWS Region, e.g. eu-south-2', this.choice.region);
      if (!typed) return;
      region = typed.trim();
    }
    await this.set({ ...this.choice, region });
  }

  async startSandbox(): Promise<void> {
    if (this.sandbox) {
      await this.set({ region: this.choice.region, endpoint: this.sandbox.endpoint, sandbox: true });
      return;
    }
    try {
      this.sandbox = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Starting the local sandbox account…' },
        () => this.aws.startSandbox(),
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not start the local sandbox account: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.output.appendLine(`Local sandbox account listening on ${this.sandbox.endpoint}`);
    await this.set({ region: this.choice.region, endpoint: this.sandbox.endpoint, sandbox: true });
  }

  async stopSandbox(): Promise<void> {
    if (!this.sandbox) return;
    await this.stopSandboxProcess();
    // Back to the user's AWS, unchecked until they ask: checking would call AWS unasked.
    await this.set({ profile: this.aws.defaultProfile(), region: this.choice.region }, false);
  }

  private async stopSandboxProcess(): Promise<void> {
    const sandbox = this.sandbox;
    this.sandbox = undefined;
    await sandbox?.close();
  }

  private async set(choice: ConnectionChoice, check = true): Promise<void> {
    this.choice = choice;
    await vscode.commands.executeCommand('setContext', 'iamAuthor.sandboxRunning', this.sandbox !== undefined);
    await this.state.update(STATE_KEY, choice);
    if (check) {
      await this.refresh();
    } else {
      this.showUnchecked();
      this.changed.fire(this.current);
    }
  }

  /** How the status bar names the connection: the sandbox, another endpoint's host, or the profile. */
  private where(choice: ConnectionChoice): string {
    if (choice.sandbox) return 'local sandbox';
    if (choice.endpoint) return /^https?:\/\/([^/]+)/.exec(choice.endpoint)?.[1] ?? choice.endpoint;
    return choice.profile ?? 'default';
  }

  private showUnchecked(): void {
    this.checkedAccount = undefined;
    this.item.text = `$(cloud) AWS: ${this.where(this.current)} · ${this.choice.region}`;
    this.item.tooltip = 'AWS connection, not checked yet. Click to check it or to switch profile, region or account.';
    this.item.backgroundColor = undefined;
  }

  /** Shows who the connection is (STS GetCallerIdentity), or what is wrong with it and what to do. */
  async refresh(): Promise<void> {
    const generation = ++this.refreshing;
    const choice = this.current;
    const where = this.where(choice);
    this.checkedAccount = undefined;
    this.item.text = `$(sync~spin) AWS: ${where}`;
    this.item.tooltip = 'Checking the AWS connection…';
    this.item.backgroundColor = undefined;
    try {
      const who = await this.aws.identify(choice);
      if (generation !== this.refreshing) return;
      this.checkedAccount = who.account;
      this.item.text = `$(${choice.sandbox ? 'beaker' : 'cloud'}) ${where} · ${choice.region} · ${who.account}`;
      this.item.tooltip = `${who.arn}${choice.endpoint ? `\nEndpoint: ${choice.endpoint}` : ''}\nClick to switch profile, region or account.`;
    } catch (e) {
      if (generation !== this.refreshing) return;
      const problem = this.aws.explain(e, choice);
      this.item.text = `$(warning) AWS: ${where}`;
      this.item.tooltip = `${problem.message}\nClick to switch profile, region or account.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.output.appendLine(`AWS connection: ${problem.message}`);
    }
    this.changed.fire(choice);
  }

  /** Offers the actions that fit a connection problem: pick a profile, start the sandbox, retry. */
  async showProblem(error: unknown): Promise<void> {
    const problem = this.aws.explain(error, this.current);
    const actions = problem.kind === 'noCredentials' || problem.kind === 'ssoExpired'
      ? ['Select AWS Profile…', 'Start Local Sandbox Account']
      : ['Check Connection Again'];
    const chosen = await vscode.window.showErrorMessage(problem.message, ...actions);
    if (chosen === 'Select AWS Profile…') await this.selectProfile();
    else if (chosen === 'Start Local Sandbox Account') await this.startSandbox();
    else if (chosen === 'Check Connection Again') await this.refresh();
  }

  dispose(): void {
    void this.stopSandboxProcess();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
