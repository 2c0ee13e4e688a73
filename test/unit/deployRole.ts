// Deploys a RoleManifest to the sandbox through the SDK, call by call, the way a person following a
// tutorial would: for tests of the reader, diff and pull, until apply exists (and beside it after,
// so that those tests do not depend on apply being right).
import {
  AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { Clients } from '../../src/aws/clients';
import { RoleManifest } from '../../src/iam/roleModel';

/** The ARN of a customer managed policy of `account`. */
export function policyArn(account: string, path: string, name: string): string {
  return `arn:aws:iam::${account}:policy${path}${name}`;
}

/**
 * Creates the role with everything the manifest names. A customer managed policy that exists
 * already (another role created it) is attached as it is, as several tutorial roles share one.
 */
export async function deployRole(clients: Clients, account: string, role: RoleManifest): Promise<void> {
  const iam = clients.iam;
  await iam.send(new CreateRoleCommand({
    RoleName: role.roleName, Path: role.path, Description: role.description, MaxSessionDuration: role.maxSessionDuration,
    AssumeRolePolicyDocument: JSON.stringify(role.trustPolicy), PermissionsBoundary: role.permissionsBoundary,
    Tags: role.tags.length ? role.tags.map((t) => ({ Key: t.key, Value: t.value })) : undefined,
  }));
  for (const p of role.inlinePolicies) {
    await iam.send(new PutRolePolicyCommand({ RoleName: role.roleName, PolicyName: p.name, PolicyDocument: JSON.stringify(p.document) }));
  }
  for (const p of role.customerManagedPolicies) {
    try {
      await iam.send(new CreatePolicyCommand({ PolicyName: p.name, Path: p.path, Description: p.description, PolicyDocument: JSON.stringify(p.document) }));
    } catch (e) {
      if ((e as Error).name !== 'EntityAlreadyExistsException') throw e;
    }
    await iam.send(new AttachRolePolicyCommand({ RoleName: role.roleName, PolicyArn: policyArn(account, p.path, p.name) }));
  }
  for (const arn of role.managedPolicyArns) await iam.send(new AttachRolePolicyCommand({ RoleName: role.roleName, PolicyArn: arn }));
  if (role.instanceProfile) {
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: role.roleName, Path: role.path }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: role.roleName, RoleName: role.roleName }));
  }
}
