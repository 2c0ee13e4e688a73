import * as vscode from 'vscode';
import type { Connection } from '../aws/connection';
import { isLocalEndpoint } from '../aws/connection';
import type { AccountAccess, Identity, LoadAccountAccess } from './accountAccess';
import { DEFAULT_REGION } from './regions';
import { SandboxLifetime } from './sandboxLifetime';
import { ConnectionStatusBar } from './statusBar';

/** The connection the user chose, remembered per workspace. */
export interface ConnectionChoice extends Connection {
  /** True while the connection is the local sandbox account started from this window. */
  readonly sandbox?: boolean;
}

/** How a request to start the local sandbox account ended. */
export type SandboxStart =
  | { readonly kind: 'started' | 'thisWindows'; readonly endpoint: string }
  /** The connection already is a sandbox account (npm start's, another window's): none was started. */
  | { readonly kind: 'alreadyConnected'; readonly endpoint: string; readonly account: string };

const STATE_KEY = 'iamAuthor.connection';
const keyOf = (c: Connection) => JSON.stringify([c.profile ?? null, c.region, c.endpoint ?? null]);

/**
 * Owns the workspace's AWS connection: the remembered choice, what the status bar says about it, and
 * the local sandbox account's lifetime. The AWS side is loaded on the first call that needs it.
 */
export class ConnectionController implements vscode.Disposable {
  private readonly bar = new ConnectionStatusBar();
  private readonly sandbox = new SandboxLifetime();
  private readonly changed = new vscode.EventEmitter<ConnectionChoice>();
  private readonly disposables: vscode.Disposable[] = [this.bar, this.sandbox, this.changed];
  /** Who each connection checked so far was, so that switching back keeps a status that is true. */
  private readonly identities = new Map<string, Identity>();
  private choice: ConnectionChoice;
  private refreshing = 0;
  private loaded: Promise<AccountAccess> | undefined;

  /** Fires after the connection changed or was checked, and the status bar was refreshed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly loadAccess: LoadAccountAccess,
    private readonly output: vscode.OutputChannel,
  ) {
    const saved = state.get<ConnectionChoice>(STATE_KEY);
    // A sandbox does not outlive the window that started it.
    this.choice = saved && !saved.sandbox ? saved : { profile: defaultProfile(), region: DEFAULT_REGION };
    // Not checked at activation, which would call AWS (or probe instance metadata) before the user asks;
    // an endpoint on this machine (the sandbox of `npm start`) is safe to check at once.
    this.showUnchecked();
    if (isLocalEndpoint(this.current.endpoint)) void this.refresh();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Checked at once only when the endpoint is on this machine, as at activation.
        if (e.affectsConfiguration('iamAuthor.endpoint')) void this.set(this.choice, false);
      }),
    );
  }

  /** The connection every AWS call uses now: the choice, with the endpoint setting unless the sandbox runs. */
  get current(): ConnectionChoice {
    if (this.choice.sandbox) return this.choice;
    const endpoint = vscode.workspace.getConfiguration('iamAuthor').get<string>('endpoint')?.trim();
    return { ...this.choice, endpoint: endpoint || undefined };
  }

  /** Who the current connection is, once checked (undefined before, and after a failed check). */
  get identity(): Identity | undefined {
    return this.identities.get(keyOf(this.current));
  }

  /** The account id of the current connection, once checked (undefined before, and after a failed check). */
  get account(): string | undefined {
    return this.identity?.account;
  }

  /** The status bar's text and tooltip. */
  get status(): { text: string; tooltip: string } {
    return this.bar.status;
  }

  /** The endpoint of the local sandbox account this window started, while it runs. */
  get sandboxEndpoint(): string | undefined {
    return this.choice.sandbox ? this.sandbox.endpoint : undefined;
  }

  /** The AWS side (loaded on first call). */
  access(): Promise<AccountAccess> {
    return (this.loaded ??= this.loadAccess());
  }

  async setProfile(profile: string | undefined): Promise<void> {
    const access = await this.access();
    const region = (await access.profileRegion(profile)) ?? this.choice.region;
    await this.sandbox.stop();
    await this.set({ profile, region });
  }

  async setRegion(region: string): Promise<void> {
    await this.set({ ...this.choice, region });
  }

