// Every template of the workshops, for the command palette, `iam-author templates` / `new` and the
// sample workspace.
import { POLICY_TEMPLATES } from './policies';
import { ROLE_TEMPLATES } from './roles';
import { TRUST_TEMPLATES } from './trust';
import { Template } from './types';

export type { ParameterKind, RenderedFile, Template, TemplateParameter } from './types';
export { RULES } from './validators';
export { planWrites } from './writes';
export type { PlannedWrite, WriteAction } from './writes';

/** Every template: roles, then policies, then trust policies, each in the order of the tutorials. */
export const TEMPLATES: readonly Template[] = [...ROLE_TEMPLATES, ...POLICY_TEMPLATES, ...TRUST_TEMPLATES];

const BY_ID = new Map(TEMPLATES.map((t) => [t.id, t]));

/** The template with this id (exact, case-sensitive); undefined for any other text. */
export function findTemplate(id: string): Template | undefined {
  return BY_ID.get(id);
}

/**
 * The answers a template renders with: each parameter's given value, or its default when not given.
 * Given values are not validated here (see each parameter's `validate`), and names the template does
 * not have are ignored; the result has no prototype, so no name can reach Object's properties.
 */
export function withDefaults(template: Template, given: ReadonlyMap<string, string>): Readonly<Record<string, string>> {
  const values: Record<string, string> = Object.create(null);
  for (const p of template.parameters) values[p.name] = given.get(p.name) ?? p.default;
  return values;
}
