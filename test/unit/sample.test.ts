// The sample workspace of `npm start`: sample/iam/ is exactly what the role templates render (rewrite it
// with `npm run render:sample`), checks clean, and sample/tutorial-mistakes/ shows the
// tutorials' mistakes as findings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { listFolder, readFileIfExists } from '../../src/iam/files';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { SAMPLE_IAM, sampleFiles } from '../../scripts/renderSample';

const sample = path.dirname(SAMPLE_IAM);

/** The files under a folder, relative to `base` with POSIX separators, sorted. */
function filesUnder(folder: string, base: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true }).filter((e) => e.isFile())
    .map((e) => path.relative(base, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

function codesOf(file: string): string[] {
  return checkText(fs.readFileSync(file, 'utf8'), { catalog: getCatalog, fileName: file, readFile: readFileIfExists, readDir: listFolder })
    .map((f) => `${path.relative(sample, f.file ?? file)} ${f.severity} ${f.code}`);
}

describe('the sample workspace (sample/)', () => {
  it('holds the README, the rendered roles and the tutorials\' mistakes, nothing else', () => {
    assert.deepStrictEqual(fs.readdirSync(sample).sort(), ['README.md', 'iam', 'tutorial-mistakes']);
  });

  it('sample/iam/ is byte for byte the role templates rendered with their defaults (npm run render:sample)', () => {
    const rendered = sampleFiles();
    assert.deepStrictEqual(filesUnder(SAMPLE_IAM, sample), rendered.map((f) => f.path).sort());
    for (const f of rendered) assert.strictEqual(fs.readFileSync(path.join(sample, f.path), 'utf8'), f.text, f.path);
  });

  it('sample/iam/ checks clean, every manifest with the files it names', () => {
    assert.deepStrictEqual(filesUnder(SAMPLE_IAM, sample).flatMap((f) => codesOf(path.join(sample, f))), []);
  });

  it('sample/tutorial-mistakes/ shows each tutorial\'s mistake', () => {
    const folder = path.join(sample, 'tutorial-mistakes');
    assert.deepStrictEqual(fs.readdirSync(folder).sort().map((f) => [f, codesOf(path.join(folder, f))]), [
      ['001-write-ecr.policy.json', ['tutorial-mistakes/001-write-ecr.policy.json error INVALID_ACTION']],
      ['002-ecs-exec.policy.json', [
        'tutorial-mistakes/002-ecs-exec.policy.json error TEMPLATE_PLACEHOLDER',
        'tutorial-mistakes/002-ecs-exec.policy.json error TEMPLATE_PLACEHOLDER',
        'tutorial-mistakes/002-ecs-exec.policy.json error TEMPLATE_PLACEHOLDER',
        'tutorial-mistakes/002-ecs-exec.policy.json error TEMPLATE_PLACEHOLDER',
      ]],
      ['003-fcj-ecr-ci-cd.policy.json', ['tutorial-mistakes/003-fcj-ecr-ci-cd.policy.json warning ACTION_REQUIRES_WILDCARD_RESOURCE']],
      ['004-ec2-role.trust.json', ['tutorial-mistakes/004-ec2-role.trust.json error INVALID_VERSION']],
    ]);
  });
});
