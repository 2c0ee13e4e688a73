import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { ConnectionController } from '../connection';
import type { Prompts } from '../prompts';
import { checkConnection } from './checkConnection';
import { selectProfile } from './selectProfile';
import { selectRegion } from './selectRegion';
import { startSandbox } from './startSandbox';
import { stopSandbox } from './stopSandbox';
import { switchConnection } from './switchConnection';

export { registerRolesCommands } from './roles';

/** Registers the connection commands; returns the disposables. */
export function registerConnectionCommands(connection: ConnectionController, prompts: Prompts): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.switchConnection, () => switchConnection(connection, prompts)),
    vscode.commands.registerCommand(Commands.selectProfile, () => selectProfile(connection, prompts)),
    vscode.commands.registerCommand(Commands.selectRegion, () => selectRegion(connection, prompts)),
    vscode.commands.registerCommand(Commands.startSandbox, () => startSandbox(connection, prompts)),
    vscode.commands.registerCommand(Commands.stopSandbox, () => stopSandbox(connection)),
    vscode.commands.registerCommand(Commands.checkConnection, () => checkConnection(connection)),
  ];
}
