import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Account, AccountState, AwsError, ManagedPolicy, newAccount, Role, Tag } from './state';

/** Faults the sandbox injects, for tests of retries and of failures halfway through a deploy. */
export interface Faults {
  /** Fraction (0-1) of requests answered with a Throttling error. */
  throttleRate?: number;
  /** Fraction of requests answered with a 500 ServiceFailure. */
  errorRate?: number;
  /** Fraction of requests whose connection is dropped without an answer. */
  dropRate?: number;
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** Limit the faults to these operations (e.g. ["AttachRolePolicy"]); all when absent. */
  operations?: string[];
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Persist the account to this file (written atomically after every change) and load it at start. */
  stateFile?: string;
  faults?: Faults;
  /** A source of randomness for fault rates (tests pass a seeded one). */
  random?: () => number;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT`: give it to the SDK clients as their endpoint. */
  readonly endpoint: string;
  readonly accountId: string;
  setFaults(faults: Faults): void;
  close(): Promise<void>;
}

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const PAGE = 100;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** An XML element; `undefined` values are left out, arrays become <member> lists. */
function el(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => el('member', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => el(k, v)).join('')}</${name}>`;
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** Form parameters: `Tags.member.1.Key` style lists and maps, read back into arrays of objects. */
function list<T = string>(params: URLSearchParams, prefix: string): T[] {
  const items = new Map<number, Record<string, string> | string>();
  for (const [key, value] of params) {
    const m = new RegExp(`^${prefix.replace('.', '\\.')}\\.member\\.(\\d+)(?:\\.(\\w+))?$`).exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    if (m[2]) items.set(i, { ...(items.get(i) as Record<string, string> ?? {}), [m[2]]: value });
    else items.set(i, value);
  }
  return [...items.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v as T);
}

/** IAM returns policy documents URL-encoded, as AWS does. */
const encodeDoc = (doc: string) => encodeURIComponent(doc);

function roleXml(r: Role, withDetails = true) {
  return {
    Path: r.Path, RoleName: r.RoleName, RoleId: r.RoleId, Arn: r.Arn, CreateDate: r.CreateDate,
    AssumeRolePolicyDocument: encodeDoc(r.AssumeRolePolicyDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration,
    PermissionsBoundary: withDetails && r.PermissionsBoundary ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.PermissionsBoundary } : undefined,
    Tags: withDetails && r.Tags.length ? r.Tags : undefined,
  };
}

function policyXml(p: ManagedPolicy, account: Account) {
  return {
    PolicyName: p.PolicyName, PolicyId: p.PolicyId, Arn: p.Arn, Path: p.Path, DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: account.attachmentCount(p.Arn), PermissionsBoundaryUsageCount: 0, IsAttachable: true,
    Description: p.Description, CreateDate: p.CreateDate, UpdateDate: p.UpdateDate,
  };
}

/** Marker/MaxItems pagination as IAM does it: the marker is the index of the next item. */
function page<T>(items: T[], params: URLSearchParams): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const start = Number(params.get('Marker') ?? 0);
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidInput', 400, 'Invalid Marker.');
  const max = Math.min(1000, Math.max(1, Number(params.get('MaxItems') ?? PAGE)));
  const slice = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return { items: slice, IsTruncated: truncated, Marker: truncated ? String(start + max) : undefined };
}

type Handler = (account: Account, p: URLSearchParams) => Record<string, unknown> | undefined;

const tags = (p: URLSearchParams) => list<Tag>(p, 'Tags');

