// Runs the integration tests inside a real VS Code extension host with @vscode/test-electron's runTests.
// The host is, in order: the VS Code executable named by $IAM_AUTHOR_VSCODE; a desktop build that
// runTests downloads, when $IAM_AUTHOR_VSCODE_DOWNLOAD is set (opt-in, because the tests otherwise make
// no network call); else code-server from npm driven by headless Chromium (scripts/host/).
import { runTests } from '@vscode/test-electron';
import * as path from 'path';
import { tempDir } from './host/codeServer';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const executable = process.env.IAM_AUTHOR_VSCODE
    ?? (process.env.IAM_AUTHOR_VSCODE_DOWNLOAD ? undefined : path.join(root, 'scripts', 'host', 'code-server-test-host'));
  const profile = tempDir('iam-author-it-');
  try {
    await runTests({
      vscodeExecutablePath: executable,
      version: process.env.IAM_AUTHOR_VSCODE_DOWNLOAD || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index'),
      launchArgs: [
        path.join(root, 'test', 'fixtures', 'workspace'),
        `--user-data-dir=${path.join(profile.dir, 'user-data')}`,
        `--extensions-dir=${path.join(profile.dir, 'extensions')}`,
      ],
    });
  } finally {
    profile.remove();
  }
}

main().catch(() => {
  // runTests has already printed the host's output and its exit code.
  console.error('Integration tests failed.');
  process.exit(1);
});
