import { getNodeValue, Node } from 'jsonc-parser';
import * as path from 'path';
import { FindingCollector, parseForCheck, tooLarge } from './checks/context';
import { keyOf, ParsedDocument, properties, Property, propertyMap, StringValue, stringValue } from './document';
import { replaceString } from './edits';
import { Finding } from './findings';
import { CustomerManagedPolicy, InlinePolicy, PolicyDocument, RoleManifest, SourceRange, Tag } from './roleModel';

// Loading a role manifest is separate from checking it: the loader reads the manifest and every
// document it refers to (each file once), reports what keeps it from being a role (wrong types,
// missing parts, unreadable files, unknown properties) and builds the RoleManifest that diff, apply
// and pull use; checks/manifest.ts reports the rules of IAM on what was loaded.

/** Reads a document a manifest refers to; undefined when it does not exist or cannot be read. */
export type ReadFile = (absPath: string) => string | undefined;

/** The properties a role manifest may have (CloudFormation's `AWS::IAM::Role` names, and `InstanceProfile`). */
export const MANIFEST_PROPERTIES: readonly string[] = ['RoleName', 'Description', 'Path', 'MaxSessionDuration', 'AssumeRolePolicyDocument',
  'ManagedPolicyArns', 'CustomerManagedPolicies', 'Policies', 'PermissionsBoundary', 'Tags', 'InstanceProfile'];

/** The properties of each entry of a manifest's policy lists. */
const ENTRY_PROPERTIES: Readonly<Record<PolicyList, readonly string[]>> = {
  CustomerManagedPolicies: ['PolicyName', 'Description', 'Path', 'PolicyDocument'],
  Policies: ['PolicyName', 'PolicyDocument'],
};

/** The two lists of policies a manifest defines: customer managed (owned) and inline. */
export type PolicyList = 'CustomerManagedPolicies' | 'Policies';

/** A policy document a manifest names, inline or in a referenced file, as loaded. */
export interface ManifestDocument {
  /** Where the manifest names it, as a `sources` path: `AssumeRolePolicyDocument`, `Policies/0/PolicyDocument`. */
  readonly path: string;
  readonly kind: 'identity' | 'trust';
  /** The manifest property whose value is the document or the reference to its file. */
  readonly property: Property;
  /** The referenced file (absolute); absent for a document written inside the manifest. */
  readonly file?: string;
  /** The parsed file, or the manifest itself for an inline document. */
  readonly doc: ParsedDocument;
  /** The document's node in `doc` (the file's root, or the inline object). */
  readonly node: Node;
  /** The document as plain JSON, comments stripped. */
  readonly value: PolicyDocument;
}

/** One entry of `CustomerManagedPolicies` or `Policies`, as loaded. */
export interface ManifestPolicyEntry {
  readonly list: PolicyList;
  readonly index: number;
  readonly node: Node;
  /** Every property of the entry, in order. */
  readonly properties: readonly Property[];
  readonly name?: Property;
  readonly description?: Property;
  /** Undefined when the entry has no PolicyDocument, or it could not be loaded. */
  readonly document?: ManifestDocument;
}

/** What loading a manifest gives: the role when it could be built, and the problems found on the way. */
export interface ManifestLoad {
  /**
   * Undefined when a finding below is an error, or a document could not be read: a role built from
   * it would not be the one written.
   */
  readonly manifest?: RoleManifest;
  /** Findings of the manifest (no `file`) and of its referenced files (`file` set), in the order found. */
  readonly findings: readonly Finding[];
}

/** A loaded manifest with its parse, for the checks that report on it. */
export interface LoadedManifest extends ManifestLoad {
  readonly doc: ParsedDocument;
  /** The known top-level properties by name, the first of duplicates; empty when the root is not an object. */
  readonly properties: ReadonlyMap<string, Property>;
  /** Every document the manifest names, loaded, in the order it names them. */
  readonly documents: readonly ManifestDocument[];
  /** Every object entry of the two policy lists, in order. */
  readonly policies: readonly ManifestPolicyEntry[];
  /** The strings of ManagedPolicyArns with their ranges (other members are reported and skipped). */
  readonly managedPolicyArns: readonly StringValue[];
  /** Every file the manifest refers to (absolute), once, in the order it first names them, whether or not it could be read. */
  readonly files: readonly string[];
}

