import * as vscode from 'vscode';

/** The scheme of IAM Author's read-only documents: a deployed role's policies, a diff's two sides, a summary. */
export const DOCUMENT_SCHEME = 'iam-author';

/**
 * Read-only documents shown from memory: a role's trust policy or a policy as pretty JSON, each
 * side of a diff, a diff's summary.
 * Contents are kept for the window's life (a few kilobytes each): an editor may ask again at any time.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private versions = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(DOCUMENT_SCHEME, this);

  /** The uri of a document at `path` (`/roles/DevEC2/trust-policy.json`) of `authority` (an account id). */
  uri(authority: string, path: string): vscode.Uri {
    return vscode.Uri.from({ scheme: DOCUMENT_SCHEME, authority, path });
  }

  /**
   * Holds `text` as the content of a new version of `uri` (a `.json` path opens as JSON) and returns
   * that version's uri. Each showing is a version of its own: VS Code keeps the text of a document it
   * has shown for a while after its editor closes, so the same uri shown again could show old text.
   */
  set(uri: vscode.Uri, text: string): vscode.Uri {
    const version = uri.with({ query: `v${++this.versions}` });
    this.contents.set(version.toString(), text);
    return version;
  }

  /** Holds `value` as pretty JSON at `uri` and opens it in a preview editor. */
  async showJson(uri: vscode.Uri, value: unknown, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    const version = this.set(uri, `${JSON.stringify(value, null, 2)}\n`);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(version), { preview: true, ...options });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.contents.clear();
  }
}
