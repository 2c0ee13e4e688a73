// A temporary AWS configuration for the tests of src/aws: config and credentials files in a fresh HOME.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const KEY = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Variables that would let the SDK find credentials or a region outside the temporary files. */
const AWS_ENV = [
  'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_STS', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/**
 * A temporary HOME with AWS config and credentials files, environment variables pointing at them,
 * instance metadata disabled; `restore()` puts the environment back and removes the files.
 */
export function awsConfigFixture(config: (dir: string) => string[], credentials: string[]): { dir: string; set(vars: Record<string, string | undefined>): void; restore(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-config-'));
  fs.writeFileSync(path.join(dir, 'config'), config(dir).join('\n'));
  fs.writeFileSync(path.join(dir, 'credentials'), credentials.join('\n'));
  const saved = new Map<string, string | undefined>();
  const set = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (!saved.has(k)) saved.set(k, process.env[k]);
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(Object.fromEntries(AWS_ENV.map((k) => [k, undefined])));
  set({ AWS_CONFIG_FILE: path.join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'), HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' });
  return {
    dir,
    set,
    restore: () => {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
