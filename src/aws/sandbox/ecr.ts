// The ECR operations of the local sandbox account (JSON 1.1 protocol): repositories and their policies.
import { AccountState, Repository } from './state';
import { AwsError } from './validation';

/** The X-Amz-Target prefix of ECR's operations. */
export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', 400, message);

function repositoryOut(state: AccountState, region: string, r: Repository) {
  return {
    repositoryArn: r.repositoryArn, registryId: state.accountId, repositoryName: r.repositoryName,
    repositoryUri: `${state.accountId}.dkr.ecr.${region}.amazonaws.com/${r.repositoryName}`, createdAt: r.createdAt,
    imageTagMutability: r.imageTagMutability, imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

/**
 * Runs one ECR operation on the account and returns its JSON output. Throws AwsError with ECR's
 * codes (RepositoryNotFoundException, RepositoryAlreadyExistsException, InvalidParameterException,
 * RepositoryPolicyNotFoundException, all HTTP 400).
 */
export function ecrOperation(state: AccountState, operation: string, input: Record<string, unknown>, region: string): unknown {
  const name = typeof input.repositoryName === 'string' ? input.repositoryName : undefined;
  const notFound = (n: string | undefined) => new AwsError('RepositoryNotFoundException', 400, `The repository with name '${n}' does not exist in the registry with id '${state.accountId}'`);
  const find = (): Repository => {
    const repository = name === undefined ? undefined : state.repositories[name];
    if (!repository) throw notFound(name);
    return repository;
  };
  switch (operation) {
    case 'CreateRepository': {
      if (!name || name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
        throw invalidParameter(`Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`);
      }
      if (state.repositories[name]) {
        throw new AwsError('RepositoryAlreadyExistsException', 400, `The repository with name '${name}' already exists in the registry with id '${state.accountId}'`);
      }
      const mutability = input.imageTagMutability ?? 'MUTABLE';
      if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') throw invalidParameter(`Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'`);
      const repository: Repository = {
        repositoryName: name, repositoryArn: `arn:aws:ecr:${region}:${state.accountId}:repository/${name}`, createdAt: Math.floor(Date.now() / 1000), imageTagMutability: mutability,
      };
      state.repositories[name] = repository;
      return { repository: repositoryOut(state, region, repository) };
    }
    case 'DescribeRepositories': {
      const names = Array.isArray(input.repositoryNames) ? input.repositoryNames as string[] : undefined;
      const missing = names?.find((n) => !state.repositories[n]);
      if (names && missing !== undefined) throw notFound(missing);
      const all = Object.values(state.repositories).filter((r) => !names || names.includes(r.repositoryName)).sort((a, b) => (a.repositoryName < b.repositoryName ? -1 : 1));
      const max = input.maxResults === undefined ? 100 : Number(input.maxResults);
      if (!Number.isInteger(max) || max < 1 || max > 1000) throw invalidParameter(`Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'`);
      if (names && (input.maxResults !== undefined || input.nextToken !== undefined)) {
        throw invalidParameter('Cannot specify maxResults or nextToken when repositoryNames is set');
      }
      const after = typeof input.nextToken === 'string' ? Buffer.from(input.nextToken, 'base64url').toString('utf8') : undefined;
      const start = after === undefined ? 0 : all.findIndex((r) => r.repositoryName > after);
      const from = start < 0 ? all.length : start;
      const slice = all.slice(from, from + max);
      const more = from + max < all.length;
      return { repositories: slice.map((r) => repositoryOut(state, region, r)), nextToken: more ? Buffer.from(slice[slice.length - 1].repositoryName).toString('base64url') : undefined };
    }
    case 'DeleteRepository': {
      const repository = find();
      delete state.repositories[repository.repositoryName];
      return { repository: repositoryOut(state, region, repository) };
    }
    case 'GetRepositoryPolicy': {
      const repository = find();
      if (!repository.policyText) {
        throw new AwsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${repository.repositoryName}' in the registry with id '${state.accountId}'`);
      }
      return { registryId: state.accountId, repositoryName: repository.repositoryName, policyText: repository.policyText };
    }
    case 'SetRepositoryPolicy': {
      const repository = find();
      const text = typeof input.policyText === 'string' ? input.policyText : '';
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) {
        throw invalidParameter(`Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'`);
      }
      repository.policyText = text;
      return { registryId: state.accountId, repositoryName: repository.repositoryName, policyText: text };
    }
    case 'DeleteRepositoryPolicy': {
      const repository = find();
      const policyText = repository.policyText;
      if (!policyText) {
        throw new AwsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${repository.repositoryName}' in the registry with id '${state.accountId}'`);
      }
      repository.policyText = undefined;
      return { registryId: state.accountId, repositoryName: repository.repositoryName, policyText };
    }
    default:
      throw new AwsError('UnknownOperationException', 400, `The local sandbox account does not implement the ECR operation ${operation}.`);
  }
}
