import { Node } from 'jsonc-parser';
import { Policy, Statement, stringValue } from '../document';
import { CheckContext } from './context';

/** Prefixes of IAM's own policy variables: `${aws:username}`, `${s3:prefix}`, `${saml:sub}`, provider claims. */
const VARIABLE = /^(\*|\?|\$|[A-Za-z][\w./-]*:[^\s,}]+)(,\s*'[^']*')?$/;

/** Placeholders of other tools left in a document: Terraform, CloudFormation, Mustache, <ANGLE>, __DOUBLE__. */
const PLACEHOLDERS: [RegExp, string][] = [
  [/\{\{[^{}]*\}\}/g, 'a template placeholder'],
  [/<[A-Za-z][A-Za-z0-9_ -]*>/g, 'a placeholder'],
];

function eachString(node: Node | undefined, visit: (node: Node) => void): void {
  if (!node) return;
  if (node.type === 'string') visit(node);
  for (const child of node.children ?? []) eachString(child, visit);
}

function checkString(ctx: CheckContext, node: Node, element: string, version: string | undefined): void {
  const s = stringValue(node);
  if (!s) return;
  const raw = ctx.doc.text.slice(s.offset, s.offset + s.length);
  // Most strings hold no variable or placeholder at all: skip them without running the patterns.
  if (raw.indexOf('$') < 0 && raw.indexOf('{') < 0 && raw.indexOf('<') < 0) return;
  // Offsets are into the raw text; strings with escapes are rare in policies and checked as written.
  for (const m of raw.matchAll(/\$\{([^}]*)(\}?)/g)) {
    const at = { offset: s.offset + m.index!, length: m[0].length };
    const inner = m[1];
    if (m[2] !== '}') {
      ctx.report('MISSING_BRACE_IN_VARIABLE', at, `The policy variable has no closing brace: add } after ${m[0]}`);
      continue;
    }
    if (inner.trim() === '') {
      ctx.report('EMPTY_VARIABLE', at, 'The policy variable is empty: write a variable such as ${aws:username}, or remove ${}.');
      continue;
    }
    if (!VARIABLE.test(inner)) {
      if (/\s/.test(inner) && VARIABLE.test(inner.replace(/\s+/g, ''))) {
        ctx.report('UNSUPPORTED_SPACE_IN_VARIABLE', at, `Policy variables cannot contain spaces: ${m[0]}`,
          [{ title: 'Remove the spaces', edits: [{ ...at, newText: `\${${inner.replace(/\s+/g, '')}}` }], isPreferred: true }]);
      } else {
        ctx.report('TEMPLATE_PLACEHOLDER', at,
          `This is a placeholder of another tool (Terraform, CloudFormation, a script), not an IAM policy variable such as \${aws:username}; IAM would take it literally. Replace it with the real value: ${m[0]}`);
      }
      continue;
    }
    if (element !== 'Resource' && element !== 'NotResource' && element !== 'Condition') {
      ctx.report('VARIABLE_UNSUPPORTED_IN_ELEMENT', at, `Policy variables work only in Resource and Condition values, not in ${element}: ${m[0]}`);
    } else if (version !== '2012-10-17') {
      ctx.report('VARIABLE_UNSUPPORTED_IN_VERSION', at, `Policy variables need "Version": "2012-10-17"; with ${version ? `"${version}"` : 'no Version'} IAM reads them literally: ${m[0]}`);
    }
  }
  for (const [re, what] of PLACEHOLDERS) {
    for (const m of raw.matchAll(re)) {
      ctx.report('TEMPLATE_PLACEHOLDER', { offset: s.offset + m.index!, length: m[0].length },
        `This looks like ${what} left from a tutorial or template; IAM would take it literally. Replace it with the real value: ${m[0]}`);
    }
  }
}

/** Policy variables (valid forms, the elements and Version they need) and other tools' placeholders left in values. */
export function checkVariables(ctx: CheckContext, policy: Policy, statement: Statement): void {
  const version = stringValue(policy.properties.get('Version')?.value)?.value;
  for (const p of statement.all) {
    if (p.key === 'Sid') continue;
    // Object keys are visited too: condition keys may carry placeholders (aws:ResourceTag/<TAG>).
    eachString(p.value, (node) => checkString(ctx, node, p.key, version));
  }
}
