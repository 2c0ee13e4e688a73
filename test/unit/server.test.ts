import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import {
  CodeAction, CodeActionRequest, CompletionItem, CompletionRequest, ConfigurationRequest, createConnection, createProtocolConnection,
  Diagnostic, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentSymbol, DocumentSymbolRequest, Hover, HoverRequest, InitializeRequest, LogMessageNotification,
  DidChangeWatchedFilesNotification, FileChangeType, MessageType, ProposedFeatures, Registration, RegistrationRequest, ProtocolConnection, PublishDiagnosticsNotification, PublishDiagnosticsParams, Range, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter, TextEdit, DiagnosticRefreshRequest, DocumentDiagnosticRequest, WorkspaceDiagnosticRequest,
  CompletionList, CompletionResolveRequest, InitializeResult,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { AccountNamesNotification, startServer } from '../../src/server/server';
import { ValidationTiming } from '../../src/server/validation';

const fixtures = path.resolve(__dirname, '..', 'fixtures');
const seedUri = (name: string) => URI.file(path.join(fixtures, 'seeds', name)).toString();
const cliUri = (name: string) => URI.file(path.join(fixtures, 'cli', name)).toString();
const read = (file: string) => fs.readFileSync(path.join(fixtures, file), 'utf8');
const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

const INVALID_ACTION_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html'
  + '#access-analyzer-reference-policy-checks-error-invalid-action';

interface ClientOptions {
  /** What the client answers to workspace/configuration; undefined: it does not support that request. */
  configuration?: () => unknown;
  /** Whether the client lets the server register file watchers. */
  watchFiles?: boolean;
  /** The folders the client has open. */
  folders?: string[];
  /** Whether the client pulls diagnostics (textDocument/diagnostic, workspace/diagnostic). */
  pull?: boolean;
  /** Whether a pulling client takes refresh requests (workspace/diagnostic/refresh); default: when it pulls. */
  refresh?: boolean;
  /** Whether the client takes a completion list's itemDefaults (editRange, data). */
  itemDefaults?: boolean;
  timing?: ValidationTiming;
}

/** An LSP client driving a real server over an in-process stream pair; it waits on notifications, never on time. */
class Client {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: { type: MessageType; message: string }[] = [];
  readonly registrations: Registration[] = [];
  refreshes = 0;
  /** The server's answer to initialize. */
  initialized: InitializeResult | undefined;
  private readonly listeners = new Set<() => void>();
  private version = new Map<string, number>();

  private constructor(readonly connection: ProtocolConnection) {}

  static async start(options: ClientOptions = {}): Promise<Client> {
    const up = new PassThrough();
    const down = new PassThrough();
    startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down)), { timing: options.timing });
    const client = new Client(createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up)));
    client.connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.notify(() => client.published.push(p)));
    client.connection.onNotification(LogMessageNotification.type, (p) => client.notify(() => client.logs.push(p)));
    client.connection.onRequest(RegistrationRequest.type, (p) => client.notify(() => client.registrations.push(...p.registrations)));
    const { configuration, watchFiles = false, folders, pull = false, refresh = pull, itemDefaults = false } = options;
    if (configuration) client.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => configuration()));
    client.connection.onRequest(DiagnosticRefreshRequest.type, () => client.notify(() => client.refreshes++));
    client.connection.listen();
    // processId null: the server must not watch this test process and exit with it.
    client.initialized = await client.connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: folders?.map((f) => ({ uri: URI.file(f).toString(), name: path.basename(f) })) ?? null,
      capabilities: {
        workspace: {
          configuration: configuration !== undefined, didChangeWatchedFiles: { dynamicRegistration: watchFiles },
          ...(refresh ? { diagnostics: { refreshSupport: true } } : {}),
        },
        textDocument: {
          ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
          ...(itemDefaults ? { completion: { completionList: { itemDefaults: ['editRange', 'data'] } } } : {}),
        },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  notify(record: () => void): void {
    record();
    for (const listener of [...this.listeners]) listener();
  }

  /** Resolves with the first value `probe` returns from what has arrived so far or arrives next. */
  waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; published: ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.map((d) => d.code)]))}`));
      }, 5000);
      this.listeners.add(check);
      check();
    });
  }

  /** The diagnostics published for `uri` after the first `after` publications, once `accept` holds for them. */
  diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, after = 0): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri}`, () => this.published.slice(after).filter((p) => p.uri === uri).map((p) => p.diagnostics).find(accept));
  }

  open(uri: string, text: string): void {
    this.version.set(uri, 1);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text } });
  }

  change(uri: string, text: string): number {
    const version = (this.version.get(uri) ?? 0) + 1;
    this.version.set(uri, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    this.connection.dispose();
  }
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('the language server', () => {
  let client: Client;
  let configuration: unknown;

  beforeEach(async () => {
    configuration = {};
    client = await Client.start({ configuration: () => configuration });
  });
  afterEach(() => client.stop());

  it('publishes a seed mistake with source, code, documentation link and exact range', async () => {
    const uri = seedUri('001/write-ecr.policy.json');
    client.open(uri, read('seeds/001/write-ecr.policy.json'));
    const diagnostics = await client.diagnostics(uri);
    assert.deepStrictEqual(diagnostics, [{
      range: range(8, 9, 8, 31),
      severity: 1,
      code: 'INVALID_ACTION',
      codeDescription: { href: INVALID_ACTION_DOC },
      source: 'IAM Author',
      message: '"ecr:InitialLayerUpload" is no ecr action: did you mean "ecr:InitiateLayerUpload"?',
      data: { version: 1, offset: 182, length: 22 },
    }]);
    assert.strictEqual(client.published.find((p) => p.uri === uri)?.version, 1);
  });

  it('offers the finding\'s fix as a preferred quick fix, and the diagnostic goes once it is applied', async () => {
    const uri = seedUri('001/write-ecr.policy.json');
    const text = read('seeds/001/write-ecr.policy.json');
    client.open(uri, text);
    const [diagnostic] = await client.diagnostics(uri);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
    }) as CodeAction[];
    assert.deepStrictEqual(actions, [{
      title: 'Change to "ecr:InitiateLayerUpload"',
      kind: 'quickfix',
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: range(8, 9, 8, 31), newText: 'ecr:InitiateLayerUpload' }] } },
    }]);
    const before = client.published.length;
    client.change(uri, applyEdits(text, actions[0].edit!.changes![uri]));
    assert.deepStrictEqual(await client.diagnostics(uri, () => true, before), []);
  });

  it('answers code actions from the current text when the last check is older', async () => {
    const uri = cliUri('typo.policy.json');
    client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}');
    await client.diagnostics(uri);
    // The typo moves right by two characters; the code action comes before the debounced check.
    client.change(uri, '{  "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}');
    const moved: Diagnostic = { range: range(0, 73, 0, 86), severity: 1, code: 'INVALID_ACTION', source: 'IAM Author', message: '' };
    const [action] = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: moved.range, context: { diagnostics: [moved] },
    }) as CodeAction[];
    assert.deepStrictEqual(action.edit, { changes: { [uri]: [{ range: moved.range, newText: 's3:GetObject' }] } });
  });

  it('maps severities: security warning to Warning, suggestion to Information', async () => {
    const trust = seedUri('003/github-actions.trust.json');
    client.open(trust, read('seeds/003/github-actions.trust.json'));
    const policy = cliUri('odd name/assets.policy.jsonc');
    client.open(policy, read('cli/odd name/assets.policy.jsonc'));
    assert.deepStrictEqual((await client.diagnostics(trust)).map((d) => [d.code, d.severity, d.range]),
      [['MISSING_GITHUB_REPO_CONDITION_KEY', 2, range(5, 35, 5, 110)]]);
    assert.deepStrictEqual((await client.diagnostics(policy)).map((d) => [d.code, d.severity, d.range]),
      [['EMPTY_SID_VALUE', 3, range(4, 13, 4, 15)]]);
  });

  it('checks every change at once while checks are cheap', async () => {
    const uri = cliUri('typing.policy.json');
    client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
    await client.diagnostics(uri);
    const second = client.change(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get", "Resource": "*"}]}');
    const atSecond = await client.waitFor('version 2', () => client.published.find((p) => p.uri === uri && p.version === second));
    assert.deepStrictEqual(atSecond.diagnostics.map((d) => d.code), ['INVALID_ACTION']);
    const third = client.change(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}');
    const atThird = await client.waitFor('version 3', () => client.published.find((p) => p.uri === uri && p.version === third));
    assert.deepStrictEqual(atThird.diagnostics.map((d) => d.code), ['INVALID_EFFECT']);
    assert.deepStrictEqual(client.published.filter((p) => p.uri === uri).map((p) => p.version), [1, 2, 3]);
  });

  it('offers a fix found by the data the diagnostic carries, when the client sends its range in other units', async () => {
    const uri = cliUri('bytes.policy.json');
    // Neovim 0.7 sends columns back in bytes: after "é" (2 bytes, 1 UTF-16 unit) every column is one more.
    const text = '{"Version": "2012-10-17", /* café */ "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}';
    client.open(uri, text);
    const [diagnostic] = await client.diagnostics(uri);
    assert.deepStrictEqual([diagnostic.code, diagnostic.range], ['INVALID_ACTION', range(0, 82, 0, 95)]);
    const inBytes: Diagnostic = { ...diagnostic, range: range(0, 83, 0, 96) };
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: inBytes.range, context: { diagnostics: [inBytes] },
    }) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => [a.title, a.edit]), [['Change to "s3:GetObject"', { changes: { [uri]: [{ range: range(0, 82, 0, 95), newText: 's3:GetObject' }] } }]]);
    const { data, ...withoutData } = inBytes;
    assert.deepStrictEqual(data, { version: 1, offset: 82, length: 13 });
    assert.deepStrictEqual(await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: inBytes.range, context: { diagnostics: [withoutData] },
    }), []);
  });

  it('sends completion items lean, with the shared range once, and their detail and documentation on resolve', async () => {
    await client.stop();
    client = await Client.start({ configuration: () => configuration, itemDefaults: true });
    const uri = cliUri('lean.policy.json');
    client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:PutIm"], "Resource": "*"}]}');
    const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 80 } }) as CompletionList;
    assert.deepStrictEqual(list.itemDefaults, { editRange: range(0, 72, 0, 81), data: { id: 1 } });
    const put = list.items.find((i) => i.label === 'ecr:PutImage')!;
    assert.deepStrictEqual(put, { label: 'ecr:PutImage', kind: 3 });
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, { ...put, data: { id: 1 } });
    assert.strictEqual(resolved.detail, 'Write');
    assert.match((resolved.documentation as { value: string }).value, /^Grants permission to create or update the image manifest/);
  });

  it('resolves an action\'s documentation with its dependent actions, linked', async () => {
    const uri = cliUri('dependent.policy.json');
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["lambda:CreateF"], "Resource": "*"}]}';
    client.open(uri, text);
    const position = { line: 0, character: text.indexOf('CreateF"') + 'CreateF'.length };
    const items = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as CompletionItem[];
    const create = items.find((i) => i.label === 'lambda:CreateFunction')!;
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, create);
    const reference = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
    assert.deepStrictEqual(resolved.documentation, {
      kind: 'markdown',
      value: 'Grants permission to create an AWS Lambda function\n\nResource types: `function`\n\n' +
        `Dependent actions (permissions the call may also need): [\`iam:PassRole\`](${reference}/list_awsidentityandaccessmanagementiam.html#awsidentityandaccessmanagementiam-PassRole)\n\n` +
        `[Service Authorization Reference](${reference}/list_awslambda.html#awslambda-CreateFunction)`,
    });
  });

  it('offers the connected account\'s ECR repositories once the editor hands them over', async () => {
    const uri = cliUri('account.policy.json');
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": ""}]}';
    client.open(uri, text);
    const at = { textDocument: { uri }, position: { line: 0, character: text.indexOf('""') + 1 } };
    const before = await client.connection.sendRequest(CompletionRequest.type, at) as CompletionItem[];
    assert.deepStrictEqual(before.map((i) => i.label), ['*', 'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}']);
    const repository = 'arn:aws:ecr:eu-west-1:111122223333:repository/web';
    await client.connection.sendNotification(AccountNamesNotification, {
      account: '111122223333', roles: [{ name: 'deploy', arn: 'arn:aws:iam::111122223333:role/deploy' }], repositories: [{ name: 'web', arn: repository }],
    });
    const after = await client.connection.sendRequest(CompletionRequest.type, at) as CompletionItem[];
    assert.deepStrictEqual(after.map((i) => [i.label, i.textEdit]), [
      ['*', { range: range(0, 104, 0, 104), newText: '*' }],
      [repository, { range: range(0, 104, 0, 104), newText: repository }],
      ['arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}', { range: range(0, 104, 0, 104), newText: 'arn:aws:ecr:${Region}:${Account}:repository/${RepositoryName}' }],
    ]);
    await client.connection.sendNotification(AccountNamesNotification, null);
    assert.strictEqual((await client.connection.sendRequest(CompletionRequest.type, at) as CompletionItem[]).length, 2);
  });

  it('turns codes off and changes severities by the overrides setting, again when it changes', async () => {
    configuration = { diagnostics: { overrides: { INVALID_ACTION: 'off', INVALID_VERSION: 'warning', MISSING_VERSION: 'loud' } } };
    const uri = cliUri('overrides.policy.json');
    client.open(uri, '{"Version": "2017-09-11", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}');
    assert.deepStrictEqual((await client.diagnostics(uri)).map((d) => [d.code, d.severity]), [['INVALID_VERSION', 2]]);
    configuration = { diagnostics: { overrides: {} } };
    const before = client.published.length;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepStrictEqual((await client.diagnostics(uri, () => true, before)).map((d) => [d.code, d.severity]),
      [['INVALID_VERSION', 1], ['INVALID_ACTION', 1]]);
  });

  it('publishes nothing while validate.enable is false', async () => {
    configuration = { validate: { enable: false } };
    const uri = seedUri('001/write-ecr.policy.json');
    client.open(uri, read('seeds/001/write-ecr.policy.json'));
    assert.deepStrictEqual(await client.diagnostics(uri), []);
    configuration = { validate: { enable: true } };
    const before = client.published.length;
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepStrictEqual((await client.diagnostics(uri, () => true, before)).map((d) => d.code), ['INVALID_ACTION']);
  });

  it('publishes a manifest\'s findings in the file it refers to, and clears them when that file is fixed in the editor', async () => {
    const manifest = cliUri('manifest/web.role.json');
    const policy = cliUri('manifest/read-assets.json');
    client.open(manifest, read('cli/manifest/web.role.json'));
    assert.deepStrictEqual(await client.diagnostics(manifest), []);
    // The object ARN is there for the misspelt s3:GetObject: one finding for one mistake, the misspelling.
    assert.deepStrictEqual((await client.diagnostics(policy)).map((d) => [d.code, d.range]), [['INVALID_ACTION', range(5, 35, 5, 48)]]);
    // read-assets.json is no policy by its name: opened, it is checked only as the manifest's policy.
    const before = client.published.length;
    client.open(policy, read('cli/manifest/read-assets.json').replace('s3:GetObjects', 's3:GetObject'));
    assert.deepStrictEqual(await client.diagnostics(policy, (d) => d.length === 0, before), []);
    client.close(manifest);
    await client.diagnostics(manifest, (d) => d.length === 0, before);
  });

  it('reports a missing referenced file at the reference', async () => {
    const manifest = cliUri('manifest/other.role.json');
    client.open(manifest, '{ "RoleName": "Other", "AssumeRolePolicyDocument": "./nowhere.trust.json" }');
    assert.deepStrictEqual((await client.diagnostics(manifest)).map((d) => [d.code, d.range, d.message]),
      [['MISSING_FILE', range(0, 52, 0, 72), '"./nowhere.trust.json" does not exist (paths are relative to the manifest\'s folder): create it, or correct the path.']]);
  });

  it('clears a document\'s diagnostics when it closes', async () => {
    const uri = seedUri('001/write-ecr.policy.json');
    client.open(uri, read('seeds/001/write-ecr.policy.json'));
    await client.diagnostics(uri, (d) => d.length === 1);
    const before = client.published.length;
    client.close(uri);
    assert.deepStrictEqual(await client.diagnostics(uri, () => true, before), []);
  });

  it('checks JSON that looks like a policy whatever its name, and no other JSON', async () => {
    client.open('untitled:Untitled-1', '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${aws:username}/*"}]}');
    assert.deepStrictEqual((await client.diagnostics('untitled:Untitled-1')).map((d) => d.code), ['VARIABLE_UNSUPPORTED_IN_VERSION']);
    const pkg = cliUri('package.json');
    client.open(pkg, '{ "name": "x", "Action": "ecr:PutImage", "Statement": "s3:GetObjects" }');
    assert.deepStrictEqual(await client.diagnostics(pkg), []);
    assert.strictEqual(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: pkg }, position: { line: 0, character: 30 } }), null);
  });

  it('answers hover, completion and the outline', async () => {
    const uri = cliUri('features.policy.json');
    client.open(uri, [
      '{"Version": "2012-10-17", "Statement": [',
      '  {"Sid": "Push", "Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*"},',
      '  {"Effect": "Deny", "Action": "ecr:PutIm", "Resource": "*"}',
      ']}',
    ].join('\n'));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 52 } }) as Hover;
    assert.deepStrictEqual(hover.range, range(1, 47, 1, 61));
    assert.match((hover.contents as { value: string }).value, /^\*\*ecr:PutImage\*\* — Write/);
    const items = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 41 } }) as CompletionItem[];
    const putImage = items.find((i) => i.label === 'ecr:PutImage');
    assert.deepStrictEqual(putImage?.textEdit, { range: range(2, 32, 2, 41), newText: 'ecr:PutImage' });
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    assert.deepStrictEqual(symbols.map((s) => [s.name, s.detail, s.range, s.selectionRange]), [
      ['Push', 'Allow', range(1, 2, 1, 79), range(1, 10, 1, 16)],
      ['Statement 2', 'Deny', range(2, 2, 2, 60), range(2, 2, 2, 60)],
    ]);
  });

  it('outlines a manifest by its trust policy and policies', async () => {
    const uri = cliUri('manifest/web.role.json');
    client.open(uri, read('cli/manifest/web.role.json'));
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    assert.deepStrictEqual(symbols.map((s) => [s.name, s.detail, s.children]), [
      ['AssumeRolePolicyDocument', 'trust policy: ./web.trust.json', []],
      ['read-assets', 'inline policy: ./read-assets.json', []],
    ]);
  });

  it('answers a request that fails with an empty result and a logged error, and keeps serving', async () => {
    const uri = cliUri('features.policy.json');
    client.open(uri, '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*"}]}');
    const broken = { textDocument: { uri }, position: null } as never;
    assert.strictEqual(await client.connection.sendRequest(HoverRequest.type, broken), null);
    assert.deepStrictEqual(await client.connection.sendRequest(CompletionRequest.type, broken), []);
    const logged = await client.waitFor('the logged error', () => client.logs.find((l) => l.message.startsWith(`Hover of ${uri} failed: TypeError`)));
    assert.strictEqual(logged.type, MessageType.Error);
    assert.ok(client.logs.some((l) => l.type === MessageType.Error && l.message.startsWith(`Completion of ${uri} failed: TypeError`)));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 80 } });
    assert.notStrictEqual(hover, null);
  });
});

