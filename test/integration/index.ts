// The extension-tests entry (extensionTestsPath): VS Code, desktop or code-server, calls run() inside
// the extension host; it runs every bundled *.test.js beside it with mocha and rejects on any failure.
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';
import { format } from 'util';
import * as vscode from 'vscode';
import { CONSOLE_MARKER } from '../../scripts/host/consoleMarker';

/**
 * The reporter's output. In a web workbench (code-server) the test host picks the tests' lines out of the
 * browser console by a marker; the extension host's `console` itself cannot be reassigned.
 */
function reporterLog(): (...args: unknown[]) => void {
  const log = console.log.bind(console);
  if (vscode.env.uiKind !== vscode.UIKind.Web) return log;
  return (...args: unknown[]) => log(CONSOLE_MARKER + format(...args));
}

export function run(): Promise<void> {
  const log = reporterLog();
  Mocha.reporters.Base.consoleLog = log;
  log(`IAM Author integration tests in VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost})`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.IAM_AUTHOR_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
