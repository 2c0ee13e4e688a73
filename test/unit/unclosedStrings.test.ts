import * as assert from 'assert';
import { parseDocument, stringValues } from '../../src/iam/document';
import { getCatalog } from '../../src/iam/catalog';
import { checkText } from '../../src/iam/service';
import { applyEdits } from './helpers';

// How anyone types in an editor that does not close quotes (Neovim): the string runs to the end of its line.
const typing = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["ecr:PutImag ] } ] }';

describe('a string not closed yet', () => {
  it('is modelled up to the JSON after it on its line', () => {
    const doc = parseDocument(typing, 'x.policy.json');
    const [action] = stringValues(doc.policy!.statements[0].properties.get('Action')!.value);
    assert.deepStrictEqual([action.value, action.offset, action.length, typing.slice(action.offset, action.offset + action.length)],
      ['ecr:PutImag', 75, 11, 'ecr:PutImag']);
    const end = parseDocument('{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "ecr:PutImag\r\n', 'x.policy.json');
    const [atLineEnd] = stringValues(end.policy!.statements[0].properties.get('Action')!.value);
    assert.deepStrictEqual([atLineEnd.value, atLineEnd.length], ['ecr:PutImag', 11]);
    // An escape makes the parsed value differ from the text: the string keeps its whole line, as parsed.
    const escaped = parseDocument('{ "Version": "2012-10-17", "Statement": [ { "Sid": "a\\"b ] } ] }', 'x.policy.json');
    const sid = escaped.policy!.statements[0].properties.get('Sid')!;
    assert.deepStrictEqual(stringValues(sid.value).map((s) => [s.value, s.length]), [['a"b ] } ] }', 12]]);
  });

  it('is checked as the word typed: a near miss gets its "did you mean" and a fix that leaves the brackets', () => {
    const findings = checkText(typing, { catalog: getCatalog, fileName: 'x.policy.json' }).filter((f) => f.code === 'INVALID_ACTION');
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity, f.offset, f.length, f.message]), [
      ['INVALID_ACTION', 'error', 75, 11, '"ecr:PutImag" is no ecr action: did you mean "ecr:PutImage"?'],
    ]);
    assert.deepStrictEqual(findings[0].fixes.map((f) => [f.title, applyEdits(typing, f.edits)]), [
      ['Change to "ecr:PutImage"', '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["ecr:PutImage ] } ] }'],
    ]);
  });
});
