// The ECR operations of the local sandbox account (JSON 1.1 protocol): repositories, their policies
// and images, and registry logins (GetAuthorizationToken, what `aws ecr get-login-password` calls).
import { createHash, randomBytes } from 'crypto';
import { AccountState, Image, Repository } from './state';
import { AwsError } from './validation';

/** The X-Amz-Target prefix of ECR's operations. */
export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';

/** The ECR operations the sandbox implements. */
export const ECR_OPERATIONS: readonly string[] = [
  'CreateRepository', 'DescribeRepositories', 'DeleteRepository', 'GetRepositoryPolicy', 'SetRepositoryPolicy', 'DeleteRepositoryPolicy',
  'PutImage', 'ListImages', 'DescribeImages', 'BatchDeleteImage', 'GetAuthorizationToken',
];

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
/** How long a registry login lasts, as ECR's: 12 hours. */
const TOKEN_SECONDS = 12 * 60 * 60;

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', 400, message);

function repositoryOut(state: AccountState, region: string, r: Repository) {
  return {
    repositoryArn: r.repositoryArn, registryId: state.accountId, repositoryName: r.repositoryName,
    repositoryUri: `${state.accountId}.dkr.ecr.${region}.amazonaws.com/${r.repositoryName}`, createdAt: r.createdAt,
    imageTagMutability: r.imageTagMutability, imageScanningConfiguration: { scanOnPush: false }, encryptionConfiguration: { encryptionType: 'AES256' },
  };
}

/** A page of `items` (sorted by `key`) after the item `nextToken` names, at most `maxResults` (1-1000, default `max`). */
function page<T>(items: T[], input: Record<string, unknown>, key: (item: T) => string, max: number): { items: T[]; nextToken?: string } {
  const size = input.maxResults === undefined ? max : Number(input.maxResults);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw invalidParameter(`Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'`);
  const after = typeof input.nextToken === 'string' ? Buffer.from(input.nextToken, 'base64url').toString('utf8') : undefined;
  const start = after === undefined ? 0 : items.findIndex((item) => key(item) > after);
  const from = start < 0 ? items.length : start;
  const slice = items.slice(from, from + size);
  return { items: slice, nextToken: from + size < items.length ? Buffer.from(key(slice[slice.length - 1])).toString('base64url') : undefined };
}

/** The size ECR reports for an image: its config and layers as its manifest lists them. */
function imageSize(manifest: Record<string, unknown>): number {
  const sizeOf = (d: unknown) => (typeof d === 'object' && d !== null && typeof (d as { size?: unknown }).size === 'number' ? (d as { size: number }).size : 0);
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  return sizeOf(manifest.config) + layers.reduce((n: number, l) => n + sizeOf(l), 0);
}

/**
 * Runs one ECR operation on the account and returns its JSON output. Throws AwsError with ECR's
 * codes (RepositoryNotFoundException, RepositoryAlreadyExistsException, InvalidParameterException,
 * RepositoryPolicyNotFoundException, ImageNotFoundException, ImageAlreadyExistsException,
 * RepositoryNotEmptyException, all HTTP 400).
 */
