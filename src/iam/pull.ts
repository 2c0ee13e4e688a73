// Pull: a deployed role becomes a role manifest and its documents, in the layout the templates
// write (design.md): iam/roles/NAME/NAME.role.json beside its trust policy and inline policy
// documents, and each customer managed policy once in iam/policies/NAME.policy.json.
import { applyEdits, format } from 'jsonc-parser';
import { PolicyDocument, RoleManifest } from './roleModel';
import { RenderedFile } from './templates/types';

/** Where pulled and scaffolded files go, relative to the workspace folder. */
export const ROLES_FOLDER = 'iam/roles';
/** Where shared customer managed policies go, relative to the workspace folder. */
export const POLICIES_FOLDER = 'iam/policies';

/** JSON text as every written file has it: two-space indents, one value per line, a final newline. */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value);
  return applyEdits(text, format(text, undefined, { tabSize: 2, insertSpaces: true, eol: '\n', insertFinalNewline: true }));
}

/** GitHub's OIDC issuer, as a trust policy's federated principal names its provider. */
const GITHUB_OIDC = /:oidc-provider\/token\.actions\.githubusercontent\.com$/;

/**
 * The templates' name for a trust policy file, from whom it trusts: `ec2` when its only principal is
 * the service ec2.amazonaws.com, `github-actions` for GitHub's OIDC provider; else undefined.
 */
function trustedName(trust: PolicyDocument): string | undefined {
  const statements = Array.isArray(trust.Statement) ? trust.Statement : [trust.Statement];
  const names = new Set<string>();
  for (const statement of statements) {
    const principal = (statement as { Principal?: unknown } | undefined)?.Principal;
    if (typeof principal !== 'object' || principal === null) return undefined;
    for (const [kind, value] of Object.entries(principal)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const text = String(item);
        const name = kind === 'Service' ? /^([a-z0-9-]+)\.amazonaws\.com$/.exec(text)?.[1]
          : kind === 'Federated' && GITHUB_OIDC.test(text) ? 'github-actions' : undefined;
        if (!name) return undefined;
        names.add(name);
      }
    }
  }
  const [only] = names;
  return names.size === 1 ? only : undefined;
}

/**
 * A file name for each name, unique case-insensitively among them and beside `taken` (file systems
 * that ignore case would write two into one): the name itself, else the name with `-2`, `-3`, ...
 */
function uniqueFileNames(names: readonly string[], suffix: string, taken: readonly string[]): string[] {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  return names.map((name) => {
    let file = `${name}${suffix}`;
    for (let n = 2; used.has(file.toLowerCase()); n++) file = `${name}-${n}${suffix}`;
    used.add(file.toLowerCase());
    return file;
  });
}

/**
 * The files that describe `role` (as the account reader gives it, or any RoleManifest): the manifest
 * first, then its trust policy, its inline policy documents and its customer managed policies, each
 * path relative to the workspace folder (POSIX separators). The manifest names the trust policy and
 * every document by relative path, and leaves out what is empty, absent or IAM's default (path `/`,
 * 3600 seconds, no description, tags, boundary or instance profile), as the templates do, so that
 * loading the files gives back the same role. The trust file is named as the templates name it
 * (`ec2.trust.json`, `github-actions.trust.json`) when it trusts one service or GitHub, else after the role. Role and
 * policy names are IAM names (letters, digits and +=,.@_-), which are safe as file names.
 */
export function pullRole(role: RoleManifest): RenderedFile[] {
  const folder = `${ROLES_FOLDER}/${role.roleName}`;
  const trustFile = `${trustedName(role.trustPolicy) ?? role.roleName}.trust.json`;
  const inlineFiles = uniqueFileNames(role.inlinePolicies.map((p) => p.name), '.policy.json', [trustFile, `${role.roleName}.role.json`]);
  const manifest: Record<string, unknown> = {
    RoleName: role.roleName,
    ...(role.description ? { Description: role.description } : {}),
    ...(role.path !== '/' ? { Path: role.path } : {}),
    ...(role.maxSessionDuration !== 3600 ? { MaxSessionDuration: role.maxSessionDuration } : {}),
    AssumeRolePolicyDocument: `./${trustFile}`,
    ...(role.managedPolicyArns.length ? { ManagedPolicyArns: role.managedPolicyArns } : {}),
    ...(role.customerManagedPolicies.length ? {
      CustomerManagedPolicies: role.customerManagedPolicies.map((p) => ({
        PolicyName: p.name,
        ...(p.path !== '/' ? { Path: p.path } : {}),
        ...(p.description ? { Description: p.description } : {}),
        PolicyDocument: `../../policies/${p.name}.policy.json`,
      })),
    } : {}),
    ...(role.inlinePolicies.length ? {
      Policies: role.inlinePolicies.map((p, i) => ({ PolicyName: p.name, PolicyDocument: `./${inlineFiles[i]}` })),
    } : {}),
    ...(role.permissionsBoundary ? { PermissionsBoundary: role.permissionsBoundary } : {}),
    ...(role.tags.length ? { Tags: role.tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
    ...(role.instanceProfile ? { InstanceProfile: true } : {}),
  };
  return [
    { path: `${folder}/${role.roleName}.role.json`, text: formatJson(manifest) },
    { path: `${folder}/${trustFile}`, text: formatJson(role.trustPolicy) },
    ...role.inlinePolicies.map((p, i) => ({ path: `${folder}/${inlineFiles[i]}`, text: formatJson(p.document) })),
    ...role.customerManagedPolicies.map((p) => ({ path: `${POLICIES_FOLDER}/${p.name}.policy.json`, text: formatJson(p.document) })),
  ];
}
