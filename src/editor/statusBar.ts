import * as vscode from 'vscode';
import { Commands } from './commandIds';

const SWITCH_HINT = 'Click to switch profile, region or account.';

/** The status bar item that names the AWS connection; clicking it offers to switch. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('iamAuthor.connection', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'IAM Author: AWS connection';
    this.item.command = Commands.switchConnection;
    this.item.show();
  }

  /** What the item shows now. */
  get status(): { text: string; tooltip: string } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  showUnchecked(where: string, region: string): void {
    this.show(`$(cloud) AWS: ${where} · ${region}`, `AWS connection, not checked yet. Click to check it or to switch profile, region or account.`);
  }

  showChecking(where: string): void {
    this.show(`$(sync~spin) AWS: ${where}`, 'Checking the AWS connection…');
  }

  showIdentity(where: string, region: string, who: { account: string; arn: string }, endpoint: string | undefined, sandbox: boolean): void {
    this.show(`$(${sandbox ? 'beaker' : 'cloud'}) ${where} · ${region} · ${who.account}`, `${who.arn}${endpoint ? `\nEndpoint: ${endpoint}` : ''}\n${SWITCH_HINT}`);
  }

  showProblem(where: string, message: string): void {
    this.show(`$(warning) AWS: ${where}`, `${message}\n${SWITCH_HINT}`, new vscode.ThemeColor('statusBarItem.warningBackground'));
  }

  private show(text: string, tooltip: string, background?: vscode.ThemeColor): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = background;
  }

  dispose(): void {
    this.item.dispose();
  }
}
