// The README's Neovim section, run in Debian 12's Neovim 0.7.2 (/usr/bin/nvim) by scripts/neovim/check.ts:
// the snippet for 0.7 as the README writes it, a driver that does what a user does, and the built
// `iam-author lsp --stdio`. `npm test` and .ci/run install Debian's neovim; without it this suite fails
// saying how to install it. 0.10 and 0.12 are run by hand (scripts/neovim/chroot-nvim).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkNeovim, failures, NeovimDiagnostic, neovimVersion, readmeSnippet } from '../../scripts/neovim/check';
import { getCatalog } from '../../src/iam/catalog';
import { ensureBuilt, root } from './builtCli';

const NVIM = '/usr/bin/nvim';
const README = path.join(root, 'README.md');

/** A one-line diagnostic as Neovim holds it, its columns in bytes. */
const diagnostic = (file: string, code: string, severity: NeovimDiagnostic['severity'], lnum: number, col: number, endCol: number, message: string): NeovimDiagnostic =>
  ({ file, code, severity, source: 'IAM Author', lnum, col, end_lnum: lnum, end_col: endCol, message });

const SID = '"LectureDesDonnées" has characters a Sid cannot: use only letters (A-Z, a-z) and digits (0-9).';
const S3_TYPO = '"s3:GetObjct" is no s3 action: did you mean "s3:GetObject"?';
const ECR_TYPO = '"ecr:BatchGetIm" is no ecr action: did you mean "ecr:BatchGetImage"?';
const WILDCARD = '"ecr:GetAuthorizationToken" supports no resource-level permissions, so a statement scoped to ARNs never grants it: '
  + 'give it "Resource": "*" in a statement of its own.';
const EFFECT = '"Alow" is not an Effect: write "Allow" or "Deny".';

describe('the README\'s Neovim configuration', () => {
  it('has a snippet for 0.7, 0.10, 0.11 and 0.12, and names the version it lacks', () => {
    const readme = fs.readFileSync(README, 'utf8');
    assert.match(readmeSnippet(readme, { major: 0, minor: 7 }), /vim\.lsp\.start_client\(/);
    assert.match(readmeSnippet(readme, { major: 0, minor: 10 }), /vim\.lsp\.start\(/);
    assert.strictEqual(readmeSnippet(readme, { major: 0, minor: 11 }), readmeSnippet(readme, { major: 0, minor: 12 }));
    assert.match(readmeSnippet(readme, { major: 0, minor: 12 }), /vim\.lsp\.enable\('iam_author'\)/);
    assert.throws(() => readmeSnippet(readme, { major: 0, minor: 9 }),
      { message: 'The README has no Neovim configuration for 0.9: add a **Neovim 0.9** paragraph followed by a lua block.' });
  });

  it('works in Debian 12\'s Neovim 0.7.2: diagnostics with their codes, K, a quick fix after non-ASCII text, completion, files never opened', async function () {
    this.timeout(120_000);
    assert.ok(fs.existsSync(NVIM), `${NVIM} does not exist: install Debian's Neovim with apt-get install --no-install-recommends neovim`);
    assert.deepStrictEqual(neovimVersion([NVIM]), { major: 0, minor: 7, patch: 2 }, `${NVIM} is not Debian 12's Neovim 0.7.2`);
    ensureBuilt();
    const result = await checkNeovim([NVIM], README);
    assert.deepStrictEqual(failures(result), []);
    // One server for the workspace, gone when Neovim quits (failures() names one left running).
    assert.strictEqual(result.servers, 1);
    assert.strictEqual(result.filetype, 'jsonc');
    // The override in the snippet's settings turns MISSING_VERSION off (the policy has no Version).
    // Columns are bytes: "é" before them on line 3 counts twice.
    assert.deepStrictEqual(result.steps, {
      attach: { clients: 1, omnifunc: 'v:lua.vim.lsp.omnifunc' },
      diagnostics: {
        items: [
          diagnostic('app.policy.json', 'UNSUPPORTED_SID', 'ERROR', 2, 14, 32, SID),
          diagnostic('app.policy.json', 'INVALID_ACTION', 'ERROR', 2, 66, 77, S3_TYPO),
          diagnostic('app.policy.json', 'ACTION_REQUIRES_WILDCARD_RESOURCE', 'WARN', 5, 18, 43, WILDCARD),
          diagnostic('app.policy.json', 'INVALID_ACTION', 'ERROR', 5, 47, 61, ECR_TYPO),
        ],
        // The snippet's format shows the code; a line shows its most severe finding, a square for each.
        virtual_text: [{ lnum: 2, text: `    ■■ ${S3_TYPO} [INVALID_ACTION]` }, { lnum: 5, text: `    ■■ ${ECR_TYPO} [INVALID_ACTION]` }],
      },
      hover: {
        lines: [
          '**ecr:GetAuthorizationToken** — Read',
          '',
          'Grants permission to retrieve a token that is valid for a specified registry for 12 hours',
          '',
          '**Resource types**',
          '*No resource-level permissions: use `"Resource": "*"`.*',
          '',
          '[ecr:GetAuthorizationToken in the Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/'
            + 'list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-GetAuthorizationToken)',
          '─'.repeat(78),
          `*IAM data ${getCatalog().dataVersion}*`,
        ],
      },
      code_action: {
        offered: ['Change to "LectureDesDonnes"', 'Change to "s3:GetObject"'],
        line: '    { "Sid": "LectureDesDonnées", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::reports/*" },',
      },
      completion: { words: ['ecr:BatchGetImage'], line: '      "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"],' },
      after_edits: {
        items: [
          diagnostic('app.policy.json', 'UNSUPPORTED_SID', 'ERROR', 2, 14, 32, SID),
          diagnostic('app.policy.json', 'ACTION_REQUIRES_WILDCARD_RESOURCE', 'WARN', 5, 18, 43, WILDCARD),
        ],
      },
      workspace: {
        items: [
          diagnostic('app.policy.json', 'UNSUPPORTED_SID', 'ERROR', 2, 14, 32, SID),
          diagnostic('app.policy.json', 'ACTION_REQUIRES_WILDCARD_RESOURCE', 'WARN', 5, 18, 43, WILDCARD),
          diagnostic('other.policy.json', 'INVALID_EFFECT', 'ERROR', 2, 29, 33, EFFECT),
        ],
        loaded: ['app.policy.json'],
        quickfix: [`app.policy.json:3:15 ${SID}`, `app.policy.json:6:19 ${WILDCARD}`, `other.policy.json:3:30 ${EFFECT}`],
      },
      // What the README says: `source = true` shows the source, not the code.
      source_option: { virtual_text: [{ lnum: 2, text: `    ■ IAM Author: ${SID}` }, { lnum: 5, text: `    ■ IAM Author: ${WILDCARD}` }] },
      // Typed without its closing quote: omnifunc writes the item up to the cursor and keeps what follows it.
      typing: { words: ['ecr:InitiateLayerUpload'], line: '      "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:InitiateLayerUpload],' },
    });
  });
});
