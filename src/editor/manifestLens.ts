import * as vscode from 'vscode';
import { Commands } from './commandIds';

/** The role manifests a CodeLens is offered on. */
export const MANIFEST_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/*.role.json' },
  { scheme: 'file', pattern: '**/*.role.jsonc' },
];

/** "Diff with Deployed Role" and "Apply to Account" at the top of every role manifest. */
export class ManifestLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      command: Commands.diffManifest,
      title: '$(diff) Diff with Deployed Role',
      tooltip: 'Compare this manifest with the role of its name in the connected AWS account',
      arguments: [document.uri],
    }), new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
      command: Commands.applyManifest,
      title: '$(cloud-upload) Apply to Account',
      tooltip: 'Show the plan that makes the connected AWS account match this manifest, then apply it after you confirm',
      arguments: [document.uri],
    })];
  }
}
