import * as vscode from 'vscode';
import type { ConnectionController } from '../connection';
import type { Prompts } from '../prompts';
import { checkConnection } from './checkConnection';
import { selectProfile } from './selectProfile';
import { selectRegion } from './selectRegion';
import { startSandbox } from './startSandbox';
import { stopSandbox } from './stopSandbox';

/** The status bar's menu: profile, region, the local sandbox account, check. */
export async function switchConnection(connection: ConnectionController, prompts: Prompts): Promise<void> {
  const choice = connection.current;
  const sandbox = connection.sandboxEndpoint;
  const items: (vscode.QuickPickItem & { run: () => Promise<unknown> })[] = [
    { label: '$(account) Select AWS Profile…', description: choice.sandbox ? 'local sandbox' : choice.profile ?? 'default chain', run: () => selectProfile(connection, prompts) },
    { label: '$(globe) Select Region…', description: choice.region, run: () => selectRegion(connection, prompts) },
    sandbox
      ? { label: '$(debug-stop) Stop Local Sandbox Account', description: sandbox, run: () => stopSandbox(connection) }
      : { label: '$(beaker) Start Local Sandbox Account', description: 'practise without an AWS account', run: () => startSandbox(connection, prompts) },
    { label: '$(refresh) Check Connection', run: () => checkConnection(connection) },
  ];
  const picked = (await prompts.pick(items, 'AWS connection')) as (typeof items)[number] | undefined;
  await picked?.run();
}
