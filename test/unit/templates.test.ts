// The workshop templates: every one renders clean documents with its defaults and with other answers,
// byte for byte what test/fixtures/templates/ holds; role manifests load as manifests; shared policies
// are the same bytes at the same path whichever role writes them; each validator's exact messages.
//
// After changing a template on purpose, regenerate the golden files and review the diff:
//   UPDATE_GOLDEN=1 npx mocha test/unit/templates.test.ts
import * as assert from 'assert';
import * as fs from 'fs';
import { parse } from 'jsonc-parser';
import * as path from 'path';
import { parseDocument } from '../../src/iam/document';
import { partitionOfRegion, REGIONS_BY_PARTITION } from '../../src/iam/regions';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { findTemplate, planWrites, RenderedFile, RULES, TEMPLATES, withDefaults } from '../../src/iam/templates';
import { validateExternalId } from '../../src/iam/templates/validators';

const goldenRoot = path.resolve(__dirname, '..', 'fixtures', 'templates');
const update = process.env.UPDATE_GOLDEN === '1';

/** A second set of answers, by parameter name: every one different from its default. */
const SAMPLE = new Map([
  ['accountId', '210987654321'],
  ['region', 'ap-southeast-1'],
  ['roleName', 'Workshop.Role-2'],
  ['policyName', 'ExecInRetailCluster'],
  ['bucket', 'team-a.assets-2026'],
  ['repository', 'team/web-app'],
  ['cluster', 'Retail_Cluster-2'],
  ['trustedAccountId', '444455556666'],
  ['externalId', 'partner:4f3b/a=1'],
  ['githubOwner', 'my-org'],
  ['githubRepository', 'web.app_2'],
  ['githubRef', 'environment:production'],
]);

/** Checks every rendered file as the editor would, its references read from the other rendered files. */
function findingsOf(files: readonly RenderedFile[]): string[] {
  const base = path.resolve('/workspace');
  const texts = new Map(files.map((f) => [path.join(base, f.path), f.text]));
  const readDir = (dir: string) => [...texts.keys()].filter((k) => path.dirname(k) === dir).map((k) => path.basename(k));
  return files.flatMap((f) => checkText(f.text, { catalog: getCatalog, fileName: path.join(base, f.path), readFile: (p) => texts.get(p), readDir })
    .map((x) => `${path.relative(base, x.file ?? path.join(base, f.path))} ${x.severity} ${x.code} ${x.message}`));
}

/** The files under a golden folder, by path relative to it. */
function readGolden(folder: string): RenderedFile[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ path: path.relative(folder, file).split(path.sep).join('/'), text: fs.readFileSync(file, 'utf8') }));
}

function writeGolden(folder: string, files: readonly RenderedFile[]): void {
  fs.rmSync(folder, { recursive: true, force: true });
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(folder, f.path)), { recursive: true });
    fs.writeFileSync(path.join(folder, f.path), f.text);
  }
}

