import * as assert from 'assert';
import { CleanTexts } from '../../src/iam/checks/cleanTexts';
import { detached } from '../../src/iam/detached';

describe('clean texts (the memo of texts that gave no finding)', () => {
  it('holds texts up to its budget of characters, then starts again from the one added', () => {
    const memo = new CleanTexts(10);
    memo.add('abcdef');
    memo.add('ghij');
    assert.deepStrictEqual(['abcdef', 'ghij', 'klm'].map((t) => memo.has(t)), [true, true, false]);
    memo.add('klm');
    assert.deepStrictEqual(['abcdef', 'ghij', 'klm'].map((t) => memo.has(t)), [false, false, true]);
  });

  it('finds a text cut from another document, and a copy equals its original', () => {
    const memo = new CleanTexts();
    const first = '{ "Action": ["s3:GetObject", "s3:PutObject"] }';
    const second = `  ${first}`;
    const list = (text: string) => text.slice(text.indexOf('['), text.indexOf(']') + 1);
    memo.add(list(first));
    assert.strictEqual(memo.has(list(second)), true);
    assert.strictEqual(detached(list(first)), '["s3:GetObject", "s3:PutObject"]');
  });
});