  /**
   * Connects to the local sandbox account: this window's when it runs, the one the connection already
   * names when it is a sandbox (`npm start`'s), else a new one. Rejects when one cannot start.
   */
  async startSandbox(): Promise<SandboxStart> {
    const access = await this.access();
    const running = this.sandbox.endpoint;
    if (running) {
      await this.set({ region: this.choice.region, endpoint: running, sandbox: true });
      return { kind: 'thisWindows', endpoint: running };
    }
    const current = this.current;
    if (current.endpoint && isLocalEndpoint(current.endpoint)) {
      const who = await access.identify(current).catch(() => undefined);
      if (who && access.isSandboxCaller(who)) {
        this.identities.set(keyOf(current), who);
        await this.refresh();
        return { kind: 'alreadyConnected', endpoint: current.endpoint, account: who.account };
      }
    }
    const sandbox = await this.sandbox.start(() => access.startSandbox());
    this.output.appendLine(`Local sandbox account listening on ${sandbox.endpoint}`);
    await this.set({ region: this.choice.region, endpoint: sandbox.endpoint, sandbox: true });
    return { kind: 'started', endpoint: sandbox.endpoint };
  }

  /** Stops this window's sandbox and goes back to the user's AWS; false when none ran. */
  async stopSandbox(): Promise<boolean> {
    if (!this.sandbox.endpoint) return false;
    const endpoint = this.sandbox.endpoint;
    await this.sandbox.stop();
    this.identities.delete(keyOf({ region: this.choice.region, endpoint }));
    (await this.access()).dropClients();
    await this.set({ profile: defaultProfile(), region: this.choice.region }, false);
    return true;
  }

  /**
   * Makes `choice` the connection. With `check`, asks AWS who it is; without, the status shows what an
   * earlier check found, and checks at once only an endpoint on this machine (calling AWS unasked is not done).
   */
  private async set(choice: ConnectionChoice, check = true): Promise<void> {
    this.choice = choice;
    await vscode.commands.executeCommand('setContext', 'iamAuthor.sandboxRunning', this.sandbox.endpoint !== undefined);
    await this.state.update(STATE_KEY, choice);
    if (check || isLocalEndpoint(this.current.endpoint)) {
      await this.refresh();
      return;
    }
    const known = this.identity;
    if (known) this.bar.showIdentity(this.where(this.current), this.current.region, known, this.current.endpoint, false);
    else this.showUnchecked();
    await this.announce();
  }

  /** How the status bar names the connection: the sandbox, another endpoint's host, or the profile. */
  private where(choice: ConnectionChoice): string {
    if (choice.sandbox) return 'local sandbox';
    if (choice.endpoint) return /^https?:\/\/([^/]+)/.exec(choice.endpoint)?.[1] ?? choice.endpoint;
    return choice.profile ?? 'default';
  }

  private showUnchecked(): void {
    this.bar.showUnchecked(this.where(this.current), this.choice.region);
  }

  private async announce(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'iamAuthor.connected', this.identity !== undefined);
    this.changed.fire(this.current);
  }

  /** Shows who the connection is (STS GetCallerIdentity), or what is wrong with it and what to do. */
  async refresh(): Promise<void> {
    const generation = ++this.refreshing;
    const choice = this.current;
    const where = this.where(choice);
    this.bar.showChecking(where);
    const access = await this.access();
    try {
      const who = await access.identify(choice);
      if (generation !== this.refreshing) return;
      this.identities.set(keyOf(choice), who);
      this.bar.showIdentity(where, choice.region, who, choice.endpoint, choice.sandbox === true);
    } catch (e) {
      if (generation !== this.refreshing) return;
      this.identities.delete(keyOf(choice));
      const problem = access.explain(e, choice);
      this.bar.showProblem(where, problem.message);
      this.output.appendLine(`AWS connection: ${problem.message}`);
    }
    await this.announce();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    // Only an AWS side already loaded has clients to release.
    void this.loaded?.then((a) => a.dropClients(), () => undefined);
  }
}

/** The profile the SDK would use without a choice: AWS_PROFILE when set; else the SDK's default chain decides. */
function defaultProfile(): string | undefined {
  return process.env.AWS_PROFILE?.trim() || undefined;
}
