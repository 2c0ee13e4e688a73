import { Action, Catalog } from '../catalogTypes';
import { Statement, StringValue } from '../document';
import { detached } from '../detached';
import { CleanTexts } from './cleanTexts';
import { CheckContext, closest, replaceString } from './context';
import { hasPlaceholder } from './variables';

/**
 * The actions an Action/NotAction string stands for; undefined when it is not a valid action name.
 * The catalog memoizes its answers (the same action appears in many statements, and several checks ask).
 */
export function resolveActions(ctx: CheckContext, value: string): readonly Action[] | undefined {
  if (value.indexOf(':') <= 0 && value !== '*') return undefined;
  return ctx.catalog.matchActions(value);
}

function checkAction(ctx: CheckContext, element: string, action: StringValue): void {
  const value = action.value;
  if (value === '*') return;
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1) {
    ctx.report('INVALID_ACTION', action, `"${value}" is not an action: write service:ActionName, such as s3:GetObject.`);
    return;
  }
  const service = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (/[*?]/.test(service)) {
    ctx.report('WILDCARD_IN_SERVICE_NAME', action, `"${value}" has a wildcard in its service prefix, which can match other services with similar names: name the service.`);
    if (resolveActions(ctx, value)!.length === 0) {
      ctx.report('ACTION_WILDCARD_MATCHES_NOTHING', action, `"${value}" matches no action of any service: correct the pattern.`);
    }
    return;
  }
  // Another tool's placeholder (<SERVICE>:GetObject) is checkVariables' one finding.
  if (hasPlaceholder(service)) return;
  if (!ctx.catalog.service(service)) {
    const retired = ctx.catalog.retiredService(service);
    if (retired) {
      ctx.report('RETIRED_SERVICE', { offset: action.offset, length: colon },
        `"${service}" is not in the Service Authorization Reference (${retired}), so IAM Author cannot check its actions and they may no longer grant anything.`);
      return;
    }
    const suggestions = memoOf(ctx).suggest(value, () => closest(service, ctx.catalog.services().map((s) => s.prefix)));
    ctx.report('INVALID_SERVICE_IN_ACTION', { offset: action.offset, length: colon },
      `"${service}" is no AWS service prefix (in ${element} "${value}")${suggestions.length ? `: did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ': check the service\'s prefix in the Service Authorization Reference.'}`,
      suggestions.map((s, i) => ({ title: `Change to "${s}:${name}"`, edits: [replaceString(action, `${s}:${name}`)], isPreferred: i === 0 })));
    return;
  }
  if (/[*?]/.test(name)) {
    if (resolveActions(ctx, value)!.length === 0) {
      ctx.report('ACTION_WILDCARD_MATCHES_NOTHING', action, `"${value}" matches no ${service} action, so it grants nothing: correct the pattern.`);
    }
    return;
  }
  if (ctx.catalog.action(service, name)) return;
  const suggestions = memoOf(ctx).suggest(value, () => closest(name, ctx.catalog.actions(service).map((a) => a.name)));
  ctx.report('INVALID_ACTION', action,
    `"${value}" is no ${service} action${suggestions.length ? `: did you mean ${suggestions.map((s) => `"${service}:${s}"`).join(' or ')}?` : ': check its name in the Service Authorization Reference.'}`,
    suggestions.map((s, i) => ({ title: `Change to "${service}:${s}"`, edits: [replaceString(action, `${service}:${s}`)], isPreferred: i === 0 })));
}

/** Action and NotAction: known services, known actions with "did you mean", wildcards that match something. */
export function checkActions(ctx: CheckContext, statement: Statement): void {
  for (const element of ['Action', 'NotAction']) {
    const p = statement.properties.get(element);
    if (!p) continue;
    const entries = p.strings;
    // "*" is no name to check (nor a reason to load the catalog).
    if (entries.every((action) => action.value === '*')) continue;
    const memo = memoOf(ctx);
    // What a list reports depends only on its text: a list seen before without finding is skipped
    // (one lookup of its text instead of one per entry), and so is an entry.
    const list = ctx.doc.text.slice(p.value.offset, p.value.offset + p.value.length);
    if (memo.cleanLists.has(list)) continue;
    const listBefore = ctx.findings.length;
    for (const action of entries) {
      if (action.value === '*' || memo.clean.has(action.value)) continue;
      const before = ctx.findings.length;
      checkAction(ctx, element, action);
      if (ctx.findings.length === before) {
        if (memo.clean.size >= 10_000) memo.clean.clear();
        memo.clean.add(detached(action.value));
      }
    }
    if (ctx.findings.length === listBefore) memo.cleanLists.add(list);
  }
}

/**
 * What checkAction found for entries seen before, per catalog: it depends only on the entry's text and
 * the catalog, and documents repeat their actions in statement after statement (and in every check of
 * an edited document). Both parts are bounded, as the texts come from documents.
 */
class ActionMemo {
  /** The entries that gave no finding: most of them, skipped at the cost of one lookup. */
  readonly clean = new Set<string>();
  /** The Action and NotAction values (the JSON of a list, or of one string) that gave no finding. */
  readonly cleanLists = new CleanTexts();
  /**
   * "Did you mean" per entry (of an unknown service or action): each search measures the distance to
   * every service or every action of the service, and AWS's own policies name a few dozen retired
   * actions again and again. By the whole entry: it decides which of the two searches applies.
   */
  private readonly suggestions = new Map<string, readonly string[]>();

  suggest(value: string, search: () => string[]): readonly string[] {
    let found = this.suggestions.get(value);
    if (!found) {
      if (this.suggestions.size >= 10_000) this.suggestions.clear();
      this.suggestions.set(detached(value), (found = search()));
    }
    return found;
  }
}

function memoOf(ctx: CheckContext): ActionMemo {
  let memo = memoByCatalog.get(ctx.catalog);
  if (!memo) memoByCatalog.set(ctx.catalog, (memo = new ActionMemo()));
  return memo;
}
const memoByCatalog = new WeakMap<Catalog, ActionMemo>();
