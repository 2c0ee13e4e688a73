import * as vscode from 'vscode';
import type { RunningSandbox } from './accountAccess';

/**
 * The local sandbox account of this window: at most one, started on first request (requests while
 * it starts share the start), stopped when asked or when the window closes.
 */
export class SandboxLifetime implements vscode.Disposable {
  private running: Promise<RunningSandbox> | undefined;
  private started: RunningSandbox | undefined;

  /** The running sandbox's endpoint, once started. */
  get endpoint(): string | undefined {
    return this.started?.endpoint;
  }

  /** Starts the sandbox unless this window's runs (or is starting); resolves with it either way. */
  async start(start: () => Promise<RunningSandbox>): Promise<RunningSandbox> {
    this.running ??= start().then(
      (sandbox) => (this.started = sandbox),
      (e: unknown) => {
        this.running = undefined;
        throw e;
      },
    );
    return this.running;
  }

  /** Stops this window's sandbox; resolves at once when none runs. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    this.started = undefined;
    const sandbox = await running?.catch(() => undefined);
    await sandbox?.close();
  }

  dispose(): void {
    void this.stop();
  }
}
