import * as path from 'path';
import * as vscode from 'vscode';
import { RenderedFile, Template, TemplateParameter } from '../iam/templates/types';
import { planWrites } from '../iam/templates/writes';
import { ScaffoldDefaults } from './scaffoldDefaults';
import { Answer, BACK, ScaffoldPrompts, Step } from './scaffoldPrompts';

/** What one scaffolding command creates. */
export interface ScaffoldKind {
  readonly kind: Template['kind'];
  /** The command's title, shown in every step: "New Role from Template". */
  readonly title: string;
  /** What the template pick asks: "Pick a role from the workshop tutorials". */
  readonly question: string;
}

/** What the scaffolding commands need; prompts and defaults are looked up per run. */
export interface ScaffoldDeps {
  readonly templates: readonly Template[];
  prompts(): ScaffoldPrompts;
  defaults(): ScaffoldDefaults;
  readonly output: vscode.OutputChannel;
}

/** What a run wrote, as workspace-relative paths (POSIX separators); returned by the commands for tests. */
export interface ScaffoldResult {
  readonly template: string;
  readonly folder: string;
  readonly written: string[];
  /** Existing files identical to the template's (a shared policy another role wrote). */
  readonly reused: string[];
  /** Existing files the user chose to keep. */
  readonly skipped: string[];
  /** The file opened in the editor: the manifest or the policy. */
  readonly opened: string;
}

const TYPE_ANOTHER = '$(edit) Type another name…';

type TemplateItem = vscode.QuickPickItem & { template?: Template };
type FolderItem = vscode.QuickPickItem & { folder: vscode.Uri };

/** The answers so far; parameter answers are kept by name, so that going back and picking another template keeps them. */
interface Answers {
  template?: Template;
  readonly values: Map<string, string>;
  folder?: vscode.Uri;
}

/**
 * Asks for a template of `what.kind`, its parameters and (in a multi-root workspace, without `target`)
 * the folder, then writes the template's files under the folder and opens the main one. Resolves with
 * what was written, or undefined when the user cancelled or nothing could be written (the reason shown
 * to the user); never rejects.
 */
export async function scaffold(deps: ScaffoldDeps, what: ScaffoldKind, target?: vscode.Uri): Promise<ScaffoldResult | undefined> {
  try {
    return await run(deps, what, target);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    deps.output.appendLine(`${what.title}: ${message}`);
    void vscode.window.showErrorMessage(`${what.title}: ${message}`);
    return undefined;
  }
}

async function run(deps: ScaffoldDeps, what: ScaffoldKind, target: vscode.Uri | undefined): Promise<ScaffoldResult | undefined> {
  const templates = deps.templates.filter((t) => t.kind === what.kind);
  if (templates.length === 0) throw new Error(`no ${what.kind} templates are installed.`);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!target && folders.length === 0) {
    void vscode.window.showErrorMessage(`${what.title}: open a folder first; the files are written into it.`, 'Open Folder…').then((chosen) => {
      if (chosen) void vscode.commands.executeCommand('workbench.action.files.openFolder');
    });
    return undefined;
  }
  const prompts = deps.prompts();
  const defaults = deps.defaults();
  const answers: Answers = { values: new Map(), folder: target ?? (folders.length === 1 ? folders[0].uri : undefined) };
  const askFolder = !answers.folder;

  const steps = (): ((step: Step) => Promise<Answer<true>>)[] => [
    (step) => pickTemplate(prompts, step, templates, what, answers),
    ...(answers.template ?? templates[0]).parameters.map((p) => (step: Step) => askParameter(prompts, step, p, defaults, answers)),
    ...(askFolder ? [(step: Step) => pickFolder(prompts, step, folders, answers)] : []),
  ];
  for (let i = 0; i < steps().length;) {
    const current = steps();
    const answer = await current[i]({ title: what.title, step: i + 1, totalSteps: current.length });
    if (answer === undefined) return undefined;
    i = answer === BACK ? Math.max(0, i - 1) : i + 1;
  }
  const template = answers.template!;
  const params: Record<string, string> = Object.create(null);
  for (const p of template.parameters) params[p.name] = answers.values.get(p.name) ?? p.default;
  return write(prompts, template, template.render(params), answers.folder!, deps.output);
}

async function pickTemplate(prompts: ScaffoldPrompts, step: Step, templates: Template[], what: ScaffoldKind, answers: Answers): Promise<Answer<true>> {
  // Grouped by tutorial, in the order the tutorials first appear in the list.
  const byTutorial = new Map<string, Template[]>();
  for (const t of templates) byTutorial.set(t.tutorial, [...(byTutorial.get(t.tutorial) ?? []), t]);
  const items: TemplateItem[] = [];
  for (const [tutorial, group] of byTutorial) {
    items.push({ label: tutorial, kind: vscode.QuickPickItemKind.Separator });
    for (const template of group) items.push({ label: template.title, description: template.id, detail: template.description, template });
  }
  const picked = await prompts.pick(step, items, {
    placeholder: `${what.question} (type to filter)`,
    active: items.find((i) => i.template && i.template === answers.template),
  });
  if (picked === undefined || picked === BACK) return picked;
  if (!picked.template) return undefined;
  answers.template = picked.template;
  return true;
}