/** A `sources` path segment, escaped as in a JSON pointer: condition keys such as `aws:PrincipalTag/team` hold slashes. */
function segment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A `sources` path from its segments: `Policies/0/PolicyDocument/Statement/1` (JSON pointer escaping). */
export function sourcePath(...segments: readonly (string | number)[]): string {
  return segments.map(segment).join('/');
}

/** Records the range of a node and of every property and element below it, under `prefix`. */
function recordSources(node: Node, prefix: string, file: string, into: Map<string, SourceRange>): void {
  if (!into.has(prefix)) into.set(prefix, { file, offset: node.offset, length: node.length });
  const join = (key: string | number) => (prefix ? `${prefix}/${segment(key)}` : segment(key));
  if (node.type === 'object') {
    for (const p of properties(node)) recordSources(p.value, join(p.key), file, into);
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => recordSources(child, join(i), file, into));
  }
}

/** A referenced file as loaded: parsed, missing, or unusable (too large, not an object: reported in the file). */
type LoadedFile = { readonly doc: ParsedDocument; readonly node: Node } | 'missing' | 'unusable';

/** The loader's state while it reads one manifest. */
class Loader {
  readonly ctx: FindingCollector;
  /** Findings of each referenced file, by its absolute path. */
  readonly fileFindings = new Map<string, Finding[]>();
  readonly documents: ManifestDocument[] = [];
  /** Every referenced file, once, in the order the manifest first names it. */
  readonly referenced: string[] = [];
  readonly sources = new Map<string, SourceRange>();
  /** Each referenced file loaded once, by kind and absolute path. */
  private readonly files = new Map<string, LoadedFile>();
  private readonly dir: string;

  constructor(readonly doc: ParsedDocument, readonly file: string, private readonly readFile: ReadFile | undefined) {
    this.ctx = new FindingCollector(doc);
    this.dir = path.dirname(file);
  }

  fileReport(file: string, finding: Finding): void {
    const list = this.fileFindings.get(file) ?? [];
    list.push({ ...finding, file });
    this.fileFindings.set(file, list);
  }

  missing(ref: StringValue): void {
    this.ctx.report('MISSING_FILE', ref, `"${ref.value}" does not exist (paths are relative to the manifest's folder): create it, or correct the path.`);
  }

