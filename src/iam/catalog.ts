import * as fs from 'fs';
import * as path from 'path';
import {
  AccessLevel, Action, ActionResource, Catalog, ConditionKey, ConditionValueType, ResourceType, Service,
} from './catalogTypes';

const ACCESS_LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];
const REFERENCE = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const GLOBAL_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

/** The file written by scripts/buildCatalog.ts. */
interface CatalogFile {
  v: string;
  /** prefix -> [name, documentation slug, JSON of ServiceDetailFile] */
  s: Record<string, [string, string, string]>;
  /** JSON of: lower-case key -> [key, type, description, service prefix or "aws"] */
  k: string;
  p: string[];
  /** ARN service names. */
  a: string[];
  /** Retired service prefixes -> note. */
  x: Record<string, string>;
}
interface ServiceDetailFile {
  a: [string, string, number, [string, 0 | 1, string[]][], string[], string[]][];
  r: [string, string, string[]][];
  c: [string, string, string][];
}

interface ServiceDetail {
  readonly actions: Map<string, Action>;
  readonly sortedActions: readonly Action[];
  readonly resources: Map<string, ResourceType>;
  readonly keys: readonly ConditionKey[];
}

/** `${TagKey}` and `<key>` parts of condition key names match any text (IAM's own key templates). */
function templateRegExp(name: string): RegExp | undefined {
  // A few services write the tag placeholder as plain text: secretsmanager:ResourceTag/tag-key.
  const template = name.replace(/\/tag-key$/, '/${TagKey}');
  if (!/\$\{[^}]*\}|<[^>]*>/.test(template)) return undefined;
  const source = template
    .split(/(\$\{[^}]*\}|<[^>]*>)/)
    .map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

/** An IAM wildcard pattern (`*` any run, `?` one character) as a case-insensitive RegExp. */
export function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

class LoadedCatalog implements Catalog {
  readonly dataVersion: string;
  private readonly serviceMap = new Map<string, Service>();
  private readonly details = new Map<string, ServiceDetail>();
  private keyIndex: Map<string, ConditionKey> | undefined;
  private keyTemplates: { pattern: RegExp; key: ConditionKey }[] = [];
  private readonly principals: Set<string>;
  private readonly arnServices: Set<string>;
  private readonly sortedServices: readonly Service[];

  constructor(private readonly file: CatalogFile) {
    this.dataVersion = file.v;
    for (const [prefix, [name, slug]] of Object.entries(file.s)) {
      this.serviceMap.set(prefix, { prefix, name, docUrl: `${REFERENCE}/list_${slug}.html` });
    }
    this.sortedServices = [...this.serviceMap.values()].sort((a, b) => a.prefix.localeCompare(b.prefix));
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
    const entry = this.file.s[key];
    if (!entry) return undefined;
    const [, slug, json] = entry;
    const raw: ServiceDetailFile = JSON.parse(json);
    const page = `${REFERENCE}/list_${slug}.html`;
    const actions = new Map<string, Action>();
    for (const [name, description, level, resources, conditionKeys, dependentActions] of raw.a) {
      const resourceTypes: ActionResource[] = resources.map(([r, required, keys]) => ({ name: r, required: required === 1, conditionKeys: keys }));
      actions.set(name.toLowerCase(), {
        service: key, name, description, accessLevel: ACCESS_LEVELS[level] ?? 'Read', resourceTypes, conditionKeys, dependentActions,
        docUrl: `${page}#${slug}-actions-as-permissions`,
      });
    }
    const resourceMap = new Map<string, ResourceType>();
    for (const [name, arnFormat, conditionKeys] of raw.r) {
      resourceMap.set(name.toLowerCase(), { service: key, name, arnFormat, conditionKeys });
    }
    const keys = raw.c.map(([name, type, description]) => ({
      name, type: type as ConditionValueType, description, docUrl: `${page}#${slug}-policy-keys`,
    }));
    const detail: ServiceDetail = {
      actions,
      sortedActions: [...actions.values()].sort((a, b) => a.name.localeCompare(b.name)),
      resources: resourceMap,
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
    return [...(this.detail(service)?.resources.values() ?? [])];
  }

  resourceType(service: string, name: string): ResourceType | undefined {
    return this.detail(service)?.resources.get(name.toLowerCase());
  }

  private keys(): Map<string, ConditionKey> {
    if (this.keyIndex) return this.keyIndex;
    const raw: Record<string, [string, string, string, string]> = JSON.parse(this.file.k);
    const index = new Map<string, ConditionKey>();
    for (const [lower, [name, type, description, service]] of Object.entries(raw)) {
      const slug = service === 'aws' ? undefined : this.file.s[service]?.[1];
      const docUrl = slug ? `${REFERENCE}/list_${slug}.html#${slug}-policy-keys` : `${GLOBAL_KEYS_DOC}#condition-keys-${name.split(/[:/]/)[1]?.toLowerCase() ?? ''}`;
      const key: ConditionKey = { name, type: type as ConditionValueType, description, docUrl };
      index.set(lower, key);
      const pattern = templateRegExp(name);
      if (pattern) this.keyTemplates.push({ pattern, key });
    }
    // Longer templates first, so that `s3:ExistingObjectTag/<key>` wins over a shorter, looser one.
    this.keyTemplates.sort((a, b) => b.key.name.length - a.key.name.length);
    this.keyIndex = index;
    return index;
  }

  conditionKey(key: string): ConditionKey | undefined {
    const exact = this.keys().get(key.toLowerCase());
    if (exact) return exact;
    return this.keyTemplates.find((t) => t.pattern.test(key))?.key;
  }

  globalConditionKeys(): readonly ConditionKey[] {
    return [...this.keys().values()].filter((k) => k.name.startsWith('aws:')).sort((a, b) => a.name.localeCompare(b.name));
  }

  serviceConditionKeys(service: string): readonly ConditionKey[] {
    return this.detail(service)?.keys ?? [];
  }

  isServicePrincipal(principal: string): boolean {
    return this.principals.has(principal.toLowerCase());
  }

  servicePrincipals(): readonly string[] {
    return this.file.p;
  }

  isArnService(service: string): boolean {
    return this.arnServices.has(service.toLowerCase());
  }

  retiredService(prefix: string): string | undefined {
    return this.file.x[prefix.toLowerCase()];
  }
}

/**
 * Loads a catalog data file. Throws an Error naming the file and how to regenerate it when the file
 * is missing or not a catalog.
 */
export function loadCatalog(file: string): Catalog {
  let parsed: CatalogFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`The IAM catalog ${file} could not be read (${e instanceof Error ? e.message : String(e)}): run \`npm run build:catalog\`.`);
  }
  if (!parsed || typeof parsed.v !== 'string' || typeof parsed.s !== 'object' || typeof parsed.k !== 'string' || !Array.isArray(parsed.p) || !Array.isArray(parsed.a) || typeof parsed.x !== 'object') {
    throw new Error(`The IAM catalog ${file} is not a catalog data file: run \`npm run build:catalog\`.`);
  }
  return new LoadedCatalog(parsed);
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