const IAM: Record<string, Handler> = {
  CreateRole: (a, p) => ({ Role: roleXml(a.createRole({
    RoleName: p.get('RoleName') ?? undefined, Path: p.get('Path') ?? undefined, AssumeRolePolicyDocument: p.get('AssumeRolePolicyDocument') ?? undefined,
    Description: p.get('Description') ?? undefined, MaxSessionDuration: p.has('MaxSessionDuration') ? Number(p.get('MaxSessionDuration')) : undefined,
    PermissionsBoundary: p.get('PermissionsBoundary') ?? undefined, Tags: tags(p),
  })) }),
  GetRole: (a, p) => ({ Role: roleXml(a.getRole(p.get('RoleName') ?? undefined)) }),
  ListRoles: (a, p) => {
    const r = page(a.listRoles(p.get('PathPrefix') ?? '/'), p);
    return { Roles: r.items.map((x) => roleXml(x, false)), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  DeleteRole: (a, p) => void a.deleteRole(p.get('RoleName') ?? undefined),
  UpdateAssumeRolePolicy: (a, p) => void a.updateAssumeRolePolicy(p.get('RoleName') ?? undefined, p.get('PolicyDocument') ?? undefined),
  UpdateRole: (a, p) => void a.updateRole(p.get('RoleName') ?? undefined, p.get('Description') ?? undefined, p.has('MaxSessionDuration') ? Number(p.get('MaxSessionDuration')) : undefined),
  UpdateRoleDescription: (a, p) => {
    a.updateRole(p.get('RoleName') ?? undefined, p.get('Description') ?? '');
    return { Role: roleXml(a.getRole(p.get('RoleName') ?? undefined)) };
  },
  TagRole: (a, p) => void a.tagRole(p.get('RoleName') ?? undefined, tags(p)),
  UntagRole: (a, p) => void a.untagRole(p.get('RoleName') ?? undefined, list(p, 'TagKeys')),
  ListRoleTags: (a, p) => {
    const r = page(a.getRole(p.get('RoleName') ?? undefined).Tags, p);
    return { Tags: r.items, IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  PutRolePermissionsBoundary: (a, p) => void a.putPermissionsBoundary(p.get('RoleName') ?? undefined, p.get('PermissionsBoundary') ?? undefined),
  DeleteRolePermissionsBoundary: (a, p) => void a.deletePermissionsBoundary(p.get('RoleName') ?? undefined),
  PutRolePolicy: (a, p) => void a.putRolePolicy(p.get('RoleName') ?? undefined, p.get('PolicyName') ?? undefined, p.get('PolicyDocument') ?? undefined),
  GetRolePolicy: (a, p) => ({
    RoleName: a.getRole(p.get('RoleName') ?? undefined).RoleName, PolicyName: p.get('PolicyName'),
    PolicyDocument: encodeDoc(a.getRolePolicy(p.get('RoleName') ?? undefined, p.get('PolicyName') ?? undefined)),
  }),
  DeleteRolePolicy: (a, p) => void a.deleteRolePolicy(p.get('RoleName') ?? undefined, p.get('PolicyName') ?? undefined),
  ListRolePolicies: (a, p) => {
    const r = page(a.listRolePolicies(p.get('RoleName') ?? undefined), p);
    return { PolicyNames: r.items, IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  CreatePolicy: (a, p) => ({ Policy: policyXml(a.createPolicy({
    PolicyName: p.get('PolicyName') ?? undefined, Path: p.get('Path') ?? undefined, PolicyDocument: p.get('PolicyDocument') ?? undefined,
    Description: p.get('Description') ?? undefined, Tags: tags(p),
  }), a) }),
  GetPolicy: (a, p) => ({ Policy: policyXml(a.policy(p.get('PolicyArn') ?? undefined), a) }),
  DeletePolicy: (a, p) => void a.deletePolicy(p.get('PolicyArn') ?? undefined),
  ListPolicies: (a, p) => {
    const r = page(a.listPolicies(p.get('Scope') ?? 'All', p.get('OnlyAttached') === 'true'), p);
    return { Policies: r.items.map((x) => policyXml(x, a)), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  CreatePolicyVersion: (a, p) => {
    const v = a.createPolicyVersion(p.get('PolicyArn') ?? undefined, p.get('PolicyDocument') ?? undefined, p.get('SetAsDefault') === 'true');
    return { PolicyVersion: { VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate } };
  },
  GetPolicyVersion: (a, p) => {
    const v = a.getPolicyVersion(p.get('PolicyArn') ?? undefined, p.get('VersionId') ?? undefined);
    return { PolicyVersion: { Document: encodeDoc(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate } };
  },
  ListPolicyVersions: (a, p) => {
    const r = page([...a.policy(p.get('PolicyArn') ?? undefined).Versions].reverse(), p);
    return { Versions: r.items.map((v) => ({ VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion, CreateDate: v.CreateDate })), IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  DeletePolicyVersion: (a, p) => void a.deletePolicyVersion(p.get('PolicyArn') ?? undefined, p.get('VersionId') ?? undefined),
  SetDefaultPolicyVersion: (a, p) => void a.setDefaultVersion(p.get('PolicyArn') ?? undefined, p.get('VersionId') ?? undefined),
  AttachRolePolicy: (a, p) => void a.attachRolePolicy(p.get('RoleName') ?? undefined, p.get('PolicyArn') ?? undefined),
  DetachRolePolicy: (a, p) => void a.detachRolePolicy(p.get('RoleName') ?? undefined, p.get('PolicyArn') ?? undefined),
  ListAttachedRolePolicies: (a, p) => {
    const role = a.getRole(p.get('RoleName') ?? undefined);
    const r = page(role.Attached.map((arn) => ({ PolicyName: a.policy(arn).PolicyName, PolicyArn: arn })), p);
    return { AttachedPolicies: r.items, IsTruncated: r.IsTruncated, Marker: r.Marker };
  },
  ListEntitiesForPolicy: (a, p) => {
    a.policy(p.get('PolicyArn') ?? undefined);
    const roles = a.rolesAttachedTo(p.get('PolicyArn')!).map((r) => ({ RoleName: r.RoleName, RoleId: r.RoleId }));
    return { PolicyRoles: roles, PolicyUsers: [], PolicyGroups: [], IsTruncated: false };
  },
  GetAccountSummary: (a) => ({ SummaryMap: Object.entries(a.summary()).map(([key, value]) => ({ key, value })) }),
};

/** Mutating operations: after them the state file is written. */
const READS = /^(Get|List)/;

function summaryMapXml(result: Record<string, unknown>): string {
  // SummaryMap is an XML map: <entry><key/><value/></entry>, not a member list.
  const entries = result.SummaryMap as { key: string; value: number }[];
  return `<SummaryMap>${entries.map((e) => `<entry><key>${e.key}</key><value>${e.value}</value></entry>`).join('')}</SummaryMap>`;
}

function queryResponse(action: string, ns: string, result: Record<string, unknown> | undefined, requestId: string): string {
  const body = result === undefined ? '' : `<${action}Result>${action === 'GetAccountSummary' ? summaryMapXml(result) : Object.entries(result).map(([k, v]) => el(k, v)).join('')}</${action}Result>`;
  return `<${action}Response xmlns="${ns}">${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
}

function queryError(e: AwsError, ns: string, requestId: string): string {
  const type = e.status >= 500 ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${e.code}</Code><Message>${esc(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

const ECR_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

function ecr(account: Account, op: string, body: Record<string, unknown>, region: string): unknown {
  const state = account.state;
  const repoOut = (r: { repositoryName: string; repositoryArn: string; createdAt: number; imageTagMutability: string }) => ({
    repositoryArn: r.repositoryArn, registryId: state.accountId, repositoryName: r.repositoryName,
    repositoryUri: `${state.accountId}.dkr.ecr.${region}.amazonaws.com/${r.repositoryName}`, createdAt: r.createdAt,
    imageTagMutability: r.imageTagMutability, imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' },
  });
  const name = typeof body.repositoryName === 'string' ? body.repositoryName : undefined;
  const find = () => {
    const repo = name ? state.repositories[name] : undefined;
    if (!repo) throw new AwsError('RepositoryNotFoundException', 400, `The repository with name '${name}' does not exist in the registry with id '${state.accountId}'`);
    return repo;
  };
  switch (op) {
    case 'CreateRepository': {
      if (!name || !/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name) || name.length < 2 || name.length > 256) {
        throw new AwsError('InvalidParameterException', 400, `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`);
      }
      if (state.repositories[name]) throw new AwsError('RepositoryAlreadyExistsException', 400, `The repository with name '${name}' already exists in the registry with id '${state.accountId}'`);
      const repo = { repositoryName: name, repositoryArn: `arn:aws:ecr:${region}:${state.accountId}:repository/${name}`, createdAt: Date.now() / 1000, imageTagMutability: String(body.imageTagMutability ?? 'MUTABLE') };
      state.repositories[name] = repo;
      return { repository: repoOut(repo) };
    }
    case 'DescribeRepositories': {
      const names = Array.isArray(body.repositoryNames) ? body.repositoryNames as string[] : undefined;
      const all = Object.values(state.repositories).sort((a, b) => a.repositoryName.localeCompare(b.repositoryName));
      if (names) {
        const missing = names.find((n) => !state.repositories[n]);
        if (missing) throw new AwsError('RepositoryNotFoundException', 400, `The repository with name '${missing}' does not exist in the registry with id '${state.accountId}'`);
      }
      const selected = names ? all.filter((r) => names.includes(r.repositoryName)) : all;
      const start = Number(body.nextToken ?? 0);
      const max = Number(body.maxResults ?? 100);
      const next = start + max < selected.length ? String(start + max) : undefined;
      return { repositories: selected.slice(start, start + max).map(repoOut), nextToken: next };
    }
    case 'DeleteRepository': {
      const repo = find();
      delete state.repositories[repo.repositoryName];
      return { repository: repoOut(repo) };
    }
    case 'GetRepositoryPolicy': {
      const repo = find();
      if (!repo.policyText) throw new AwsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${repo.repositoryName}'`);
      return { registryId: state.accountId, repositoryName: repo.repositoryName, policyText: repo.policyText };
    }
    case 'SetRepositoryPolicy': {
      const repo = find();
      repo.policyText = String(body.policyText ?? '');
      return { registryId: state.accountId, repositoryName: repo.repositoryName, policyText: repo.policyText };
    }
    case 'DeleteRepositoryPolicy': {
      const repo = find();
      const policyText = repo.policyText;
      if (!policyText) throw new AwsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${repo.repositoryName}'`);
      repo.policyText = undefined;
      return { registryId: state.accountId, repositoryName: repo.repositoryName, policyText };
    }
    default:
      throw new AwsError('UnknownOperationException', 400, `The local sandbox account does not implement ECR ${op}.`);
  }
}

/** Writes the state atomically: a temporary file, then a rename, so that a crash leaves the old or the new. */
function persist(file: string, state: AccountState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(state));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

function load(file: string | undefined): AccountState {
  if (!file || !fs.existsSync(file)) return newAccount();
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as AccountState;
    if (!state.accountId || typeof state.roles !== 'object' || typeof state.policies !== 'object') throw new Error('not a sandbox state');
    state.repositories ??= {};
    return state;
  } catch (e) {
    throw new Error(`The sandbox state file ${file} cannot be read (${e instanceof Error ? e.message : String(e)}); move it away to start afresh.`);
  }
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || (address?.startsWith('127.') ?? false);
}

/**
 * Starts the local sandbox account: an AWS-compatible endpoint on 127.0.0.1 speaking IAM and STS
 * (Query protocol, XML) and ECR (JSON 1.1), for the real AWS SDK clients. Any credentials are accepted.
 * Rejects when the port is taken or the state file is unreadable.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const account = new Account(load(options.stateFile));
  let faults: Faults = options.faults ?? {};
  const random = options.random ?? Math.random;
  const server = http.createServer((req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const auth = String(req.headers.authorization ?? '');
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\//.exec(auth);
      const region = scope?.[1] ?? 'us-east-1';
      const requestId = randomUUID();
      const isEcr = target.startsWith(ECR_PREFIX);
      const params = isEcr ? new URLSearchParams() : new URLSearchParams(body);
      const operation = isEcr ? target.slice(ECR_PREFIX.length) : params.get('Action') ?? '';
      const isSts = !isEcr && (scope?.[2] === 'sts' || operation === 'GetCallerIdentity');
      const ns = isSts ? STS_NS : IAM_NS;
      const send = (status: number, text: string, type: string) => {
        const reply = () => {
          res.writeHead(status, { 'Content-Type': type, 'x-amzn-RequestId': requestId, 'Content-Length': Buffer.byteLength(text) });
          res.end(text);
        };
        if (faults.latencyMs) setTimeout(reply, faults.latencyMs);
        else reply();
      };
      const fail = (e: AwsError) => isEcr
        ? send(e.status, JSON.stringify({ __type: e.code, message: e.message }), 'application/x-amz-json-1.1')
        : send(e.status, queryError(e, ns, requestId), 'text/xml');
      const faulty = !faults.operations || faults.operations.includes(operation);
      if (faulty && faults.dropRate && random() < faults.dropRate) {
        req.socket.destroy();
        return;
      }
      if (faulty && faults.throttleRate && random() < faults.throttleRate) {
        fail(new AwsError(isEcr ? 'ThrottlingException' : 'Throttling', 400, 'Rate exceeded'));
        return;
      }
      if (faulty && faults.errorRate && random() < faults.errorRate) {
        fail(new AwsError(isEcr ? 'ServerException' : 'ServiceFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.'));
        return;
      }
      try {
        if (isEcr) {
          const input = body ? JSON.parse(body) : {};
          const output = ecr(account, operation, input, region);
          if (options.stateFile && !/^(Describe|Get)/.test(operation)) persist(options.stateFile, account.state);
          send(200, JSON.stringify(output), 'application/x-amz-json-1.1');
        } else if (isSts) {
          if (operation !== 'GetCallerIdentity') throw new AwsError('InvalidAction', 400, `The local sandbox account does not implement STS ${operation}.`);
          const accessKey = /Credential=([^/]+)\//.exec(auth)?.[1] ?? 'anonymous';
          send(200, queryResponse(operation, ns, {
            Arn: `arn:aws:iam::${account.state.accountId}:user/sandbox`, UserId: `AIDA${accessKey.length > 4 ? 'SANDBOXUSER' : 'ANONYMOUS'}`, Account: account.state.accountId,
          }, requestId), 'text/xml');
        } else {
          const handler = IAM[operation];
          if (!handler) throw new AwsError('InvalidAction', 400, `The local sandbox account does not implement IAM ${operation || '(no Action)'}.`);
          const result = handler(account, params);
          if (options.stateFile && !READS.test(operation)) persist(options.stateFile, account.state);
          send(200, queryResponse(operation, ns, result, requestId), 'text/xml');
        }
      } catch (e) {
        fail(e instanceof AwsError ? e : new AwsError(isEcr ? 'ServerException' : 'ServiceFailure', 500, e instanceof Error ? e.message : String(e)));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE'
      ? new Error(`Port ${options.port} on 127.0.0.1 is in use: choose another with --port, or 0 for any free port.`)
      : e));
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accountId: account.state.accountId,
    setFaults: (f) => { faults = f; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