async function askParameter(prompts: ScaffoldPrompts, step: Step, parameter: TemplateParameter, defaults: ScaffoldDefaults, answers: Answers): Promise<Answer<true>> {
  const value = answers.values.get(parameter.name) ?? connectionDefault(parameter, defaults) ?? parameter.default;
  const input = (initial: string) => prompts.input(step, {
    prompt: parameter.prompt,
    value: initial,
    placeholder: parameter.rule,
    validate: (v) => parameter.validate(v),
  });
  let answer: Answer<string>;
  const repositories = parameter.kind === 'ecrRepository' ? await defaults.ecrRepositories() : undefined;
  if (repositories?.length) {
    type RepositoryItem = vscode.QuickPickItem & { name?: string };
    const items: RepositoryItem[] = [
      ...repositories.map((name) => ({ label: name, description: `in ${defaults.accountId} · ${defaults.region}`, name })),
      { label: TYPE_ANOTHER, description: parameter.rule },
    ];
    for (;;) {
      const picked = await prompts.pick(step, items, { placeholder: parameter.prompt, active: items.find((i) => i.name === value) });
      if (picked === undefined || picked === BACK) return picked;
      if (picked.name !== undefined) {
        answer = picked.name;
        break;
      }
      answer = await input(repositories.includes(value) ? '' : value);
      // Back from the typed name returns to the list of repositories, not to the step before.
      if (answer !== BACK) break;
    }
  } else {
    answer = await input(value);
  }
  if (answer === undefined || answer === BACK) return answer;
  answers.values.set(parameter.name, answer);
  return true;
}

function connectionDefault(parameter: TemplateParameter, defaults: ScaffoldDefaults): string | undefined {
  // Only the account the role lives in: another account id (a cross-account trust's) is not the connection's.
  if (parameter.kind === 'accountId' && parameter.name === 'accountId') return defaults.accountId;
  if (parameter.kind === 'region') return defaults.region;
  return undefined;
}

async function pickFolder(prompts: ScaffoldPrompts, step: Step, folders: readonly vscode.WorkspaceFolder[], answers: Answers): Promise<Answer<true>> {
  const items: FolderItem[] = folders.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f.uri }));
  const picked = await prompts.pick(step, items, {
    placeholder: 'Workspace folder to write the files into',
    active: items.find((i) => i.folder.toString() === answers.folder?.toString()),
  });
  if (picked === undefined || picked === BACK) return picked;
  answers.folder = picked.folder;
  return true;
}

/** A rendered path as URI parts under the folder; a template bug that would escape the folder is an error. */
function safeParts(file: string): string[] {
  const parts = file.split('/');
  if (path.posix.isAbsolute(file) || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`the template wrote the path "${file}", which is not a relative path inside the target folder.`);
  }
  return parts;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}

/**
 * Writes the rendered files: an identical existing file is reused silently, a different one only
 * after the user agrees (a refusal keeps it; a cancel writes nothing at all). Then opens the main file.
 */
async function write(prompts: ScaffoldPrompts, template: Template, files: readonly RenderedFile[], folder: vscode.Uri, output: vscode.OutputChannel): Promise<ScaffoldResult | undefined> {
  if (files.length === 0) throw new Error(`the template ${template.id} wrote no files.`);
  const relative = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);
  const main = vscode.Uri.joinPath(folder, ...safeParts(files[0].path));
  const result: ScaffoldResult = { template: template.id, folder: folder.fsPath, written: [], reused: [], skipped: [], opened: relative(main) };
  const uriOf = (file: RenderedFile) => vscode.Uri.joinPath(folder, ...safeParts(file.path));
  const existing = new Map<string, string | undefined>();
  for (const file of files) existing.set(file.path, await readText(uriOf(file)));
  const toWrite: { uri: vscode.Uri; text: string }[] = [];
  for (const { file, action } of planWrites(files, (p) => existing.get(p))) {
    const uri = uriOf(file);
    if (action === 'unchanged') {
      result.reused.push(relative(uri));
      continue;
    }
    if (action === 'overwrite') {
      const answer = await prompts.overwrite(relative(uri), `${template.title} writes a different ${path.posix.basename(file.path)}. Overwrite replaces the file; Skip keeps yours and writes the others.`);
      if (answer === undefined) return undefined;
      if (answer === 'skip') {
        result.skipped.push(relative(uri));
        continue;
      }
    }
    toWrite.push({ uri, text: file.text });
  }
  for (const { uri, text } of toWrite) {
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (e) {
      throw new Error(`could not write ${relative(uri)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    result.written.push(relative(uri));
  }
  output.appendLine(`${template.id}: wrote ${result.written.join(', ') || 'nothing'}${result.reused.length ? `; reused ${result.reused.join(', ')}` : ''}${result.skipped.length ? `; kept ${result.skipped.join(', ')}` : ''}`);
  await vscode.window.showTextDocument(main, { preview: false });
  void vscode.window.showInformationMessage(summary(template, result));
  return result;
}

function summary(template: Template, result: ScaffoldResult): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const parts = [`${template.title}: ${count(result.written.length, 'file')} written`];
  if (result.reused.length) parts.push(`${count(result.reused.length, 'identical file')} already there`);
  if (result.skipped.length) parts.push(`${count(result.skipped.length, 'existing file')} kept`);
  return `${parts.join(', ')}.`;
}
