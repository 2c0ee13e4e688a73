import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { AccountNames } from '../iam/completion';
import { ACCOUNT_NAMES_METHOD, AccountNamesParams } from '../server/protocol';
import { ConnectionController } from './connection';

/** Reads the names completion offers from the connected account: its roles and ECR repositories. */
async function readNames(connection: ConnectionController, account: string, output: vscode.OutputChannel): Promise<AccountNames> {
  const access = await connection.access();
  const current = connection.current;
  // Either list may be denied to the user: completion then offers what the other gave.
  const [roles, repositories] = await Promise.all([
    access.listRoles(current).catch((e: unknown) => {
      output.appendLine(`Listing the account's roles for completion failed: ${access.explain(e, current).message}`);
      return [];
    }),
    access.listEcrRepositories(current).catch((e: unknown) => {
      output.appendLine(`Listing the account's ECR repositories for completion failed: ${access.explain(e, current).message}`);
      return [];
    }),
  ]);
  return { account, roles: roles.map((r) => ({ name: r.name, arn: r.arn })), repositories: repositories.map((r) => ({ name: r.name, arn: r.arn })) };
}

/**
 * Hands the language server the names of the account whenever the connection has one (it was checked
 * and answered), and nothing when it has none: the server offers them in completion and never calls AWS.
 */
export function shareAccountNames(client: LanguageClient, connection: ConnectionController, output: vscode.OutputChannel): vscode.Disposable {
  let generation = 0;
  const share = async () => {
    const current = ++generation;
    const account = connection.account;
    const names: AccountNamesParams = account ? await readNames(connection, account, output) : null;
    if (current === generation) await client.sendNotification(ACCOUNT_NAMES_METHOD, names);
  };
  if (connection.account) void share();
  return connection.onDidChange(() => void share());
}
