import * as vscode from 'vscode';
import type { Prompts } from '../prompts';
import type { RoleNode } from '../roleNodes';

/** Copies a role's ARN to the clipboard. */
export async function copyRoleArn(prompts: Prompts, node: RoleNode): Promise<void> {
  await vscode.env.clipboard.writeText(node.role.arn);
  void prompts.notify('info', `${node.role.arn} copied.`);
}
