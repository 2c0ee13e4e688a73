import * as fs from 'fs';
import * as path from 'path';
import { detached } from './detached';
import {
  AccessLevel, Action, ActionResource, Catalog, ConditionKey, ConditionValueType, ManagedPolicy, ResourceType, Service,
} from './catalogTypes';

/** The access levels in the order of the data file's bit mask (scripts/buildCatalog.ts). */
const ACCESS_LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
/**
 * The order an action's several levels are given in, the first being its accessLevel: the specific
 * levels before the general Write they are a kind of (the data writes `Tagging, Write` for
 * ecr:TagResource, `Permissions management, Write` for iam:AttachRolePolicy).
 */
const PRECEDENCE: AccessLevel[] = ['Permissions management', 'Tagging', 'Write', 'Read', 'List'];

/** The access levels of a data file's bit mask, in PRECEDENCE order; Read for an empty mask. */
function accessLevels(mask: number): AccessLevel[] {
  const levels = PRECEDENCE.filter((level) => (mask & (1 << ACCESS_LEVELS.indexOf(level))) !== 0);
  return levels.length > 0 ? levels : ['Read'];
}
const REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const GLOBAL_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

/**
 * The file written by scripts/buildCatalog.ts is one JSON object: `{"iamCatalogHeaderBytes":"NNNNNNNNNN",
 * "header": {...}, "data": [...]}`. The header (CatalogHeader, NNNNNNNNNN bytes) gives the byte range of
 * each part of the data array, relative to the array's content, so that loading parses the header only.
 */
const MAGIC = '{"iamCatalogHeaderBytes":"';
const HEADER_AT = MAGIC.length + 10 + '","header":'.length;
const DATA_AFTER_HEADER = ',"data":['.length;

/** A byte range of the data array: [start, length]. */
type Part = [number, number];

interface CatalogHeader {
  v: string;
  /** Where the dependent actions are from, with its version: `iam-floyd 0.658.0`. */
  d: string;
  /** prefix -> [name, documentation slug, ...range of its ServiceDetailFile] */
  s: Record<string, [string, string, number, number]>;
  /**
   * Condition keys by the lower-case prefix of the key (`*` for prefixes that are templates, such as
   * `token.actions.${Domain}.ghe.com`): range of [key, type, description, documenting service prefix or "aws"][].
   */
  k: Record<string, Part>;
  p: string[];
  /** ARN service names. */
  a: string[];
  /** Retired service prefixes -> note. */
  x: Record<string, string>;
  /** Range of the AWS managed policies: [name, path, deprecated 0|1, replacement name or ""][], sorted by name. */
  m: Part;
  /** Partition -> its Regions, sorted. */
  r: Record<string, string[]>;
  /** Service principal prefixes that also exist with a Region: `logs` for logs.eu-west-1.amazonaws.com. */
  g: string[];
}
interface ServiceDetailFile {
  a: [string, string, number, [string, 0 | 1, string[]][], string[], string[]][];
  r: [string, string, string[]][];
  c: [string, string, string][];
}

/** The condition keys of one key prefix: exact names, and templates tried longest first. */
interface KeyGroup {
  readonly exact: ReadonlyMap<string, ConditionKey>;
  readonly templates: readonly { pattern: RegExp; key: ConditionKey }[];
}

interface ServiceDetail {
  readonly actions: Map<string, Action>;
  readonly sortedActions: readonly Action[];
  readonly resources: Map<string, ResourceType>;
  /** The resource types in the data's order, one list for every caller. */
  readonly resourceList: readonly ResourceType[];
  readonly keys: readonly ConditionKey[];
}

/**
 * `${TagKey}` and `<key>` parts of condition key names match any text (IAM's own key templates);
 * `${OIDCProvider}` matches only a provider's host name and path (`oidc.eks.eu-west-1.amazonaws.com/id/X`),
 * so that a service key such as `s3:aud` is not mistaken for a federation key.
 */
function templateRegExp(name: string): RegExp | undefined {
  // A few services write the tag placeholder as plain text: secretsmanager:ResourceTag/tag-key.
  const template = name.replace(/\/tag-key$/, '/${TagKey}');
  if (!/\$\{[^}]*\}|<[^>]*>/.test(template)) return undefined;
  const source = template
    .split(/(\$\{[^}]*\}|<[^>]*>)/)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return part === '${OIDCProvider}' ? '[^:]*\\.[^:]*' : '.+';
    })
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

/** Case-insensitive order of names; plain comparison, because a locale collator costs milliseconds to start. */
function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The group a concrete key is looked up in: its prefix before the first colon, lower case. */
function keyGroupName(key: string): string {
  const colon = key.indexOf(':');
  return colon > 0 ? key.slice(0, colon).toLowerCase() : '';
}