  string(p: Property | undefined): string | undefined {
    if (!p) return undefined;
    const s = stringValue(p.value);
    if (!s) this.ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} must be a string.`);
    return s?.value;
  }

  /** A referenced file, read and parsed once for each kind it is used as; 'missing' when it cannot be read. */
  private loadFile(target: string, kind: 'identity' | 'trust'): LoadedFile {
    const cacheKey = `${kind}:${target}`;
    const cached = this.files.get(cacheKey);
    if (cached) return cached;
    let loaded: LoadedFile = 'unusable';
    const text = this.readFile?.(target);
    const checked = text === undefined ? undefined : parseForCheck(text, target, kind);
    if (text === undefined || checked === undefined) {
      loaded = 'missing';
    } else if ('refused' in checked) {
      this.fileReport(target, tooLarge(text, checked.refused));
    } else {
      const parsed = checked.doc;
      const fileCtx = new FindingCollector(parsed, target);
      for (const e of parsed.syntaxErrors) fileCtx.report('JSON_SYNTAX_ERROR', e, `JSON syntax error: ${e.message}`);
      if (parsed.root?.type === 'object') loaded = { doc: parsed, node: parsed.root };
      else fileCtx.report('DATA_TYPE_MISMATCH', parsed.root ?? { offset: 0, length: 0 }, 'A policy document is a JSON object with Version and Statement.');
      for (const f of fileCtx.findings) this.fileReport(target, f);
    }
    this.files.set(cacheKey, loaded);
    return loaded;
  }

  /** The document at a property: an inline object, or a relative file read through readFile. */
  document(p: Property, kind: 'identity' | 'trust', at: string): ManifestDocument | undefined {
    if (p.value.type === 'object') {
      const document: ManifestDocument = { path: at, kind, property: p, doc: this.doc, node: p.value, value: getNodeValue(p.value) as PolicyDocument };
      this.documents.push(document);
      return document;
    }
    const ref = stringValue(p.value);
    if (!ref) {
      this.ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} is a relative path to a policy file, such as "./app.policy.json", or the document itself.`);
      return undefined;
    }
    const target = path.resolve(this.dir, ref.value);
    if (!this.referenced.includes(target)) this.referenced.push(target);
    const loaded = this.loadFile(target, kind);
    if (loaded === 'missing') this.missing(ref);
    if (typeof loaded === 'string') return undefined;
    recordSources(loaded.node, at, target, this.sources);
    const document: ManifestDocument = { path: at, kind, property: p, file: target, doc: loaded.doc, node: loaded.node, value: getNodeValue(loaded.node) as PolicyDocument };
    this.documents.push(document);
    return document;
  }

  unknownProperties(list: readonly Property[], allowed: readonly string[], message: (key: string, match: string | undefined) => string): void {
    for (const p of list) {
      if (allowed.includes(p.key)) continue;
      const match = allowed.find((k) => k.toLowerCase() === p.key.toLowerCase());
      this.ctx.report('UNKNOWN_MANIFEST_PROPERTY', keyOf(p), message(p.key, match),
        match ? [{ title: `Change to "${match}"`, edits: [replaceString(keyOf(p), match)], isPreferred: true }] : []);
    }
  }

  policyList(p: Property | undefined, list: PolicyList): ManifestPolicyEntry[] {
    if (!p) return [];
    if (p.value.type !== 'array') {
      this.ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} is an array of { "PolicyName": ..., "PolicyDocument": ... } objects.`);
      return [];
    }
    const entries: ManifestPolicyEntry[] = [];
    (p.value.children ?? []).forEach((item, index) => {
      if (item.type !== 'object') {
        this.ctx.report('DATA_TYPE_MISMATCH', item, `Each entry of ${p.key} is an object with PolicyName and PolicyDocument.`);
        return;
      }
      const props = properties(item);
      const allowed = ENTRY_PROPERTIES[list];
      this.unknownProperties(props, allowed, (key) => `${p.key} entries have ${allowed.join(', ')}: ${key}`);
      const get = (k: string) => props.find((q) => q.key === k);
      const name = get('PolicyName');
      if (!name) this.ctx.report('INVALID_POLICY_NAME', { offset: item.offset, length: 1 }, 'Add a PolicyName.');
      this.string(name);
      const description = get('Description');
      this.string(description);
      if (list === 'CustomerManagedPolicies') this.string(get('Path'));
      const documentProperty = get('PolicyDocument');
      if (!documentProperty) this.ctx.report('MISSING_FILE', { offset: item.offset, length: 1 }, 'Add a PolicyDocument: a relative path to a *.policy.json file, or the document.');
      const document = documentProperty && this.document(documentProperty, 'identity', sourcePath(list, index, 'PolicyDocument'));
      entries.push({ list, index, node: item, properties: props, name, description, document });
    });
    return entries;
  }

  stringList(p: Property | undefined, what: string): StringValue[] {
    if (!p) return [];
    if (p.value.type !== 'array') {
      this.ctx.report('DATA_TYPE_MISMATCH', p.value, `${p.key} is an array of ${what}s.`);
      return [];
    }
    const values: StringValue[] = [];
    for (const item of p.value.children ?? []) {
      const s = stringValue(item);
      if (s) values.push(s);
      else this.ctx.report('DATA_TYPE_MISMATCH', item, `Each of ${p.key} must be a string: a ${what}.`);
    }
    return values;
  }

  tags(p: Property | undefined): Tag[] {
    if (!p) return [];
    if (p.value.type !== 'array') {
      this.ctx.report('DATA_TYPE_MISMATCH', p.value, 'Tags is an array of { "Key": ..., "Value": ... } objects.');
      return [];
    }
    const tags: Tag[] = [];
    for (const tag of p.value.children ?? []) {
      const props = propertyMap(properties(tag));
      const key = stringValue(props.get('Key')?.value);
      const value = props.get('Value');
      if (!key || !value) {
        this.ctx.report('INVALID_TAG', tag, 'Each tag is an object with a string Key and a string Value.');
        continue;
      }
      const v = stringValue(value.value);
      if (!v) this.ctx.report('INVALID_TAG', value.value, 'A tag value is a string.');
      else tags.push({ key: key.value, value: v.value });
    }
    return tags;
  }
}

/**
 * Loads a manifest already parsed (the language server's cached parse) without reporting its JSON
 * syntax: checks/manifest.ts reports that with every other document's. See loadManifest.
 */
export function loadParsedManifest(doc: ParsedDocument, readFile: ReadFile | undefined): LoadedManifest {
  const file = path.resolve(doc.fileName);
  const loader = new Loader(doc, file, readFile);
  const { ctx } = loader;
  const root = doc.root;
  const done = (manifest?: RoleManifest, known = new Map<string, Property>(), policies: ManifestPolicyEntry[] = [], managedPolicyArns: StringValue[] = []): LoadedManifest => {
    const findings = [...ctx.findings, ...loader.referenced.flatMap((f) => loader.fileFindings.get(f) ?? [])];
    const usable = manifest && !findings.some((f) => f.severity === 'error') ? manifest : undefined;
    return { manifest: usable, findings, doc, properties: known, documents: loader.documents, policies, managedPolicyArns, files: loader.referenced };
  };
  if (!root || root.type !== 'object') {
    if (root) ctx.report('DATA_TYPE_MISMATCH', root, 'A role manifest is a JSON object with RoleName, AssumeRolePolicyDocument and the role\'s policies.');
    return done();
  }
  const all = properties(root);
  loader.unknownProperties(all, MANIFEST_PROPERTIES,
    (key, match) => `A role manifest has ${MANIFEST_PROPERTIES.join(', ')}${match ? `; property names are case-sensitive: "${match}"` : ''}: ${key}`);
  const known = propertyMap(all.filter((p) => MANIFEST_PROPERTIES.includes(p.key)));
  recordSources(root, '', file, loader.sources);
  // A property written in the wrong case is reported as unknown; it is not missing as well.
  const written = (k: string) => all.some((p) => p.key.toLowerCase() === k.toLowerCase());
  const get = (k: string) => known.get(k);

  const roleNameProperty = get('RoleName');
  if (!roleNameProperty && !written('RoleName')) ctx.report('INVALID_ROLE_NAME', { offset: root.offset, length: 1 }, 'Add a RoleName: 1-64 letters, digits and + = , . @ _ -.');
  const roleName = loader.string(roleNameProperty);
  const rolePath = loader.string(get('Path'));
  const description = loader.string(get('Description'));
  const duration = get('MaxSessionDuration');
  if (duration && duration.value.type !== 'number') {
    ctx.report('DATA_TYPE_MISMATCH', duration.value, `${doc.text.slice(duration.value.offset, duration.value.offset + duration.value.length)} is not a number of seconds: MaxSessionDuration is from 3600 (1 hour) to 43200 (12 hours).`);
  }
  const trustProperty = get('AssumeRolePolicyDocument');
  if (!trustProperty && !written('AssumeRolePolicyDocument')) {
    ctx.report('MISSING_FILE', { offset: root.offset, length: 1 }, 'Add an AssumeRolePolicyDocument: the trust policy that says who may assume the role ("./x.trust.json" or the document).');
  }
  const trust = trustProperty && loader.document(trustProperty, 'trust', 'AssumeRolePolicyDocument');
  const arns = loader.stringList(get('ManagedPolicyArns'), 'managed policy ARN');
  const customer = loader.policyList(get('CustomerManagedPolicies'), 'CustomerManagedPolicies');
  const inline = loader.policyList(get('Policies'), 'Policies');
  const boundaryProperty = get('PermissionsBoundary');
  const boundary = stringValue(boundaryProperty?.value)?.value;
  if (boundaryProperty && boundary === undefined) ctx.report('DATA_TYPE_MISMATCH', boundaryProperty.value, 'PermissionsBoundary must be a string: a managed policy ARN.');
  const tags = loader.tags(get('Tags'));
  const instanceProfile = get('InstanceProfile');
  if (instanceProfile && instanceProfile.value.type !== 'boolean') {
    ctx.report('DATA_TYPE_MISMATCH', instanceProfile.value, 'InstanceProfile is true (an instance profile of the role\'s name holds the role, for EC2) or false.');
  }
  const policies = [...customer, ...inline];
  // A policy whose document could not be read (too large to check is only a warning) must not read as absent.
  const complete = policies.every((e) => stringValue(e.name?.value) !== undefined && e.document);
  if (roleName === undefined || !trust || !complete) return done(undefined, known, policies, arns);

  const entryString = (entry: ManifestPolicyEntry, key: string) => stringValue(entry.properties.find((q) => q.key === key)?.value)?.value;
  const customerManagedPolicies: CustomerManagedPolicy[] = [];
  const inlinePolicies: InlinePolicy[] = [];
  for (const entry of policies) {
    const name = stringValue(entry.name!.value)!.value;
    const { value: document, file: documentFile } = entry.document!;
    if (entry.list === 'Policies') {
      inlinePolicies.push({ name, document, ...(documentFile ? { documentFile } : {}) });
    } else {
      const policyDescription = entryString(entry, 'Description');
      customerManagedPolicies.push({
        name, path: entryString(entry, 'Path') ?? '/', document,
        ...(policyDescription !== undefined ? { description: policyDescription } : {}),
        ...(documentFile ? { documentFile } : {}),
      });
    }
  }
  const manifest: RoleManifest = {
    roleName,
    path: rolePath ?? '/',
    ...(description !== undefined ? { description } : {}),
    maxSessionDuration: typeof duration?.value.value === 'number' ? duration.value.value : 3600,
    trustPolicy: trust.value,
    ...(trust.file ? { trustPolicyFile: trust.file } : {}),
    managedPolicyArns: arns.map((a) => a.value),
    customerManagedPolicies,
    inlinePolicies,
    ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
    tags,
    instanceProfile: instanceProfile?.value.type === 'boolean' ? instanceProfile.value.value === true : false,
    file,
    sources: loader.sources,
  };
  return done(manifest, known, policies, arns);
}

/**
 * Loads a role manifest (JSONC) and every document it refers to, each file read once through
 * `readFile` (paths relative to the manifest's folder) and parsed with comments stripped. Never
 * throws: JSON syntax errors, wrong types, missing parts, unknown properties and unreadable files are
 * findings (the codes the checks use), and the manifest is returned only when none of them is an
 * error. `sources` maps the path of every property and element, into referenced documents as well
 * (`Policies/0/PolicyDocument/Statement/1`, escaped as JSON pointers), to where it is written.
 * IAM's rules on the values (name formats, quotas, tags) are checks/manifest.ts's, not the loader's.
 */
export function loadManifest(text: string, fileName: string, readFile: ReadFile | undefined): ManifestLoad {
  const checked = parseForCheck(text, fileName, 'manifest');
  if ('refused' in checked) return { findings: [tooLarge(text, checked.refused)] };
  const doc = checked.doc;
  const syntax = new FindingCollector(doc);
  for (const e of doc.syntaxErrors) syntax.report('JSON_SYNTAX_ERROR', e, `JSON syntax error: ${e.message}`);
  if (!doc.root) {
    if (doc.syntaxErrors.length === 0) syntax.report('DATA_TYPE_MISMATCH', { offset: 0, length: 0 }, 'A role manifest is a JSON object with RoleName, AssumeRolePolicyDocument and the role\'s policies.');
    return { findings: syntax.findings };
  }
  const loaded = loadParsedManifest(doc, readFile);
  const findings = [...syntax.findings, ...loaded.findings];
  return { manifest: syntax.findings.length === 0 ? loaded.manifest : undefined, findings };
}
