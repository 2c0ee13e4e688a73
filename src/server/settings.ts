// The client's `iamAuthor.*` settings, per document: pulled with workspace/configuration when the client
// supports it (VS Code, Neovim), else taken from the last didChangeConfiguration notification.
import { Connection } from 'vscode-languageserver/node';
import { Severity } from '../iam/findings';

export interface Settings {
  /** `iamAuthor.validate.enable`: publish diagnostics at all. */
  readonly validate: boolean;
  /** `iamAuthor.diagnostics.overrides`: a severity or 'off' per finding code. */
  readonly overrides: Readonly<Record<string, Severity | 'off'>>;
}

export const DEFAULT_SETTINGS: Settings = { validate: true, overrides: {} };

const OVERRIDE_VALUES = new Set<unknown>(['error', 'securityWarning', 'warning', 'suggestion', 'off']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the `iamAuthor` section as a client sends it; values of the wrong type fall back to the defaults. */
export function readSettings(section: unknown): Settings {
  if (!isRecord(section)) return DEFAULT_SETTINGS;
  const validate = isRecord(section.validate) ? section.validate.enable : undefined;
  const overrides: Record<string, Severity | 'off'> = {};
  const given = isRecord(section.diagnostics) ? section.diagnostics.overrides : undefined;
  if (isRecord(given)) {
    for (const [code, value] of Object.entries(given)) {
      if (OVERRIDE_VALUES.has(value)) overrides[code] = value as Severity | 'off';
    }
  }
  return { validate: typeof validate === 'boolean' ? validate : DEFAULT_SETTINGS.validate, overrides };
}

export class SettingsStore {
  private readonly byUri = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;
  /** Whether the client answers workspace/configuration requests; known once it has initialized. */
  canPull = false;

  constructor(private readonly connection: Connection) {}

  /** The settings that apply to a document; a failed request means the defaults. */
  get(uri: string): Promise<Settings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'iamAuthor' }).then(readSettings, (e: unknown) => {
        this.connection.console.error(`Reading the iamAuthor settings failed, using the defaults: ${e instanceof Error ? e.message : String(e)}`);
        return DEFAULT_SETTINGS;
      });
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** A didChangeConfiguration notification: forget pulled settings, or take the pushed ones. */
  changed(notificationSettings: unknown): void {
    this.byUri.clear();
    if (!this.canPull) this.pushed = readSettings(isRecord(notificationSettings) ? notificationSettings.iamAuthor : undefined);
  }

  /** A closed document's settings are pulled again if it is reopened. */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