/**
 * The Service Authorization Reference anchor of a key on its service's page (`amazons3-s3_prefix`);
 * templated keys have no stable anchor of their own, so they link to the page's keys table.
 */
function keyAnchor(slug: string, key: string): string {
  return /^[\w.-]+:[\w.-]+$/.test(key) ? `${slug}-${key.replace(':', '_')}` : `${slug}-policy-keys`;
}

/**
 * An IAM wildcard pattern (`*` any run, `?` one character) as a case-insensitive RegExp. The same
 * pattern gives the same object (without the global flag, so `test` keeps no state): checks ask for
 * the patterns of a document again and again.
 */
export function wildcardRegExp(pattern: string): RegExp {
  let re = wildcardRegExps.get(pattern);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, 'i');
    // Patterns come from documents: bounded.
    if (wildcardRegExps.size >= 10_000) wildcardRegExps.clear();
    wildcardRegExps.set(detached(pattern), re);
  }
  return re;
}
const wildcardRegExps = new Map<string, RegExp>();

/** The header and data of a catalog file, checked for shape and size; throws a message naming the problem. */
function readCatalogFile(bytes: Buffer): { header: CatalogHeader; part: (range: Part) => unknown } {
  if (bytes.toString('utf8', 0, MAGIC.length) !== MAGIC) throw new Error('it does not start as a catalog data file');
  const headerBytes = Number(bytes.toString('utf8', MAGIC.length, MAGIC.length + 10));
  const dataAt = HEADER_AT + headerBytes + DATA_AFTER_HEADER;
  if (!Number.isInteger(headerBytes) || dataAt > bytes.length) throw new Error('its header is cut short');
  const header: CatalogHeader = JSON.parse(bytes.toString('utf8', HEADER_AT, HEADER_AT + headerBytes));
  if (!header || typeof header.v !== 'string' || typeof header.d !== 'string' || !header.s || typeof header.s !== 'object' || !header.k || typeof header.k !== 'object'
    || !Array.isArray(header.p) || !Array.isArray(header.a) || !header.x || typeof header.x !== 'object' || !Array.isArray(header.m)
    || !header.r || typeof header.r !== 'object' || !Array.isArray(header.g)) {
    throw new Error('its header is not a catalog header');
  }
  const ranges = [...Object.values(header.s).map(([, , start, length]) => [start, length]), ...Object.values(header.k), header.m];
  const dataBytes = bytes.length - dataAt - ']}'.length;
  if (ranges.some(([start, length]) => !(start >= 0 && length >= 0 && start + length <= dataBytes))) throw new Error('its data is cut short');
  return { header, part: ([start, length]) => JSON.parse(bytes.toString('utf8', dataAt + start, dataAt + start + length)) };
}

class LoadedCatalog implements Catalog {
  readonly dataVersion: string;
  readonly dependentActionsSource: string;
  private readonly serviceMap = new Map<string, Service>();
  private readonly details = new Map<string, ServiceDetail>();
  private readonly keyGroups = new Map<string, KeyGroup>();
  private readonly principals: Set<string>;
  private readonly arnServices: Set<string>;
  private readonly sortedServices: readonly Service[];
  private managed: { sorted: readonly ManagedPolicy[]; byName: Map<string, ManagedPolicy> } | undefined;
  private readonly matched = new Map<string, readonly Action[]>();
  private partitionOfRegion: Map<string, string> | undefined;

  constructor(private readonly file: CatalogHeader, private readonly part: (range: Part) => unknown) {
    this.dataVersion = file.v;
    this.dependentActionsSource = file.d;
    for (const [prefix, [name, slug]] of Object.entries(file.s)) {
      this.serviceMap.set(prefix, { prefix, name, docUrl: `${REFERENCE}/list_${slug}.html` });
    }
    this.sortedServices = [...this.serviceMap.values()].sort((a, b) => compareNames(a.prefix, b.prefix));
    this.principals = new Set(file.p.map((p) => p.toLowerCase()));
    this.arnServices = new Set(file.a);
  }

  service(prefix: string): Service | undefined {
    return this.serviceMap.get(prefix.toLowerCase());
  }

  services(): readonly Service[] {
    return this.sortedServices;
  }

