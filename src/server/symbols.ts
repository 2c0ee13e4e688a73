// The outline: a policy's statements (by Sid, else by position, with their Effect); for a role manifest,
// its trust policy and policies by name, with the statements of those written inline.
import { Node } from 'jsonc-parser';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocument, Policy, properties, readPolicy, Statement, stringValue } from '../iam/document';
import { toRange } from './convert';

function statementSymbol(document: TextDocument, statement: Statement): DocumentSymbol {
  const sid = statement.properties.get('Sid')?.value;
  const name = stringValue(sid)?.value || `Statement ${statement.index + 1}`;
  const range = toRange(document, statement.node.offset, statement.node.length);
  return {
    name,
    detail: stringValue(statement.properties.get('Effect')?.value)?.value,
    kind: SymbolKind.Object,
    range,
    selectionRange: sid ? toRange(document, sid.offset, sid.length) : range,
  };
}

function statementSymbols(document: TextDocument, policy: Policy | undefined): DocumentSymbol[] {
  return (policy?.statements ?? []).map((s) => statementSymbol(document, s));
}

/** A manifest's policy document: inline (its statements become children) or a file it names. */
function policySymbol(document: TextDocument, name: string, nameNode: Node, whole: Node, kind: string, policy: Node | undefined, trust: boolean): DocumentSymbol {
  const file = stringValue(policy)?.value;
  return {
    name,
    detail: file ? `${kind}: ${file}` : kind,
    kind: SymbolKind.Namespace,
    range: toRange(document, whole.offset, whole.length),
    selectionRange: toRange(document, nameNode.offset, nameNode.length),
    children: statementSymbols(document, readPolicy(policy, trust ? 'trust' : 'identity')),
  };
}

function manifestSymbols(document: TextDocument, root: Node | undefined): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const p of properties(root)) {
    if (p.key === 'AssumeRolePolicyDocument') {
      symbols.push(policySymbol(document, p.key, p.keyNode, p.node, 'trust policy', p.value, true));
    } else if ((p.key === 'Policies' || p.key === 'CustomerManagedPolicies') && p.value.type === 'array') {
      const kind = p.key === 'Policies' ? 'inline policy' : 'customer managed policy';
      (p.value.children ?? []).forEach((item, i) => {
        const entry = properties(item);
        const nameNode = entry.find((q) => q.key === 'PolicyName')?.value;
        const name = stringValue(nameNode)?.value || `${p.key}[${i}]`;
        const policy = entry.find((q) => q.key === 'PolicyDocument')?.value;
        symbols.push(policySymbol(document, name, nameNode ?? item, item, kind, policy, false));
      });
    }
  }
  return symbols;
}

/** The outline of a policy, trust policy or role manifest; empty for any other JSON. */
export function documentSymbols(document: TextDocument, doc: ParsedDocument): DocumentSymbol[] {
  return doc.kind === 'manifest' ? manifestSymbols(document, doc.root) : statementSymbols(document, doc.policy);
}
