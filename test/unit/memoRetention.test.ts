// The checks' memos outlive the documents they learn from (the catalog's, the ARN matcher's): they must
// keep copies of the texts they are keyed by, not the views into a document that V8 makes of a substring,
// or every version of an edited document stays in memory.
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A policy of about `size` characters whose action patterns and wildcard ARNs are new in each round. */
function document(round: number, size: number): string {
  const statement = {
    Effect: 'Allow',
    Action: [`s3:GetObjectVersionRound${round}*`, `ecr:BatchGetImageRound${round}?`],
    Resource: [`arn:aws:s3:::bucket-of-round-${round}/*`, `arn:aws:ecr:us-east-1:123456789012:repository/round-${round}-*`],
  };
  // The Id pads the text to its size: it is the text, not the statements, that a kept view holds.
  return JSON.stringify({ Version: '2012-10-17', Id: 'x'.repeat(size), Statement: [statement] }, null, 2);
}

describe('memos of the checks', () => {
  it('keep no document alive after its check but the last', () => {
    const size = 2 * 1024 * 1024;
    checkText(document(-1, 10), { catalog: getCatalog, fileName: 'warm.policy.json' });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let round = 0; round < 6; round++) {
      const findings = checkText(document(round, size), { catalog: getCatalog, fileName: 'big.policy.json' });
      assert.ok(findings.length > 0, 'the wildcards are looked up (and the size reported)');
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // Six documents of 2 MB kept alive would be 12 MB or more; copies of the keys are a few hundred bytes.
    // The last document may stay until the next check (V8 keeps the last RegExp subject, edits.ts the last
    // text's lines): at most one.
    assert.ok(grown < 1.5 * size, `the heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB after six 2 MB documents`);
  });
});