export function ecrOperation(state: AccountState, operation: string, input: Record<string, unknown>, region: string): unknown {
  const name = typeof input.repositoryName === 'string' ? input.repositoryName : undefined;
  const registry = `in the registry with id '${state.accountId}'`;
  const notFound = (n: string | undefined) => new AwsError('RepositoryNotFoundException', 400, `The repository with name '${n}' does not exist ${registry}`);
  const find = (): Repository => {
    const repository = name === undefined ? undefined : state.repositories.get(name);
    if (!repository) throw notFound(name);
    return repository;
  };
  const imageNotFound = (id: { imageDigest?: unknown; imageTag?: unknown }) => new AwsError('ImageNotFoundException', 400,
    `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' ${registry}`);
  /** The images `imageIds` name (by digest or tag); all of them when absent. */
  const images = (repository: Repository): Image[] => {
    if (input.imageIds === undefined) return repository.images;
    if (!Array.isArray(input.imageIds)) throw new AwsError('SerializationException', 400, 'Start of list found where not expected');
    return input.imageIds.map((id: { imageDigest?: unknown; imageTag?: unknown }) => {
      const image = repository.images.find((i) => (id.imageDigest === undefined || i.imageDigest === id.imageDigest)
        && (id.imageTag === undefined || i.imageTags.includes(String(id.imageTag))));
      if (!image || (id.imageDigest === undefined && id.imageTag === undefined)) throw imageNotFound(id);
      return image;
    });
  };
  const tagStatus = () => {
    const status = (input.filter as { tagStatus?: unknown } | undefined)?.tagStatus ?? 'ANY';
    if (status !== 'TAGGED' && status !== 'UNTAGGED' && status !== 'ANY') {
      throw invalidParameter(`Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'`);
    }
    return (i: Image) => status === 'ANY' || (status === 'TAGGED') === (i.imageTags.length > 0);
  };
  switch (operation) {
    case 'CreateRepository': {
      if (!name || name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
        throw invalidParameter(`Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''`);
      }
      if (state.repositories.has(name)) throw new AwsError('RepositoryAlreadyExistsException', 400, `The repository with name '${name}' already exists ${registry}`);
      const mutability = input.imageTagMutability ?? 'MUTABLE';
      if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') throw invalidParameter(`Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'`);
      const repository: Repository = {
        repositoryName: name, repositoryArn: `arn:aws:ecr:${region}:${state.accountId}:repository/${name}`, createdAt: Math.floor(Date.now() / 1000),
        imageTagMutability: mutability, images: [],
      };
      state.repositories.set(name, repository);
      return { repository: repositoryOut(state, region, repository) };
    }
    case 'DescribeRepositories': {
      const names = Array.isArray(input.repositoryNames) ? input.repositoryNames as string[] : undefined;
      const missing = names?.find((n) => !state.repositories.has(n));
      if (names && missing !== undefined) throw notFound(missing);
      if (names && (input.maxResults !== undefined || input.nextToken !== undefined)) {
        throw invalidParameter('Cannot specify maxResults or nextToken when repositoryNames is set');
      }
      const all = [...state.repositories.values()].filter((r) => !names || names.includes(r.repositoryName)).sort((a, b) => (a.repositoryName < b.repositoryName ? -1 : 1));
      const r = page(all, input, (x) => x.repositoryName, 100);
      return { repositories: r.items.map((x) => repositoryOut(state, region, x)), nextToken: r.nextToken };
    }
    case 'DeleteRepository': {
      const repository = find();
      if (repository.images.length > 0 && input.force !== true) {
        throw new AwsError('RepositoryNotEmptyException', 400,
          `The repository with name '${repository.repositoryName}' ${registry} cannot be deleted because it still contains images`);
      }
      state.repositories.delete(repository.repositoryName);
      return { repository: repositoryOut(state, region, repository) };
    }
    case 'GetRepositoryPolicy': {
      const repository = find();
      if (!repository.policyText) {
        throw new AwsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${repository.repositoryName}' ${registry}`);
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
      if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, 'Statement')) {
        throw invalidParameter(`Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided'`);
      }
      repository.policyText = text;
      return { registryId: state.accountId, repositoryName: repository.repositoryName, policyText: text };
    }
    case 'DeleteRepositoryPolicy': {
      const repository = find();
      const policyText = repository.policyText;
      if (!policyText) {
        throw new AwsError('RepositoryPolicyNotFoundException', 400, `Repository policy does not exist for the repository with name '${repository.repositoryName}' ${registry}`);
      }
      repository.policyText = undefined;
      return { registryId: state.accountId, repositoryName: repository.repositoryName, policyText };
    }
    case 'PutImage': {
      const repository = find();
      const manifestText = typeof input.imageManifest === 'string' ? input.imageManifest : '';
      let manifest: unknown;
      try {
        manifest = JSON.parse(manifestText);
      } catch {
        manifest = undefined;
      }
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw invalidParameter(`Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'`);
      const tag = typeof input.imageTag === 'string' ? input.imageTag : undefined;
      if (tag !== undefined && !IMAGE_TAG.test(tag)) throw invalidParameter(`Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''`);
      const digest = `sha256:${createHash('sha256').update(manifestText).digest('hex')}`;
      const m = manifest as Record<string, unknown>;
      const mediaType = typeof input.imageManifestMediaType === 'string' ? input.imageManifestMediaType
        : typeof m.mediaType === 'string' ? m.mediaType : 'application/vnd.docker.distribution.manifest.v2+json';
      const existing = repository.images.find((i) => i.imageDigest === digest);
      if (existing && (tag === undefined || existing.imageTags.includes(tag))) {
        throw new AwsError('ImageAlreadyExistsException', 400,
          `Image with digest '${digest}' and tag '${tag ?? 'null'}' already exists in the repository with name '${repository.repositoryName}' ${registry}`);
      }
      const holder = tag === undefined ? undefined : repository.images.find((i) => i.imageTags.includes(tag));
      if (holder && repository.imageTagMutability === 'IMMUTABLE') {
        throw new AwsError('ImageTagAlreadyExistsException', 400,
          `The image tag '${tag}' already exists in the '${repository.repositoryName}' repository and cannot be overwritten because the repository is immutable.`);
      }
      // A tag names one image: pushing it again moves it, as ECR does.
      if (holder) holder.imageTags = holder.imageTags.filter((t) => t !== tag);
      const image = existing ?? {
        imageDigest: digest, imageTags: [], imageManifest: manifestText, imageManifestMediaType: mediaType,
        imagePushedAt: Math.floor(Date.now() / 1000), imageSizeInBytes: imageSize(m),
      };
      if (tag !== undefined) image.imageTags.push(tag);
      if (!existing) repository.images.push(image);
      return {
        image: {
          registryId: state.accountId, repositoryName: repository.repositoryName, imageId: { imageDigest: digest, imageTag: tag },
          imageManifest: manifestText, imageManifestMediaType: mediaType,
        },
      };
    }
    case 'ListImages': {
      const repository = find();
      const ids = repository.images.filter(tagStatus())
        .flatMap((i): { imageDigest: string; imageTag?: string }[] => (i.imageTags.length ? i.imageTags.map((t) => ({ imageDigest: i.imageDigest, imageTag: t })) : [{ imageDigest: i.imageDigest }]))
        .sort((a, b) => (`${a.imageDigest} ${a.imageTag ?? ''}` < `${b.imageDigest} ${b.imageTag ?? ''}` ? -1 : 1));
      const r = page(ids, input, (x) => `${x.imageDigest} ${x.imageTag ?? ''}`, 100);
      return { imageIds: r.items, nextToken: r.nextToken };
    }
    case 'DescribeImages': {
      const repository = find();
      if (input.imageIds !== undefined && (input.maxResults !== undefined || input.nextToken !== undefined)) {
        throw invalidParameter('Cannot specify maxResults or nextToken when imageIds is set');
      }
      const selected = images(repository).filter(tagStatus()).sort((a, b) => (a.imageDigest < b.imageDigest ? -1 : 1));
      const r = page([...new Set(selected)], input, (x) => x.imageDigest, 100);
      return {
        imageDetails: r.items.map((i) => ({
          registryId: state.accountId, repositoryName: repository.repositoryName, imageDigest: i.imageDigest,
          imageTags: i.imageTags.length ? i.imageTags : undefined, imageSizeInBytes: i.imageSizeInBytes, imagePushedAt: i.imagePushedAt,
          imageManifestMediaType: i.imageManifestMediaType,
        })),
        nextToken: r.nextToken,
      };
    }
    case 'BatchDeleteImage': {
      const repository = find();
      if (!Array.isArray(input.imageIds) || input.imageIds.length === 0) {
        throw invalidParameter(`Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length greater than or equal to 1'`);
      }
      const imageIds: { imageDigest?: string; imageTag?: string }[] = [];
      const failures: unknown[] = [];
      for (const id of input.imageIds as { imageDigest?: string; imageTag?: string }[]) {
        const image = repository.images.find((i) => (id.imageDigest === undefined || i.imageDigest === id.imageDigest)
          && (id.imageTag === undefined || i.imageTags.includes(id.imageTag)));
        if (!image) {
          failures.push({ imageId: id, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
          continue;
        }
        repository.images = repository.images.filter((i) => i !== image);
        imageIds.push(...(image.imageTags.length ? image.imageTags.map((t) => ({ imageDigest: image.imageDigest, imageTag: t })) : [{ imageDigest: image.imageDigest }]));
      }
      return { imageIds, failures };
    }
    case 'GetAuthorizationToken': {
      // The user name is always AWS; the password is what `docker login` sends back, and is not checked here.
      const password = randomBytes(96).toString('base64');
      return {
        authorizationData: [{
          authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
          expiresAt: Math.floor(Date.now() / 1000) + TOKEN_SECONDS,
          proxyEndpoint: `https://${state.accountId}.dkr.ecr.${region}.amazonaws.com`,
        }],
      };
    }
    default:
      throw new AwsError('UnknownOperationException', 400, `The local sandbox account does not implement the ECR operation ${operation}.`);
  }
}
