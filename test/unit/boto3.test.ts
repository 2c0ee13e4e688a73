// boto3 (Debian's python3-boto3), another client this project did not write, against the local
// sandbox account: issue 9's fixes as a Python learner meets them. `npm test` installs python3-boto3;
// without it this test fails in one line saying how to install it.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Sandbox, startSandbox } from '../../src/aws/sandbox/server';

/** Debian's Python, which sees Debian's boto3 (a pyenv python3 earlier on PATH does not). */
const PYTHON = '/usr/bin/python3';
const BOTO3 = '/usr/lib/python3/dist-packages/boto3';
const script = path.resolve(__dirname, '..', 'fixtures', 'boto3', 'check.py');

describe('boto3 against the local sandbox account', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;

  before(async () => {
    if (!fs.existsSync(PYTHON) || !fs.existsSync(BOTO3)) {
      throw new Error(`The boto3 check needs Debian's python3-boto3 (${BOTO3}): run \`apt-get install -y --no-install-recommends python3-boto3\` (npm test installs it when run as root).`);
    }
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
  });

  it('reads UpdateRole\'s answer, refuses control characters, keeps \\r\\n, and treats constructor like any name', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      execFile(PYTHON, [script, sandbox.endpoint], { timeout: 100_000, env: { PATH: process.env.PATH, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: 'true' } },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    assert.deepStrictEqual(JSON.parse(out), {
      update_role: [],
      description: 'line\r\nnext',
      control_character: ['ValidationError',
        '1 validation error detected: Value \'bell\uFFFD\' at \'description\' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*'],
      listed: ['constructor'],
      proto: ['NoSuchEntity', 'The role with name __proto__ cannot be found.'],
      to_string: ['NoSuchEntity', 'The role policy with name toString cannot be found.'],
      profiles: ['constructor'],
      delete_conflict: ['DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.'],
      token_user: 'AWS',
      proxy: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    });
  });
});
