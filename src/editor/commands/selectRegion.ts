import * as vscode from 'vscode';
import type { ConnectionController } from '../connection';
import type { Prompts } from '../prompts';
import { REGIONS } from '../regions';

const OTHER = 'Other…';

/** Picks the AWS Region of this workspace from the common ones, or lets the user type another. */
export async function selectRegion(connection: ConnectionController, prompts: Prompts): Promise<void> {
  const current = connection.current.region;
  const items: vscode.QuickPickItem[] = [
    ...REGIONS.map((r) => ({ label: r, description: r === current ? 'current' : undefined })),
    { label: OTHER },
  ];
  const picked = await prompts.pick(items, 'AWS Region for this workspace');
  if (!picked) return;
  let region = picked.label;
  if (region === OTHER) {
    const typed = (await prompts.input('AWS Region, e.g. eu-south-2', current))?.trim();
    if (!typed) return;
    region = typed;
  }
  await connection.setRegion(region);
}
