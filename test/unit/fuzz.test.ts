import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkText } from '../../src/iam/service';
import { applyEdits } from './helpers';
import { getCatalog } from '../../src/iam/catalog';

/** A small seeded PRNG (mulberry32), so that a failure reproduces from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fixtures(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) found.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.resolve(__dirname, '..', 'fixtures'));
  return found;
}

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '"Statement"', '"Effect"', '"Allow"', '"Action"', '"Resource"', '"*"', '"Principal"',
  '"Condition"', '"StringLike"', '"aws:SourceIp"', '"${aws:username}"', '"${var.x}"', '"arn:aws:s3:::b/*"', '"ecr:Get*"', 'null', 'true', '42',
  '"Version"', '"2012-10-17"', '"Sid"', '"NotAction"', '"Federated"', '"RoleName"', '"Tags"', '// c\n', '/* c */', '\\', '\u0000', '\ud800', '"\\u00e9"'];

/** A random mutation: insert a token, delete a span, duplicate a span, or change one character. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 4)) {
    case 0: return text.slice(0, at) + TOKENS[Math.floor(next() * TOKENS.length)] + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + Math.floor(next() * 20));
    case 2: return text.slice(0, at) + text.slice(at, at + Math.floor(next() * 40)) + text.slice(at);
    default: return text.slice(0, at) + String.fromCharCode(Math.floor(next() * 128)) + text.slice(at + 1);
  }
}

/** A document generated from scratch, values of any type in any element. */
function generate(next: () => number, depth = 0): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const r = next();
  if (depth > 4 || r < 0.3) return pick(TOKENS.filter((t) => t.startsWith('"') || ['null', 'true', '42'].includes(t)));
  if (r < 0.6) return `[${Array.from({ length: Math.floor(next() * 4) }, () => generate(next, depth + 1)).join(',')}]`;
  const keys = ['"Version"', '"Statement"', '"Effect"', '"Action"', '"Resource"', '"Principal"', '"Condition"', '"Service"', '"AWS"', '"StringEquals"', '"RoleName"', '"Policies"', '"PolicyDocument"'];
  return `{${Array.from({ length: Math.floor(next() * 5) }, () => `${pick(keys)}:${generate(next, depth + 1)}`).join(',')}}`;
}

const NAMES = ['a.policy.json', 'a.trust.json', 'a.role.json', 'a.json'];

describe('fuzz: any text gives findings, never an exception', function () {
  this.timeout(300_000);

  it('10,000 generated and mutated documents, and every fix applied to them', () => {
    const seeds = fixtures();
    let checked = 0;
    for (let i = 0; i < 10_000; i++) {
      const next = random(i);
      let text = i % 2 === 0 ? seeds[i % seeds.length] : generate(next);
      for (let m = Math.floor(next() * 6); m > 0; m--) text = mutate(text, next);
      const fileName = NAMES[i % NAMES.length];
      const context = `seed ${i}, ${fileName}: ${JSON.stringify(text.slice(0, 200))}`;
      const findings = checkText(text, { catalog: getCatalog, fileName, readFile: () => seeds[i % seeds.length] });
      checked++;
      for (const f of findings) {
        if (f.file) continue;
        assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= text.length, `range ${f.offset}+${f.length} outside the text; ${context}`);
        for (const fix of f.fixes) {
          for (const e of fix.edits) assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, `edit outside the text; ${context}`);
          checkText(applyEdits(text, fix.edits), { catalog: getCatalog, fileName });
        }
      }
    }
    assert.strictEqual(checked, 10_000);
  });

  it('refuses a 50 MB document with one finding', () => {
    const text = `{"Version":"2012-10-17","Statement":[${'{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},'.repeat(900_000)}]}`;
    assert.ok(text.length > 50_000_000);
    const findings = checkText(text, { catalog: getCatalog, fileName: 'big.policy.json' });
    assert.deepStrictEqual(findings.map((f) => f.code), ['DOCUMENT_TOO_LARGE']);
    assert.match(findings[0].message, /too large to check/);
  });

  it('refuses 10,000 levels of nesting with one finding', () => {
    const text = `{"Version":"2012-10-17","Statement":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const findings = checkText(text, { catalog: getCatalog, fileName: 'deep.policy.json' });
    assert.deepStrictEqual(findings.map((f) => f.code), ['DOCUMENT_TOO_LARGE']);
  });

  it('checks binary content without throwing', () => {
    const next = random(7);
    const bytes = Buffer.from(Array.from({ length: 100_000 }, () => Math.floor(next() * 256)));
    const findings = checkText(bytes.toString('latin1'), { catalog: getCatalog, fileName: 'bin.policy.json' });
    assert.ok(findings.length > 0);
  });
});
