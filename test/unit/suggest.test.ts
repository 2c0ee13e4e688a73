import * as assert from 'assert';
import { closest, editDistance } from '../../src/iam/suggest';

describe('suggest', () => {
  it('counts edits case-insensitively, a swap of neighbours as one', () => {
    assert.deepStrictEqual(
      [editDistance('StringEqual', 'StringEquals'), editDistance('GetObjcet', 'GetObject'), editDistance('s3', 'S3'), editDistance('', 'abc'), editDistance('kitten', 'sitting')],
      [1, 1, 0, 3, 3]);
  });

  it('stops early past a limit', () => {
    assert.strictEqual(editDistance('abcdefgh', 'zyxwvuts', 2), 3);
    assert.strictEqual(editDistance('a', 'abcdef', 2), 3);
  });

  it('suggests the closest names within a third of the length, best first, at most three', () => {
    assert.deepStrictEqual(closest('InitialLayerUpload', ['InitiateLayerUpload', 'UploadLayerPart', 'PutImage']), ['InitiateLayerUpload']);
    assert.deepStrictEqual(closest('ecx', ['ecr', 'ecs', 'ec2', 'eks', 's3']), ['ec2', 'ecr', 'ecs']);
    assert.deepStrictEqual(closest('Foo', ['StringEquals', 'Bool']), []);
    assert.deepStrictEqual(closest('', ['a']), []);
    assert.deepStrictEqual(closest('GetObjct', ['GetObject', 'GetObjectAcl', 'PutObject']), ['GetObject']);
  });
});