const byPath = (a: RenderedFile, b: RenderedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

describe('templates: rendered documents', () => {
  for (const template of TEMPLATES) {
    for (const [answers, given] of [['defaults', new Map<string, string>()], ['sample', SAMPLE]] as const) {
      describe(`${template.id} with ${answers === 'defaults' ? 'its defaults' : 'the sample answers'}`, () => {
        const files = template.render(withDefaults(template, given));

        it('has no finding above suggestion', () => {
          assert.deepStrictEqual(findingsOf(files).filter((f) => !/^\S+ suggestion /.test(f)), []);
        });

        it(`is byte for byte test/fixtures/templates/${template.id}/${answers}`, () => {
          const folder = path.join(goldenRoot, template.id, answers);
          if (update) writeGolden(folder, files);
          assert.deepStrictEqual([...files].sort(byPath), readGolden(folder).sort(byPath));
        });
      });
    }
  }

  it('writes the main file first: the role manifest, or the policy', () => {
    for (const t of TEMPLATES) {
      const [main] = t.render(withDefaults(t, new Map()));
      const expected = { role: /^iam\/roles\/[^/]+\/[^/]+\.role\.json$/, policy: /^iam\/policies\/[^/]+\.policy\.json$/, trust: /^iam\/trust\/[^/]+\.trust\.json$/ }[t.kind];
      assert.match(main.path, expected, t.id);
    }
  });

  it('answers with the sample values differ from the defaults, so that both renderings test something', () => {
    for (const t of TEMPLATES) {
      for (const p of t.parameters) assert.notStrictEqual(SAMPLE.get(p.name) ?? p.default, p.default, `${t.id} ${p.name}`);
    }
  });
});

describe('templates: role manifests', () => {
  const roles = TEMPLATES.filter((t) => t.kind === 'role');

  it('has the seven workshop roles', () => {
    assert.deepStrictEqual(roles.map((t) => [t.id, t.parameters.find((p) => p.name === 'roleName')?.default]), [
      ['dev-ec2-role', 'DevEC2'],
      ['prod-ec2-role', 'ProdEC2'],
      ['custom-rw-ecr-role', 'CustomRWECRRole'],
      ['retail-store-ecs-task-execution-role', 'retailStoreECSTaskExecutionRole'],
      ['retail-store-ecs-task-role', 'retailStoreEcsTaskRole'],
      ['ec2-role', 'FoxuTech'],
      ['github-actions-ecr-role', 'fcj-ecr-ci-cd-role'],
    ]);
  });

  // Until iam/manifest.ts (the role model's loader) lands, a manifest "loads" when the document model
  // reads it as a manifest and checkText, with its referenced files, reports nothing about it.
  for (const t of roles) {
    it(`${t.id}: its manifest loads as a role manifest with every file it names`, () => {
      const files = t.render(withDefaults(t, SAMPLE));
      const [manifest] = files;
      const fileName = path.resolve('/workspace', manifest.path);
      assert.strictEqual(parseDocument(manifest.text, fileName).kind, 'manifest');
      const texts = new Map(files.map((f) => [path.resolve('/workspace', f.path), f.text]));
      const read: string[] = [];
      const findings = checkText(manifest.text, { catalog: getCatalog, fileName, readFile: (p) => (read.push(path.relative('/workspace', p)), texts.get(p)) });
      assert.deepStrictEqual(findings.map((f) => f.code), []);
      // Every other rendered file is a document the manifest names.
      assert.deepStrictEqual([...new Set(read)].sort(), files.slice(1).map((f) => f.path).sort());
      assert.strictEqual(parse(manifest.text).RoleName, 'Workshop.Role-2');
    });
  }

  it('gives EC2 roles an instance profile, and no other role', () => {
    const withProfile = roles.filter((t) => parse(t.render(withDefaults(t, new Map()))[0].text).InstanceProfile === true).map((t) => t.id);
    assert.deepStrictEqual(withProfile, ['dev-ec2-role', 'prod-ec2-role', 'custom-rw-ecr-role', 'ec2-role']);
  });

  it('names the shared policies by relative path, with the same name and description in every manifest', () => {
    const seen = new Map<string, string>();
    for (const t of roles) {
      const [manifest] = t.render(withDefaults(t, new Map()));
      for (const p of parse(manifest.text).CustomerManagedPolicies ?? []) {
        assert.match(p.PolicyDocument, /^\.\.\/\.\.\/policies\/[^/]+\.policy\.json$/);
        const entry = JSON.stringify(p);
        assert.strictEqual(seen.get(p.PolicyName) ?? entry, entry, `${t.id} ${p.PolicyName}`);
        seen.set(p.PolicyName, entry);
      }
    }
    assert.deepStrictEqual([...seen.keys()].sort(), ['RWDS3Objects', 'ReadECRRepositoryContent', 'WriteECRRepositoryContent', 'fcj-ecr-ci-cd-policy']);
  });

  it('writes a shared policy at the same path with the same bytes, whichever template writes it', () => {
    for (const given of [new Map<string, string>(), SAMPLE]) {
      const written = new Map<string, Set<string>>();
      for (const t of TEMPLATES) {
        for (const f of t.render(withDefaults(t, given)).filter((f) => f.path.startsWith('iam/policies/'))) {
          written.set(f.path, (written.get(f.path) ?? new Set()).add(f.text));
        }
      }
      assert.deepStrictEqual([...written].map(([p, texts]) => [p, texts.size]).sort(), [
        ['iam/policies/RWDS3Objects.policy.json', 1],
        ['iam/policies/ReadECRRepositoryContent.policy.json', 1],
        ['iam/policies/WriteECRRepositoryContent.policy.json', 1],
        ['iam/policies/fcj-ecr-ci-cd-policy.policy.json', 1],
      ]);
    }
  });

  it('plans a second role\'s writes: its own files created, the shared policy it finds with the same text left alone', () => {
    const dev = findTemplate('dev-ec2-role')!;
    const prod = findTemplate('prod-ec2-role')!;
    const folder = new Map(dev.render(withDefaults(dev, new Map())).map((f) => [f.path, f.text]));
    const plan = (given: Map<string, string>) => planWrites(prod.render(withDefaults(prod, given)), (p) => folder.get(p)).map((w) => [w.file.path, w.action]);
    assert.deepStrictEqual(plan(new Map()), [
      ['iam/roles/ProdEC2/ProdEC2.role.json', 'create'],
      ['iam/roles/ProdEC2/ec2.trust.json', 'create'],
      ['iam/policies/ReadECRRepositoryContent.policy.json', 'unchanged'],
      ['iam/policies/RWDS3Objects.policy.json', 'unchanged'],
    ]);
    assert.deepStrictEqual(plan(new Map([['bucket', 'other-bucket']])).slice(2), [
      ['iam/policies/ReadECRRepositoryContent.policy.json', 'unchanged'],
      ['iam/policies/RWDS3Objects.policy.json', 'overwrite'],
    ]);
  });

  it('puts each role in its own folder, named after the role', () => {
    const t = findTemplate('retail-store-ecs-task-role')!;
    assert.deepStrictEqual(t.render(withDefaults(t, new Map([['roleName', 'AppTask']]))).map((f) => f.path), [
      'iam/roles/AppTask/AppTask.role.json',
      'iam/roles/AppTask/ecs-tasks.trust.json',
      'iam/roles/AppTask/ecs-exec.policy.json',
    ]);
  });

  it('scopes the GitHub trust to one repository and a branch or an environment, never a wildcard', () => {
    const t = findTemplate('github-actions-trust')!;
    const sub = (ref: string) => parse(t.render(withDefaults(t, new Map([['githubRef', ref]])))[0].text)
      .Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'];
    assert.deepStrictEqual([sub('main'), sub('release/2026'), sub('environment:prod')], [
      'repo:octo-org/fcj-workshop-app:ref:refs/heads/main',
      'repo:octo-org/fcj-workshop-app:ref:refs/heads/release/2026',
      'repo:octo-org/fcj-workshop-app:environment:prod',
    ]);
  });
});

describe('templates: the list', () => {
  it('has unique ids, found by findTemplate, and nothing for other names', () => {
    assert.strictEqual(new Set(TEMPLATES.map((t) => t.id)).size, TEMPLATES.length);
    for (const t of TEMPLATES) assert.strictEqual(findTemplate(t.id), t);
    for (const name of ['constructor', '__proto__', 'toString', 'DEV-EC2-ROLE', '']) assert.strictEqual(findTemplate(name), undefined, name);
  });

  it('has every policy and trust policy of the issue', () => {
    assert.deepStrictEqual(TEMPLATES.filter((t) => t.kind === 'policy').map((t) => t.title),
      ['ReadECRRepositoryContent', 'WriteECRRepositoryContent', 'RWDS3Objects', 'fcj-ecr-ci-cd-policy']);
    assert.deepStrictEqual(TEMPLATES.filter((t) => t.kind === 'trust').map((t) => t.id),
      ['ec2-trust', 'ecs-tasks-trust', 'lambda-trust', 'cross-account-trust', 'github-actions-trust']);
  });

  it('gives every parameter a valid default and its kind\'s rule', () => {
    for (const t of TEMPLATES) {
      for (const p of t.parameters) {
        assert.strictEqual(p.validate(p.default), undefined, `${t.id} ${p.name}`);
        assert.strictEqual(p.rule, p.kind === 'text' ? '2-1224 letters, digits and + = , . @ : / _ -' : RULES.get(p.kind)!.rule);
      }
    }
  });

  it('fills in defaults without a prototype and ignores names the template lacks', () => {
    const t = findTemplate('ecs-tasks-trust')!;
    const values = withDefaults(t, new Map([['region', 'eu-west-1'], ['__proto__', 'x'], ['bucket', 'b-1']]));
    assert.strictEqual(Object.getPrototypeOf(values), null);
    assert.deepStrictEqual({ ...values }, { accountId: '123456789012', region: 'eu-west-1' });
  });
});

describe('templates: validators', () => {
  const validate = (kind: Parameters<typeof RULES.get>[0], value: string) => RULES.get(kind)!.validate(value);
  const cases: [Parameters<typeof RULES.get>[0], string, string | undefined][] = [
    ['accountId', '123456789012', undefined],
    ['accountId', '1234-5678-9012', '"1234-5678-9012" is not an AWS account id as ARNs write it: write its 12 digits without dashes or spaces: 123456789012'],
    ['accountId', '12345678901', '"12345678901" is not an AWS account id: an account id is 12 digits, such as 123456789012'],
    ['accountId', '', '"" is not an AWS account id: an account id is 12 digits, such as 123456789012'],
    ['region', 'ap-southeast-1', undefined],
    ['region', 'me-central-1', undefined],
    ['region', 'cn-north-1', '"cn-north-1" is a Region of the aws-cn partition; these templates write ARNs of the aws partition: choose one of its Regions, such as us-east-1'],
    ['region', 'us-east1', '"us-east1" is not an AWS Region; did you mean us-east-1?'],
    ['region', 'US-EAST-1', '"US-EAST-1" is not an AWS Region; did you mean us-east-1?'],
    ['region', 'mars', '"mars" is not an AWS Region: write a Region name such as us-east-1 or ap-southeast-1'],
    ['ecrRepository', 'fcj-workshop-app', undefined],
    ['ecrRepository', 'team/web_app.v2', undefined],
    ['ecrRepository', 'a', '"a" is not an ECR repository name: it has 1 character; a name has 2-256'],
    ['ecrRepository', 'Web-App', '"Web-App" is not an ECR repository name: names are lower case: web-app'],
    ['ecrRepository', 'web--app', '"web--app" is not an ECR repository name: use lower-case letters and digits, separated by single . _ - and / for namespaces (such as team/fcj-workshop-app)'],
    ['ecrRepository', '/web', '"/web" is not an ECR repository name: use lower-case letters and digits, separated by single . _ - and / for namespaces (such as team/fcj-workshop-app)'],
    ['s3Bucket', 'team-a.assets-2026', undefined],
    ['s3Bucket', 'ab', '"ab" is not an S3 bucket name: it has 2 characters; a name has 3-63'],
    ['s3Bucket', 'My-Bucket', '"My-Bucket" is not an S3 bucket name: names are lower case: my-bucket'],
    ['s3Bucket', 'my_bucket', '"my_bucket" is not an S3 bucket name: use only lower-case letters, digits, dots and hyphens'],
    ['s3Bucket', '-bucket', '"-bucket" is not an S3 bucket name: it must begin and end with a letter or a digit'],
    ['s3Bucket', 'my..bucket', '"my..bucket" is not an S3 bucket name: two dots cannot be next to each other'],
    ['s3Bucket', '192.168.5.4', '"192.168.5.4" is not an S3 bucket name: a name cannot look like an IP address'],
    ['s3Bucket', 'xn--bucket', '"xn--bucket" is not an S3 bucket name: names starting with xn-- are reserved by S3'],
    ['s3Bucket', 'amzn-s3-demo-bucket', '"amzn-s3-demo-bucket" is not an S3 bucket name: names starting with amzn-s3-demo- are reserved by S3'],
    ['s3Bucket', 'assets-s3alias', '"assets-s3alias" is not an S3 bucket name: names ending with -s3alias are reserved by S3'],
    ['ecsCluster', 'Retail_Cluster-2', undefined],
    ['ecsCluster', '', '"" is not an ECS cluster name: it has 0 characters; a name has 1-255'],
    ['ecsCluster', 'retail store', '"retail store" is not an ECS cluster name: use only letters, digits, hyphens and underscores'],
    ['roleName', 'Workshop.Role-2', undefined],
    ['roleName', 'r'.repeat(65), `"${'r'.repeat(65)}" is not an IAM role name: it has 65 characters; a name has 1-64`],
    ['roleName', 'dev ec2', '"dev ec2" is not an IAM role name: use only letters, digits and + = , . @ _ -'],
    ['policyName', 'p'.repeat(128), undefined],
    ['policyName', 'p'.repeat(129), `"${'p'.repeat(129)}" is not an IAM policy name: it has 129 characters; a name has 1-128`],
    ['policyName', 'ecs/exec', '"ecs/exec" is not an IAM policy name: use only letters, digits and + = , . @ _ -'],
    ['githubOwner', 'octo-org', undefined],
    ['githubOwner', 'a'.repeat(40), `"${'a'.repeat(40)}" is not a GitHub user or organization name: it has 40 characters; a name has 1-39`],
    ['githubOwner', 'octo_org', '"octo_org" is not a GitHub user or organization name: use only letters, digits and hyphens'],
    ['githubOwner', '-octo', '"-octo" is not a GitHub user or organization name: hyphens go between letters or digits, one at a time'],
    ['githubOwner', 'octo--org', '"octo--org" is not a GitHub user or organization name: hyphens go between letters or digits, one at a time'],
    ['githubRepository', 'web.app_2', undefined],
    ['githubRepository', '', '"" is not a GitHub repository name: it has 0 characters; a name has 1-100'],
    ['githubRepository', 'web app', '"web app" is not a GitHub repository name: use only letters, digits, dots, hyphens and underscores'],
    ['githubRepository', '..', '".." is not a GitHub repository name: . and .. are reserved'],
    ['githubRef', 'main', undefined],
    ['githubRef', 'release/2026.1', undefined],
    ['githubRef', 'environment:production', undefined],
    ['githubRef', '', '"" is not a GitHub branch: the branch name is empty (for an environment, write environment:NAME)'],
    ['githubRef', 'feature*', '"feature*" is not a GitHub branch: a branch name cannot contain spaces, control characters or any of ~ ^ : ? * [ \\ (for an environment, write environment:NAME)'],
    ['githubRef', 'env:prod', '"env:prod" is not a GitHub branch: a branch name cannot contain spaces, control characters or any of ~ ^ : ? * [ \\ (for an environment, write environment:NAME)'],
    ['githubRef', 'a..b', '"a..b" is not a GitHub branch: a branch name cannot contain .. or @{, nor be @ (for an environment, write environment:NAME)'],
    ['githubRef', '-main', '"-main" is not a GitHub branch: a branch name cannot begin with a hyphen (for an environment, write environment:NAME)'],
    ['githubRef', 'release/', '"release/" is not a GitHub branch: slashes go between parts of a branch name, one at a time (for an environment, write environment:NAME)'],
    ['githubRef', 'main.lock', '"main.lock" is not a GitHub branch: a branch name cannot end with a dot, nor have a part that begins with a dot or ends with .lock (for an environment, write environment:NAME)'],
    ['githubRef', 'environment:', '"environment:" is not a GitHub environment: its name has 0 characters; a name has 1-255'],
    ['githubRef', `environment:${'e'.repeat(256)}`, `"environment:${'e'.repeat(256)}" is not a GitHub environment: its name has 256 characters; a name has 1-255`],
  ];
  for (const [kind, value, expected] of cases) {
    it(`${kind} ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}: ${expected === undefined ? 'valid' : 'invalid'}`, () => {
      assert.strictEqual(validate(kind, value), expected);
    });
  }

  it('checks an external id as AssumeRole does', () => {
    assert.deepStrictEqual([validateExternalId('partner:4f3b/a=1'), validateExternalId('x'), validateExternalId('an id')], [
      undefined,
      '"x" is not an external id: it has 1 character; an external id has 2-1224',
      '"an id" is not an external id: use only letters, digits and + = , . @ : / _ -',
    ]);
  });

  it('refuses . and .. as a role template\'s role name: the role\'s folder is named after it', () => {
    const roleName = findTemplate('dev-ec2-role')!.parameters.find((p) => p.name === 'roleName')!;
    assert.deepStrictEqual(['.', '..', '...', 'dev ec2'].map((v) => roleName.validate(v)), [
      '"." cannot name a role here: the role\'s folder is named after it; choose another name',
      '".." cannot name a role here: the role\'s folder is named after it; choose another name',
      undefined,
      '"dev ec2" is not an IAM role name: use only letters, digits and + = , . @ _ -',
    ]);
  });

  it('has a rule and a validator for every kind but text', () => {
    assert.deepStrictEqual([...RULES.keys()], ['accountId', 'region', 'ecrRepository', 's3Bucket', 'ecsCluster', 'roleName', 'policyName', 'githubOwner', 'githubRepository', 'githubRef']);
  });
});

describe('regions', () => {
  it('lists every Region of the AWS SDK\'s endpoint data, in its partition', async () => {
    // The SDK's own table (not a public export of @aws-sdk/core): if it moves, find it again there.
    const sdk = path.join(path.dirname(require.resolve('@aws-sdk/core/package.json')), 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
    const { partitionsInfo } = await import(sdk) as { partitionsInfo: { partitions: { id: string; regions: Record<string, unknown> }[] } };
    const theirs = partitionsInfo.partitions.map((p) => [p.id, Object.keys(p.regions).filter((r) => !r.endsWith('-global')).sort()]).sort();
    assert.deepStrictEqual([...REGIONS_BY_PARTITION].map(([p, r]) => [p, [...r].sort()]).sort(), theirs);
  });

  it('names the partition of a Region, and none for anything else', () => {
    assert.deepStrictEqual(['eu-west-1', 'cn-northwest-1', 'us-gov-west-1', 'eusc-de-east-1', 'EU-WEST-1', 'eu-west-9', 'constructor', ''].map(partitionOfRegion),
      ['aws', 'aws-cn', 'aws-us-gov', 'aws-eusc', undefined, undefined, undefined, undefined]);
  });
});
