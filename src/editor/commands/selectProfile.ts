import * as vscode from 'vscode';
import type { ConnectionController } from '../connection';
import type { Prompts } from '../prompts';

/** Picks the AWS profile of this workspace (or the SDK's default chain); its region comes with it. */
export async function selectProfile(connection: ConnectionController, prompts: Prompts): Promise<void> {
  const current = connection.current;
  const profiles = await (await connection.access()).listProfiles();
  const chain: vscode.QuickPickItem = { label: 'Default credential chain', description: 'environment, AWS_PROFILE, default profile, SSO, instance or container role' };
  const items: vscode.QuickPickItem[] = [
    chain,
    ...profiles.map((p) => ({ label: p, description: p === current.profile && !current.sandbox ? 'current' : undefined })),
  ];
  if (profiles.length === 0) items.push({ label: 'No profiles found in ~/.aws/config or ~/.aws/credentials', kind: vscode.QuickPickItemKind.Separator });
  const picked = await prompts.pick(items, 'AWS profile for this workspace');
  if (!picked) return;
  await connection.setProfile(picked === chain ? undefined : picked.label);
}
