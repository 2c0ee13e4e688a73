// `npm run render:sample`: writes sample/iam/, the workspace of `npm start`, from the role templates
// with their defaults: every workshop role, and the policies they share written once.
// test/unit/sample.test.ts fails when sample/iam/ differs from what this writes, so it cannot drift.
import * as fs from 'fs';
import * as path from 'path';
import { RenderedFile, TEMPLATES, withDefaults } from '../src/iam/templates';

/** The sample workspace's folder of roles and policies. */
export const SAMPLE_IAM = path.resolve(__dirname, '..', 'sample', 'iam');

/** Every role template rendered with its defaults, each path once (shared policies are the same text). */
export function sampleFiles(): RenderedFile[] {
  const files = new Map<string, RenderedFile>();
  for (const t of TEMPLATES.filter((t) => t.kind === 'role')) {
    for (const f of t.render(withDefaults(t, new Map()))) {
      const other = files.get(f.path);
      if (other && other.text !== f.text) throw new Error(`${f.path}: ${t.id} renders other text than an earlier template`);
      files.set(f.path, f);
    }
  }
  return [...files.values()];
}

if (require.main === module) {
  // Paths start with iam/, so they are written relative to sample/.
  fs.rmSync(SAMPLE_IAM, { recursive: true, force: true });
  for (const f of sampleFiles()) {
    const target = path.join(path.dirname(SAMPLE_IAM), f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.text);
  }
  console.log(`Wrote ${path.relative(process.cwd(), SAMPLE_IAM)}/ from the role templates.`);
}
