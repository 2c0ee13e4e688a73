import * as assert from 'assert';
import * as fs from 'fs';
import { parse } from 'jsonc-parser';
import * as path from 'path';
import { checkText } from '../../src/iam/service';
import { getCatalog } from '../../src/iam/catalog';

interface Snippet { scope: string; prefix: string; description: string; body: string[] }

const file = path.resolve(__dirname, '..', '..', 'snippets', 'iam.code-snippets');
const snippets = new Map(Object.entries(parse(fs.readFileSync(file, 'utf8')) as Record<string, Snippet>));

/**
 * A snippet body as VS Code inserts it when every placeholder keeps its default: `${1:x}` is x (nested
 * placeholders expanded), `${1|a,b|}` its first choice, `$1`, `${1}` and `$0` nothing, `\$` a dollar.
 * Variables (`$TM_FILENAME`) are not used by our snippets and fail the test.
 */
function expandSnippet(body: string): string {
  let out = '';
  let i = 0;
  const readUntilClose = (): string => {
    // The placeholder's default runs to its matching `}`; nested `${...}` are expanded on the way.
    let text = '';
    while (i < body.length && body[i] !== '}') {
      if (body[i] === '\\') { text += body[i + 1]; i += 2; continue; }
      if (body[i] === '$') { text += readDollar(); continue; }
      text += body[i++];
    }
    assert.ok(i < body.length, `unclosed placeholder in ${JSON.stringify(body)}`);
    i++;
    return text;
  };
  const readDollar = (): string => {
    i++;
    const tabstop = /^\d+/.exec(body.slice(i));
    if (tabstop) { i += tabstop[0].length; return ''; }
    assert.strictEqual(body[i], '{', `a variable, not a tab stop, at ${i} of ${JSON.stringify(body)}`);
    i++;
    const n = /^\d+/.exec(body.slice(i));
    assert.ok(n, `a variable, not a tab stop, at ${i} of ${JSON.stringify(body)}`);
    i += n[0].length;
    if (body[i] === '}') { i++; return ''; }
    if (body[i] === ':') { i++; return readUntilClose(); }
    assert.strictEqual(body[i], '|', `unexpected ${body[i]} in ${JSON.stringify(body)}`);
    const end = body.indexOf('|}', i);
    const choice = body.slice(i + 1, end).split(',')[0];
    i = end + 2;
    return choice;
  };
  while (i < body.length) {
    if (body[i] === '\\') { out += body[i + 1]; i += 2; continue; }
    if (body[i] === '$') { out += readDollar(); continue; }
    out += body[i++];
  }
  return out;
}

/** Where a snippet is inserted, to check it in a document of its kind: the file name and the text around it. */
interface Context { fileName: string; wrap(expanded: string): string }

const policy = (statement: string) => `{ "Version": "2012-10-17", "Statement": [ ${statement} ] }`;
const document = (fileName: string): Context => ({ fileName, wrap: (s) => s });
const statement = (fileName: string): Context => ({ fileName, wrap: (s) => policy(s) });
const condition = (fileName: string, around: string): Context => ({ fileName, wrap: (s) => policy(`{ ${around}, ${s} }`) });
const resource = (action: string): Context => ({ fileName: 'a.policy.json', wrap: (s) => policy(`{ "Effect": "Allow", "Action": "${action}", "Resource": "${s}" }`) });

const CONTEXTS = new Map<string, Context>([
  ['IAM policy', document('a.policy.json')],
  ['IAM allow statement', statement('a.policy.json')],
  ['IAM deny statement', statement('a.policy.json')],
  ['IAM trust policy for a service', document('a.trust.json')],
  ['IAM trust statement: ec2', statement('a.trust.json')],
  ['IAM trust statement: ecs-tasks', statement('a.trust.json')],
  ['IAM trust statement: lambda', statement('a.trust.json')],
  ['IAM trust statement: codebuild', statement('a.trust.json')],
  ['IAM trust statement: states', statement('a.trust.json')],
  ['IAM trust statement: another account', statement('a.trust.json')],
  ['IAM trust statement: GitHub Actions', statement('a.trust.json')],
  ['IAM condition: MFA', condition('a.policy.json', '"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"')],
  ['IAM condition: source IP', condition('a.policy.json', '"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"')],
  ['IAM condition: organization', condition('a.policy.json', '"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"')],
  ['IAM condition: GitHub Actions OIDC', condition('a.trust.json',
    '"Effect": "Allow", "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, "Action": "sts:AssumeRoleWithWebIdentity"')],
  ['IAM condition: confused deputy', condition('a.trust.json', '"Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole"')],
  ['IAM ARN: ECR repository', resource('ecr:BatchGetImage')],
  ['IAM ARN: S3 bucket', resource('s3:ListBucket')],
  ['IAM ARN: S3 objects', resource('s3:GetObject')],
  ['IAM ARN: ECS cluster', resource('ecs:DescribeClusters')],
  ['IAM ARN: ECS service', resource('ecs:UpdateService')],
  ['IAM ARN: ECS tasks', resource('ecs:DescribeTasks')],
  ['IAM role manifest', document('/work/role/my.role.json')],
]);

/** The documents the role manifest skeleton refers to, as they would be written beside it. */
const REFERENCED = new Map([
  ['/work/role/ec2.trust.json', policy('{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }')],
  ['/work/role/read-assets.policy.json', policy('{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*" }')],
]);

describe('snippets (snippets/iam.code-snippets)', () => {
  it('has a prefix, a description and a JSON scope on every snippet, each prefix once', () => {
    const problems = [...snippets].filter(([, s]) => !s.prefix.startsWith('iam-') || s.description.length < 20 || s.scope !== 'json,jsonc').map(([n]) => n);
    assert.deepStrictEqual(problems, []);
    const prefixes = [...snippets.values()].map((s) => s.prefix);
    assert.strictEqual(new Set(prefixes).size, prefixes.length);
  });

  it('expands placeholders to their defaults and choices to the first', () => {
    assert.strictEqual(expandSnippet('"${1:a ${2:b}}" ${3|x,y|} $1 ${4} \\$5 $0'), '"a b" x   $5 ');
  });

  it('has a context for each snippet and none for a snippet that no longer exists', () => {
    assert.deepStrictEqual([...snippets.keys()].filter((n) => !CONTEXTS.has(n)), []);
    assert.deepStrictEqual([...CONTEXTS.keys()].filter((n) => !snippets.has(n)), []);
  });

  for (const [name, snippet] of snippets) {
    it(`${snippet.prefix} with its defaults checks clean`, () => {
      const context = CONTEXTS.get(name)!;
      const text = context.wrap(expandSnippet(snippet.body.join('\n')));
      const findings = checkText(text, { catalog: getCatalog, fileName: context.fileName, readFile: (p) => REFERENCED.get(p) });
      assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.message}`), []);
    });
  }
});
