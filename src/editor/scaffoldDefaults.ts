import * as vscode from 'vscode';
import { ConnectionController } from './connection';

/** What the connection offers a template's parameters: its account, region and ECR repositories. */
export interface ScaffoldDefaults {
  /** The connection's account id, when a check of the connection has found it. */
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  /** The account's ECR repository names; undefined when there is no checked connection or listing failed. */
  ecrRepositories(): Promise<string[] | undefined>;
}

/** How long a scaffolding prompt waits for the repository list before it offers a text box instead. */
const LIST_TIMEOUT_MS = 5000;

/**
 * Defaults from the connection for one run of a scaffolding command. AWS is asked for nothing unless the
 * connection has been checked (the status bar shows its account), so a command never waits on an
 * unconfigured machine's credential chain; the repository list is fetched once, on first use.
 */
export function connectionDefaults(connection: ConnectionController, output: vscode.OutputChannel): ScaffoldDefaults {
  const accountId = connection.account;
  const current = connection.current;
  let repositories: Promise<string[] | undefined> | undefined;
  return {
    accountId,
    region: current.region,
    ecrRepositories() {
      if (!accountId) return Promise.resolve(undefined);
      repositories ??= (async () => {
        const access = await connection.access();
        let timer: NodeJS.Timeout | undefined;
        try {
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${LIST_TIMEOUT_MS / 1000} s`)), LIST_TIMEOUT_MS);
          });
          const repos = await Promise.race([access.listEcrRepositories(current), timeout]);
          return repos.map((r) => r.name).sort();
        } catch (e) {
          output.appendLine(`ECR repositories of ${accountId} in ${current.region} not listed: ${access.explain(e, current).message}`);
          return undefined;
        } finally {
          clearTimeout(timer);
        }
      })();
      return repositories;
    },
  };
}