  private detail(prefix: string): ServiceDetail | undefined {
    const key = prefix.toLowerCase();
    const cached = this.details.get(key);
    if (cached) return cached;
    // Keys come from documents (`constructor:GetObject`): only the header's own entries count.
    const entry = Object.hasOwn(this.file.s, key) ? this.file.s[key] : undefined;
    if (!entry) return undefined;
    const [, slug, start, length] = entry;
    const raw = this.part([start, length]) as ServiceDetailFile;
    const page = `${REFERENCE}/list_${slug}.html`;
    const actions = new Map<string, Action>();
    for (const [name, description, mask, resources, conditionKeys, dependentActions] of raw.a) {
      const levels = accessLevels(mask);
      const resourceTypes: ActionResource[] = resources.map(([r, required, keys]) => ({ name: r, required: required === 1, conditionKeys: keys }));
      actions.set(name.toLowerCase(), {
        service: key, name, description, accessLevel: levels[0], accessLevels: levels, resourceTypes, conditionKeys, dependentActions,
        docUrl: `${page}#${slug}-${name}`,
      });
    }
    const resourceMap = new Map<string, ResourceType>();
    for (const [name, arnFormat, conditionKeys] of raw.r) {
      resourceMap.set(name.toLowerCase(), { service: key, name, arnFormat, conditionKeys });
    }
    const keys = raw.c.map(([name, type, description]) => ({
      name, type: type as ConditionValueType, description, docUrl: `${page}#${keyAnchor(slug, name)}`,
    }));
    const detail: ServiceDetail = {
      actions,
      sortedActions: [...actions.values()].sort((a, b) => compareNames(a.name, b.name)),
      resources: resourceMap,
      resourceList: [...resourceMap.values()],
      keys,
    };
    this.details.set(key, detail);
    return detail;
  }

  action(service: string, name: string): Action | undefined {
    return this.detail(service)?.actions.get(name.toLowerCase());
  }

  actions(service: string): readonly Action[] {
    return this.detail(service)?.sortedActions ?? [];
  }

  matchActions(pattern: string): readonly Action[] {
    // Documents repeat their patterns, and every check of an edited document asks again: memoized, bounded.
    let actions = this.matched.get(pattern);
    if (!actions) {
      actions = this.searchActions(pattern);
      if (this.matched.size >= 10_000) this.matched.clear();
      // A copy: the pattern is cut from a document, which the catalog must not keep alive.
      this.matched.set(detached(pattern), actions);
    }
    return actions;
  }

  private searchActions(pattern: string): readonly Action[] {
    if (pattern === '*') return this.sortedServices.flatMap((s) => this.actions(s.prefix));
    const colon = pattern.indexOf(':');
    if (colon <= 0) return [];
    const servicePart = pattern.slice(0, colon);
    const actionPart = pattern.slice(colon + 1);
    const services = /[*?]/.test(servicePart)
      ? this.sortedServices.filter((s) => wildcardRegExp(servicePart).test(s.prefix))
      : [this.service(servicePart)].filter((s): s is Service => s !== undefined);
    if (!/[*?]/.test(actionPart)) {
      return services.map((s) => this.action(s.prefix, actionPart)).filter((a): a is Action => a !== undefined);
    }
    const matcher = wildcardRegExp(actionPart);
    return services.flatMap((s) => this.actions(s.prefix).filter((a) => matcher.test(a.name)));
  }

  resourceTypes(service: string): readonly ResourceType[] {
    return this.detail(service)?.resourceList ?? [];
  }

  resourceType(service: string, name: string): ResourceType | undefined {
    return this.detail(service)?.resources.get(name.toLowerCase());
  }

  /** The decoded condition keys of one key prefix (`aws`, `s3`, `*`); empty for an unknown prefix. */
  private keyGroup(name: string): KeyGroup {
    const cached = this.keyGroups.get(name);
    if (cached) return cached;
    const range = Object.prototype.hasOwnProperty.call(this.file.k, name) ? this.file.k[name] : undefined;
    const raw = (range ? this.part(range) : []) as [string, string, string, string][];
    const exact = new Map<string, ConditionKey>();
    const templates: { pattern: RegExp; key: ConditionKey }[] = [];
    for (const [keyName, type, description, service] of raw) {
      const slug = service === 'aws' || !Object.hasOwn(this.file.s, service) ? undefined : this.file.s[service][1];
      const docUrl = slug
        ? `${REFERENCE}/list_${slug}.html#${keyAnchor(slug, keyName)}`
        : `${GLOBAL_KEYS_DOC}#condition-keys-${keyName.split(/[:/]/)[1]?.toLowerCase() ?? ''}`;
      const key: ConditionKey = { name: keyName, type: type as ConditionValueType, description, docUrl };
      exact.set(keyName.toLowerCase(), key);
      const pattern = templateRegExp(keyName);
      if (pattern) templates.push({ pattern, key });
    }
    // Longer templates first, so that `s3:ExistingObjectTag/<key>` wins over a shorter, looser one.
    templates.sort((x, y) => y.key.name.length - x.key.name.length);
    const group = { exact, templates };
    this.keyGroups.set(name, group);
    return group;
  }

