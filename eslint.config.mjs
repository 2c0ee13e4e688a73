// Lint: typescript-eslint's recommended rules plus the layering rule of ../shared/design.md:
// only src/editor/ and src/extension.ts may import `vscode`, and src/iam/ imports no LSP package.
import tseslint from 'typescript-eslint';

const noVscode = {
  name: 'vscode',
  message: 'Only src/editor/ and src/extension.ts may import vscode (see the layering in the README).',
};
const lspPackages = ['vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageserver-textdocument',
  'vscode-languageclient', 'vscode-languageclient/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'screenshots/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain CommonJS scripts that run before anything is compiled.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/aws/**', 'src/cli/**', 'src/server/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/iam/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: lspPackages, message: 'src/iam/ is a pure library: no LSP packages, no vscode.' }],
      }],
    },
  },
);
