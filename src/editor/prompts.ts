import * as vscode from 'vscode';

/**
 * Every question a command asks the user, passed in so that integration tests can answer them.
 * `notify` shows a message with buttons and resolves with the one chosen (undefined when dismissed);
 * a message without buttons is shown and resolves at once.
 */
export interface Prompts {
  pick(items: vscode.QuickPickItem[], placeHolder: string): Promise<vscode.QuickPickItem | undefined>;
  input(prompt: string, value: string): Promise<string | undefined>;
  notify(level: 'info' | 'warning' | 'error', message: string, ...actions: string[]): Promise<string | undefined>;
  /** A modal question with one action besides Cancel: true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  /** Runs `task` under a progress notification; a cancellable one's token is cancelled by its Cancel button. */
  withProgress<T>(title: string, cancellable: boolean, task: (report: (message: string) => void, token: vscode.CancellationToken) => Promise<T>): Promise<T>;
}

/** The prompts of VS Code's own quick pick, input box and notifications. */
export const vscodePrompts: Prompts = {
  pick: async (items, placeHolder) => vscode.window.showQuickPick(items, { placeHolder }),
  input: async (prompt, value) => vscode.window.showInputBox({ prompt, value }),
  async notify(level, message, ...actions) {
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    if (actions.length === 0) {
      // A message without buttons resolves only when dismissed: nothing waits for that.
      void show(message);
      return undefined;
    }
    return show(message, ...actions);
  },
  confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
  withProgress: async (title, cancellable, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable },
    (progress, token) => task((message) => progress.report({ message }), token)),
};
