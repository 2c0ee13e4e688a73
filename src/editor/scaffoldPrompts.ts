import * as vscode from 'vscode';

/** Where a prompt stands in its wizard; shown in the title as "step n of m". */
export interface Step {
  /** The command's title: "New Role from Template". */
  readonly title: string;
  readonly step: number;
  readonly totalSteps: number;
}

/** The answer of a prompt whose back button was pressed (a registered symbol, so that scripted prompts in tests can give it). */
export const BACK = Symbol.for('iamAuthor.scaffold.back');

/** A prompt's answer: the value, BACK, or undefined when the user cancelled (Escape). */
export type Answer<T> = T | typeof BACK | undefined;

export interface PickOptions<T> {
  readonly placeholder: string;
  /** The item selected when the pick opens (the previous answer, after going back). */
  readonly active?: T;
}

export interface InputOptions {
  readonly prompt: string;
  readonly value: string;
  readonly placeholder: string;
  /** The problem with a value in words, or undefined when it is valid; checked as the user types. */
  validate(value: string): string | undefined;
}

/** What an existing file that differs from the template's becomes. */
export type OverwriteAnswer = 'overwrite' | 'skip' | undefined;

/** The scaffolding commands' questions; the extension's API lets integration tests answer them. */
export interface ScaffoldPrompts {
  pick<T extends vscode.QuickPickItem>(step: Step, items: readonly T[], options: PickOptions<T>): Promise<Answer<T>>;
  input(step: Step, options: InputOptions): Promise<Answer<string>>;
  /** Asks, modally, whether to replace `file` (a workspace-relative path); undefined cancels everything. */
  overwrite(file: string, detail: string): Promise<OverwriteAnswer>;
}

const stepTitle = (step: Step) => `${step.title} (step ${step.step} of ${step.totalSteps})`;

/**
 * The real prompts: one quick pick or input box per step, with a back button from the second step on,
 * kept open when focus moves elsewhere so that a half-answered wizard is not lost.
 */
export const quickInputPrompts: ScaffoldPrompts = {
  pick(step, items, options) {
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.title = stepTitle(step);
    pick.placeholder = options.placeholder;
    pick.items = items;
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    if (options.active) pick.activeItems = [options.active];
    pick.buttons = step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    return show(pick, (resolve) => [
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
        if (chosen) resolve(chosen);
      }),
    ]);
  },

  input(step, options) {
    const box = vscode.window.createInputBox();
    box.title = stepTitle(step);
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.value = options.value;
    box.ignoreFocusOut = true;
    box.buttons = step.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    return show(box, (resolve) => [
      box.onDidChangeValue((value) => { box.validationMessage = options.validate(value); }),
      box.onDidAccept(() => {
        const problem = options.validate(box.value);
        box.validationMessage = problem;
        if (!problem) resolve(box.value);
      }),
    ]);
  },

  async overwrite(file, detail) {
    const chosen = await vscode.window.showWarningMessage(`${file} already exists.`, { modal: true, detail }, 'Overwrite', 'Skip');
    return chosen === 'Overwrite' ? 'overwrite' : chosen === 'Skip' ? 'skip' : undefined;
  },
};

/** Shows a quick input until it resolves (an answer), its back button is pressed, or it is hidden. */
function show<T>(
  input: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox,
  listen: (resolve: (value: T) => void) => vscode.Disposable[],
): Promise<Answer<T>> {
  return new Promise<Answer<T>>((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (answer: Answer<T>) => {
      vscode.Disposable.from(...disposables).dispose();
      input.dispose();
      resolve(answer);
    };
    disposables.push(
      ...listen(finish),
      input.onDidTriggerButton((button) => { if (button === vscode.QuickInputButtons.Back) finish(BACK); }),
      input.onDidHide(() => finish(undefined)),
    );
    input.show();
  });
}
