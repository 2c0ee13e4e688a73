import * as vscode from 'vscode';
import { Template } from '../iam/templates/types';
import { Commands } from './commandIds';
import { newPolicyFromTemplate } from './commands/newPolicyFromTemplate';
import { newRoleFromTemplate } from './commands/newRoleFromTemplate';
import { newRoleHere } from './commands/newRoleHere';
import { newTrustPolicy } from './commands/newTrustPolicy';
import { openTutorialMistake } from './commands/openTutorialMistake';
import { openWalkthrough, openWalkthroughOnFirstRun } from './commands/openWalkthrough';
import { ConnectionController } from './connection';
import { ScaffoldDeps } from './scaffold';
import { connectionDefaults } from './scaffoldDefaults';
import { quickInputPrompts, ScaffoldPrompts } from './scaffoldPrompts';

/** The scaffolding's one seam for integration tests: the prompts the commands ask through. */
export interface Scaffolding {
  /** The quick inputs by default; a test sets scripted prompts, and undefined restores the quick inputs. */
  prompts: ScaffoldPrompts | undefined;
}

/** Registers the scaffolding and walkthrough commands (owned by `context`) and opens the walkthrough on a first run. */
export function registerScaffolding(
  context: vscode.ExtensionContext,
  templates: readonly Template[],
  connection: ConnectionController,
  output: vscode.OutputChannel,
): Scaffolding {
  const scaffolding: Scaffolding = { prompts: undefined };
  const deps: ScaffoldDeps = {
    templates,
    prompts: () => scaffolding.prompts ?? quickInputPrompts,
    defaults: () => connectionDefaults(connection, output),
    output,
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.newRoleFromTemplate, () => newRoleFromTemplate(deps)),
    vscode.commands.registerCommand(Commands.newPolicyFromTemplate, () => newPolicyFromTemplate(deps)),
    vscode.commands.registerCommand(Commands.newTrustPolicy, () => newTrustPolicy(deps)),
    vscode.commands.registerCommand(Commands.newRoleHere, (resource: unknown) => newRoleHere(deps, resource)),
    vscode.commands.registerCommand(Commands.openWalkthrough, () => openWalkthrough(context)),
    vscode.commands.registerCommand(Commands.openTutorialMistake, () => openTutorialMistake(context)),
  );
  void openWalkthroughOnFirstRun(context);
  return scaffolding;
}
