import * as vscode from 'vscode';

/** The scheme of IAM Author's read-only documents: a deployed role's policies, a diff's two sides, a summary. */
export const DOCUMENT_SCHEME = 'iam-author';

/**
 * Read-only documents shown from memory: a role's trust policy or a policy as pretty JSON, each
 * side of a diff, a diff's summary. Showing a document again with new content updates an open editor.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  // Declared before the registration below, which reads it: VS Code subscribes to it when the provider registers.
  readonly onDidChange = this.changed.event;
  private readonly registrations = [
    vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, this),
    // Showing a document again sets its content again: a closed one need not be kept.
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === DOCUMENT_SCHEME) this.contents.delete(d.uri.toString());
    }),
  ];

  /** The uri of a document at `path` (`/roles/DevEC2/trust-policy.json`) of `authority` (an account id). */
  uri(authority: string, path: string): vscode.Uri {
    return vscode.Uri.from({ scheme: DOCUMENT_SCHEME, authority, path });
  }

  /** Holds `text` as the content of `uri` (a `.json` path opens as JSON). */
  set(uri: vscode.Uri, text: string): vscode.Uri {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  /** Holds `value` as pretty JSON at `uri` and opens it in a preview editor. */
  async showJson(uri: vscode.Uri, value: unknown, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    this.set(uri, `${JSON.stringify(value, null, 2)}\n`);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, ...options });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    vscode.Disposable.from(...this.registrations).dispose();
    this.changed.dispose();
    this.contents.clear();
  }
}
