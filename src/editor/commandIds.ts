/** Every command id the extension registers; package.json contributes the same list. */
export const Commands = {
  restartLanguageServer: 'iamAuthor.restartLanguageServer',
  showOutput: 'iamAuthor.showOutput',
} as const;
