/** Every command id the extension registers; package.json contributes the same list. */
export const Commands = {
  restartLanguageServer: 'iamAuthor.restartLanguageServer',
  showOutput: 'iamAuthor.showOutput',
  switchConnection: 'iamAuthor.switchConnection',
  selectProfile: 'iamAuthor.selectProfile',
  selectRegion: 'iamAuthor.selectRegion',
  startSandbox: 'iamAuthor.startSandbox',
  stopSandbox: 'iamAuthor.stopSandbox',
  newRoleFromTemplate: 'iamAuthor.newRoleFromTemplate',
  newPolicyFromTemplate: 'iamAuthor.newPolicyFromTemplate',
  newTrustPolicy: 'iamAuthor.newTrustPolicy',
  newRoleHere: 'iamAuthor.newRoleHere',
  openWalkthrough: 'iamAuthor.openWalkthrough',
  openTutorialMistake: 'iamAuthor.openTutorialMistake',
} as const;
