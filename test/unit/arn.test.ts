import * as assert from 'assert';
import {
  fieldMatcher, fieldMatchesFormat, fitArnToFormat, fitsSomeFormat, isAccountId, isDynamic, isPartition, isRegionName, parseArn,
} from '../../src/iam/arn';

const parse = (text: string) => {
  const arn = parseArn(text);
  assert.ok(arn, text);
  return arn;
};

describe('arn', () => {
  it('splits an ARN into six fields with their offsets', () => {
    const arn = parse('arn:aws:ecr:ap-southeast-1:123456789012:repository/fcj-workshop-app');
    assert.deepStrictEqual(arn, {
      prefix: { value: 'arn', start: 0 },
      partition: { value: 'aws', start: 4 },
      service: { value: 'ecr', start: 8 },
      region: { value: 'ap-southeast-1', start: 12 },
      account: { value: '123456789012', start: 27 },
      resource: { value: 'repository/fcj-workshop-app', start: 40 },
    });
  });

  it('keeps further colons in the resource and empty Region and account fields', () => {
    const arn = parse('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*');
    assert.deepStrictEqual(arn.resource, { value: 'log-group:/aws/lambda/x:*', start: 36 });
    assert.deepStrictEqual([parse('arn:aws:s3:::b/k').region, parse('arn:aws:s3:::b/k').account], [{ value: '', start: 11 }, { value: '', start: 12 }]);
  });

  it('does not split on a colon inside a policy variable', () => {
    const arn = parse('arn:aws:kms:*:${aws:PrincipalAccount}:key/*');
    assert.deepStrictEqual([arn.account, arn.resource], [{ value: '${aws:PrincipalAccount}', start: 14 }, { value: 'key/*', start: 38 }]);
  });

  it('splits at the colons outside closed policy variables only, an unclosed ${ being text', () => {
    const fields = (text: string) => {
      const arn = parse(text);
      return [arn.prefix, arn.partition, arn.service, arn.region, arn.account, arn.resource].map((p) => `${p.start}:${p.value}`);
    };
    assert.deepStrictEqual(fields('arn:${aws:partition}:s3:::b/${aws:x}:y'), ['0:arn', '4:${aws:partition}', '21:s3', '24:', '25:', '26:b/${aws:x}:y']);
    assert.deepStrictEqual(fields('arn:aws:s3:${:x:y:z'), ['0:arn', '4:aws', '8:s3', '11:${', '14:x', '16:y:z']);
    assert.deepStrictEqual(fields('arn:a${b}c:${d:e}:f:g:h'), ['0:arn', '4:a${b}c', '11:${d:e}', '18:f', '20:g', '22:h']);
  });

  it('returns undefined for fewer than six fields, and never throws', () => {
    for (const text of ['', 'arn', 'arn:aws:s3', 'arn:aws:s3:::', 'bucket/key', 'arn:aws:kms:${aws:x']) {
      assert.strictEqual(parseArn(text) === undefined, text !== 'arn:aws:s3:::', text);
    }
  });

  it('knows the partitions, Region names and account IDs', () => {
    for (const p of ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']) assert.ok(isPartition(p), p);
    for (const p of ['AWS', 'amazon', 'aws-gov', '']) assert.ok(!isPartition(p), p);
    for (const r of ['us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'us-isob-east-1', 'eusc-de-east-1', 'il-central-1']) assert.ok(isRegionName(r), r);
    for (const r of ['US-EAST-1', 'virginia', 'us-east', 'us-east-1a', '*', '']) assert.ok(!isRegionName(r), r);
    assert.deepStrictEqual(['123456789012', '1234', '1234-5678-9012', 'aws'].map(isAccountId), [true, false, false, false]);
  });

  it('tells wildcards and policy variables from literal text', () => {
    assert.deepStrictEqual(['b/*', 'b/?', '${aws:username}', 'b/k'].map(isDynamic), [true, true, true, false]);
  });

  it('matches a policy field against a format field: placeholders are one or more characters', () => {
    const cases: [string, string, boolean][] = [
      ['repository/app', 'repository/${RepositoryName}', true],
      ['repository/', 'repository/${RepositoryName}', false],
      ['repository/*', 'repository/${RepositoryName}', true],
      ['repo*', 'repository/${RepositoryName}', true],
      ['Repository/app', 'repository/${RepositoryName}', false],
      ['repositories/app', 'repository/${RepositoryName}', false],
      ['b/${aws:username}/*', '${BucketName}/${ObjectName}', true],
      ['b', '${BucketName}/${ObjectName}', false],
      ['*', '', true],
      ['', '${Region}', false],
      ['us-east-1', '', false],
      ['a?c', 'abc', true],
      ['a${?}c', 'abc', false],
      ['a${?}c', 'a?c', true],
      // Decided without the general search: the literal start or end differs, a slash a bucket name
      // cannot hold, or an instance of the text (each wildcard one character) the format matches.
      ['/restapis/*', '/apis/${ApiId}', false],
      ['*.fifo', '${QueueName}.json', false],
      ['bucket-1/${aws:username}/*', '${BucketName}', false],
      ['bucket-1/${aws:username}/*', 'accesspoint/${AccessPointName}/object/${ObjectName}', false],
      ['key/*', 'key/${KeyId}', true],
      ['*/x', '${BucketName}/${ObjectName}', true],
      ['${aws:username}', '${BucketName}', true],
      ['a/${*}', 'a/${ObjectName}', true],
      ['${*}', '*', true],
    ];
    for (const [text, format, expected] of cases) assert.strictEqual(fieldMatchesFormat(text, format), expected, `${text} ~ ${format}`);
  });

  it('says which field rules a policy ARN out of a format', () => {
    const bucket = parse('arn:${Partition}:s3:::${BucketName}');
    const repository = parse('arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}');
    const fit = (arn: string, format = bucket) => fitArnToFormat(parse(arn), format);
    assert.strictEqual(fit('arn:aws:s3:::my-bucket'), 'match');
    assert.strictEqual(fit('arn:aws:s3:*:*:my-bucket'), 'match');
    assert.strictEqual(fit('arn:aws:s3:us-east-1::my-bucket'), 'region');
    assert.strictEqual(fit('arn:aws:s3::123456789012:my-bucket'), 'account');
    assert.strictEqual(fit('arn:aws:S3:::my-bucket'), 'service');
    assert.strictEqual(fit('arn:aws:ecr::123456789012:repository/x', repository), 'missingRegion');
    assert.strictEqual(fit('arn:aws:ecr:us-east-1::repository/x', repository), 'missingAccount');
    assert.strictEqual(fit('arn:aws:ecr:us-east-1:123456789012:repo/x', repository), 'resource');
    assert.strictEqual(fit('arn:aws:ecr:*:${aws:PrincipalAccount}:repository/*', repository), 'match');
  });

  it('matches a text against a list of format fields as fieldMatchesFormat of some of them', () => {
    const fields = ['${BucketName}', '${BucketName}/${ObjectName}', 'accesspoint/${AccessPointName}'];
    const matches = fieldMatcher(fields);
    for (const text of ['b', 'b/k', 'b/*', 'accesspoint/x', 'accesspoint/', '', '*', '/', 'b/${aws:username}/*', 'job/1']) {
      assert.strictEqual(matches(text), fields.some((f) => fieldMatchesFormat(text, f)), text);
    }
    assert.deepStrictEqual(['b/k', 'accesspoint/', ''].map(matches), [true, false, false]);
    assert.strictEqual(fieldMatcher([...fields]), matches, 'the same fields give the same matcher');
    assert.deepStrictEqual(['', 'x', '*'].map(fieldMatcher([])), [false, false, false]);
  });

  it('fits an ARN to a list of formats as fitArnToFormat does to some of them', () => {
    const formats = [
      'arn:${Partition}:s3:::${BucketName}',
      'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
      'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}',
      'arn:${Partition}:s3::${Account}:accesspoint/${AccessPointAlias}',
      'arn:${Partition}:s3:us-west-2:${Account}:async-request/mrap/${Operation}/${Token}',
    ].map(parse);
    const arns = [
      'arn:aws:s3:::b', 'arn:aws:s3:::b/k', 'arn:aws:s3:us-east-1::b', 'arn:aws:s3:us-east-1:123456789012:accesspoint/a',
      'arn:aws:s3::123456789012:accesspoint/a', 'arn:aws:s3::123456789012:b', 'arn:aws:s3:us-west-2:1:async-request/mrap/o/t',
      'arn:aws:s3:eu-west-1:1:async-request/mrap/o/t', 'arn:aws:s3:*:*:*', 'arn:aws:s3:::${aws:username}/*', 'arn:aws:ecr:::b',
    ];
    for (const text of arns) {
      const arn = parse(text);
      assert.strictEqual(fitsSomeFormat(arn, formats), formats.some((f) => fitArnToFormat(arn, f) === 'match'), text);
    }
    assert.deepStrictEqual(arns.map((a) => fitsSomeFormat(parse(a), formats)), [true, true, false, true, true, false, true, false, true, true, false]);
  });
});