  conditionKey(key: string): ConditionKey | undefined {
    const lower = key.toLowerCase();
    for (const group of [this.keyGroup(keyGroupName(key)), this.keyGroup('*')]) {
      const found = group.exact.get(lower) ?? group.templates.find((t) => t.pattern.test(key))?.key;
      if (found) return found;
    }
    return undefined;
  }

  globalConditionKeys(): readonly ConditionKey[] {
    return [...this.keyGroup('aws').exact.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  serviceConditionKeys(service: string): readonly ConditionKey[] {
    return this.detail(service)?.keys ?? [];
  }

  isServicePrincipal(principal: string): boolean {
    const lower = principal.toLowerCase();
    if (this.principals.has(lower)) return true;
    // A regional principal: a service that has one, and a Region that exists.
    const regional = /^([a-z0-9-]+)\.([a-z0-9-]+)\.amazonaws\.com$/.exec(lower);
    return regional !== null && this.file.g.includes(regional[1]) && this.regionPartition(regional[2]) !== undefined;
  }

  servicePrincipals(): readonly string[] {
    return this.file.p;
  }

  isArnService(service: string): boolean {
    return this.arnServices.has(service.toLowerCase());
  }

  retiredService(prefix: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.file.x, prefix.toLowerCase()) ? this.file.x[prefix.toLowerCase()] : undefined;
  }

  /** The managed policies, decoded on first use; replacements link to the policy objects they name. */
  private managedPolicyData(): { sorted: readonly ManagedPolicy[]; byName: Map<string, ManagedPolicy> } {
    if (this.managed) return this.managed;
    const raw = this.part(this.file.m) as [string, string, 0 | 1, string][];
    const byName = new Map<string, ManagedPolicy>();
    const replacements: [string, string][] = [];
    for (const [name, path, deprecated, replacement] of raw) {
      byName.set(name, { name, path, arn: `arn:aws:iam::aws:policy${path}${name}`, ...(deprecated ? { deprecated: {} } : {}) });
      if (deprecated && replacement) replacements.push([name, replacement]);
    }
    for (const [name, replacement] of replacements) {
      const target = byName.get(replacement);
      if (target) byName.set(name, { ...byName.get(name)!, deprecated: { replacement: target } });
    }
    this.managed = { sorted: raw.map(([name]) => byName.get(name)!), byName };
    return this.managed;
  }

  regions(partition: string): readonly string[] {
    return Object.prototype.hasOwnProperty.call(this.file.r, partition) ? this.file.r[partition] : [];
  }

  regionPartition(region: string): string | undefined {
    // Asked for the Region of every ARN of a document: a map made on first use, the first partition listing a Region winning.
    if (!this.partitionOfRegion) {
      this.partitionOfRegion = new Map();
      for (const p of Object.keys(this.file.r)) for (const r of this.file.r[p]) if (!this.partitionOfRegion.has(r)) this.partitionOfRegion.set(r, p);
    }
    return this.partitionOfRegion.get(region);
  }

  managedPolicies(): readonly ManagedPolicy[] {
    return this.managedPolicyData().sorted;
  }

  managedPolicy(name: string): ManagedPolicy | undefined {
    return this.managedPolicyData().byName.get(name);
  }
}

/**
 * Loads a catalog data file (its header only; services and condition keys are decoded on first use).
 * Throws an Error naming the file and how to regenerate it when the file is missing, not a catalog, or
 * cut short.
 */
export function loadCatalog(file: string): Catalog {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`The IAM catalog ${file} could not be read (${e instanceof Error ? e.message : String(e)}): run \`npm run build:catalog\`.`);
  }
  try {
    const { header, part } = readCatalogFile(bytes);
    return new LoadedCatalog(header, part);
  } catch (e) {
    throw new Error(`The IAM catalog ${file} is not a catalog data file (${e instanceof Error ? e.message : String(e)}): run \`npm run build:catalog\`.`);
  }
}

let shared: Catalog | undefined;

/**
 * The catalog, loaded on first use from `catalog.json` beside the bundle (dist/), or from the
 * repository's dist/ when running from source. Throws like loadCatalog when the data is missing.
 */
export function getCatalog(): Catalog {
  if (!shared) {
    const beside = path.join(__dirname, 'catalog.json');
    shared = loadCatalog(fs.existsSync(beside) ? beside : path.join(__dirname, '..', '..', 'dist', 'catalog.json'));
  }
  return shared;
}