describe('the language server and files that change on disk', () => {
  let folder: string;
  let client: Client;
  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-server-'));
    client = await Client.start({ configuration: () => ({}), watchFiles: true });
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('watches JSON files and checks a manifest again when a file it refers to appears', async () => {
    const registration = await client.waitFor('a file watcher', () => client.registrations[0]);
    assert.deepStrictEqual([registration.method, registration.registerOptions], ['workspace/didChangeWatchedFiles', { watchers: [{ globPattern: '**/*.{json,jsonc}' }] }]);
    const manifest = URI.file(path.join(folder, 'app.role.json')).toString();
    client.open(manifest, '{ "RoleName": "App", "AssumeRolePolicyDocument": "./app.trust.json" }');
    assert.deepStrictEqual((await client.diagnostics(manifest)).map((d) => d.code), ['MISSING_FILE']);
    const trust = path.join(folder, 'app.trust.json');
    fs.writeFileSync(trust, read('cli/manifest/web.trust.json').replace('"Version": "2012-10-17"', '"Version": "2017-09-11"'));
    const before = client.published.length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(trust).toString(), type: FileChangeType.Created }] });
    assert.deepStrictEqual(await client.diagnostics(manifest, () => true, before), []);
    assert.deepStrictEqual((await client.diagnostics(URI.file(trust).toString())).map((d) => [d.code, d.range]), [['INVALID_VERSION', range(1, 14, 1, 24)]]);
  });

  it('gives a document too large or too deeply nested to check one notice, and empty answers', async () => {
    const deep = URI.file(path.join(folder, 'deep.policy.json')).toString();
    client.open(deep, `{"Version": "2012-10-17", "Statement": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    assert.deepStrictEqual((await client.diagnostics(deep)).map((d) => [d.code, d.range]), [['DOCUMENT_TOO_LARGE', range(0, 0, 0, 1)]]);
    const large = URI.file(path.join(folder, 'large.policy.json')).toString();
    client.open(large, `{"Version": "2012-10-17", "Statement": [], "Id": "${'x'.repeat(5_000_000)}"}`);
    assert.deepStrictEqual((await client.diagnostics(large)).map((d) => d.code), ['DOCUMENT_TOO_LARGE']);
    for (const uri of [deep, large]) {
      assert.strictEqual(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 5 } }), null);
      assert.deepStrictEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
    }
    assert.deepStrictEqual(client.logs.filter((l) => l.type === MessageType.Error), []);
  });
});

describe('the language server and the workspace', () => {
  let folder: string;
  let client: Client | undefined;
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
    return URI.file(path.join(folder, name)).toString();
  };
  const typo = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjects", "Resource": "*"}]}';
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-author-workspace-'));
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the findings of the workspace\'s IAM files that were never opened, and only theirs', async () => {
    const policy = write('iam/policies/app.policy.json', typo);
    const trust = write('iam/roles/app/app.trust.json', read('cli/manifest/web.trust.json').replace('"Version": "2012-10-17"', '"Version": "2017-09-11"'));
    write('iam/other.json', typo);
    write('node_modules/x/x.policy.json', typo);
    write('.git/y.policy.json', typo);
    client = await Client.start({ configuration: () => ({}), folders: [folder] });
    assert.deepStrictEqual((await client.diagnostics(policy)).map((d) => [d.code, d.range]), [['INVALID_ACTION', range(0, 71, 0, 84)]]);
    assert.deepStrictEqual((await client.diagnostics(trust)).map((d) => [d.code, d.range]), [['INVALID_VERSION', range(1, 14, 1, 24)]]);
    await client.waitFor('both files', () => (client!.published.length >= 2 ? true : undefined));
    assert.deepStrictEqual([...new Set(client.published.map((p) => p.uri))].sort(), [policy, trust].sort());
  });

  it('keeps a closed workspace file\'s findings from its text on disk', async () => {
    const policy = write('app.policy.json', typo);
    client = await Client.start({ configuration: () => ({}), folders: [folder] });
    await client.diagnostics(policy, (d) => d.length === 1);
    client.open(policy, typo.replace('s3:GetObjects', 's3:GetObject'));
    await client.diagnostics(policy, (d) => d.length === 0);
    const before = client.published.length;
    client.close(policy);
    assert.deepStrictEqual((await client.diagnostics(policy, () => true, before)).map((d) => d.code), ['INVALID_ACTION']);
  });

  it('answers pulls: a document\'s diagnostics, unchanged when the client has them, and every workspace file\'s', async () => {
    const policy = write('app.policy.json', typo);
    const other = write('other.policy.json', typo.replace('"Allow"', '"allow"').replace('s3:GetObjects', 's3:GetObject'));
    client = await Client.start({ configuration: () => ({}), folders: [folder], pull: true });
    const c = client;
    const full = await c.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: policy } });
    assert.strictEqual(full.kind, 'full');
    if (full.kind !== 'full') return;
    assert.deepStrictEqual(full.items.map((d) => [d.code, d.range]), [['INVALID_ACTION', range(0, 71, 0, 84)]]);
    assert.deepStrictEqual(await c.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: policy }, previousResultId: full.resultId }),
      { kind: 'unchanged', resultId: full.resultId });
    const reportOf = async () => {
      for (;;) {
        const report = await c.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [{ uri: policy, value: full.resultId! }] });
        if (report.items.length === 2) return report;
        await c.waitFor('a refresh request', () => (c.refreshes > 0 ? true : undefined));
      }
    };
    const report = await reportOf();
    assert.deepStrictEqual(report.items.map((i) => [i.uri, i.kind, i.kind === 'full' ? i.items.map((d) => d.code) : []]).sort(),
      [[policy, 'unchanged', []], [other, 'full', ['INVALID_EFFECT']]].sort());
    assert.deepStrictEqual(c.published, [], 'a pulling client is never pushed to');
  });

  it('pushes to a client that pulls but cannot be asked to pull again (Neovim 0.10), files never opened included', async () => {
    const policy = write('app.policy.json', typo);
    const other = write('other.policy.json', typo.replace('"Allow"', '"allow"').replace('s3:GetObjects', 's3:GetObject'));
    client = await Client.start({ configuration: () => ({}), folders: [folder], pull: true, refresh: false });
    assert.strictEqual(client.initialized?.capabilities.diagnosticProvider, undefined, 'no pull diagnostics offered');
    assert.deepStrictEqual((await client.diagnostics(other)).map((d) => [d.code, d.range]), [['INVALID_EFFECT', range(0, 52, 0, 57)]]);
    client.open(policy, typo);
    assert.deepStrictEqual((await client.diagnostics(policy)).map((d) => [d.code, d.range]), [['INVALID_ACTION', range(0, 71, 0, 84)]]);
  });

  it('waits for a pause in typing before checking a document whose checks are not cheap', async () => {
    client = await Client.start({ configuration: () => ({}), timing: { debounceMs: 150, cheapCheckMs: 0, batchMs: 15 } });
    const uri = write('typing.policy.json', '');
    client.open(uri, typo);
    await client.diagnostics(uri);
    client.change(uri, typo.replace('"Allow"', '"allow"'));
    const last = client.change(uri, typo.replace('s3:GetObjects', 's3:Get'));
    const published = await client.waitFor('the last version', () => client!.published.find((p) => p.uri === uri && p.version === last));
    assert.deepStrictEqual(published.diagnostics.map((d) => d.code), ['INVALID_ACTION']);
    assert.deepStrictEqual(client.published.filter((p) => p.uri === uri).map((p) => p.version), [1, 3]);
  });
});

describe('the language server with settings pushed by the client', () => {
  it('reads iamAuthor settings from didChangeConfiguration when the client has no workspace/configuration', async () => {
    const client = await Client.start();
    try {
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { iamAuthor: { diagnostics: { overrides: { INVALID_ACTION: 'suggestion' } } } },
      });
      const uri = seedUri('001/write-ecr.policy.json');
      client.open(uri, read('seeds/001/write-ecr.policy.json'));
      assert.deepStrictEqual((await client.diagnostics(uri)).map((d) => [d.code, d.severity]), [['INVALID_ACTION', 3]]);
    } finally {
      await client.stop();
    }
  });
});
