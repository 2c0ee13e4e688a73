import { findNodeAtOffset, getNodePath, JSONPath, Node, parseTree, ParseError, ParseErrorCode } from 'jsonc-parser';

/** What a document is, which decides the rules it is checked by. */
export type DocumentKind = 'identity' | 'resource' | 'trust' | 'manifest' | 'other';

/** A property of a JSON object: its key as written and the nodes of key and value. */
export interface Property {
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node;
  /** The whole `"key": value` node. */
  readonly node: Node;
  /** The strings of the value when it is a string or an array (stringValues of it), the same list on every read. */
  readonly strings: readonly StringValue[];
}

/** A string in the document with the range of its content (between the quotes). */
export interface StringValue {
  readonly value: string;
  readonly offset: number;
  readonly length: number;
  readonly node: Node;
}

/** Properties by exact key, as written (IAM element names are case-sensitive); the first of duplicates wins. */
export interface PropertyLookup {
  get(key: string): Property | undefined;
  has(key: string): boolean;
}

/** A statement's elements, each the first property of its name (duplicates are reported by the grammar check). */
export interface StatementElements {
  readonly Sid: Property | undefined;
  readonly Effect: Property | undefined;
  readonly Principal: Property | undefined;
  readonly NotPrincipal: Property | undefined;
  readonly Action: Property | undefined;
  readonly NotAction: Property | undefined;
  readonly Resource: Property | undefined;
  readonly NotResource: Property | undefined;
  readonly Condition: Property | undefined;
  /** The properties whose key is no statement element, in order, duplicates included. */
  readonly otherKeys: readonly Property[];
}

export interface Statement {
  readonly node: Node;
  readonly index: number;
  /** Properties by exact key, as written (IAM element names are case-sensitive), and the elements as fields. */
  readonly properties: PropertyLookup & StatementElements;
  /** All properties in order, duplicates included. */
  readonly all: readonly Property[];
  /** The Effect's text when it is a string ("Allow", "Deny" or a mistake), read once for every check that asks. */
  readonly effect: string | undefined;
  /** The strings of an element (`Action`, `Resource`...): its property's `strings`, empty without it. */
  strings(element: string): readonly StringValue[];
}

/** A policy document (identity, resource or trust) at some node of a file. */
export interface Policy {
  readonly kind: 'identity' | 'resource' | 'trust';
  readonly node: Node;
  readonly properties: PropertyLookup;
  readonly all: readonly Property[];
  readonly statements: readonly Statement[];
}

export interface ParsedDocument {
  readonly text: string;
  readonly fileName: string;
  readonly kind: DocumentKind;
  readonly root: Node | undefined;
  /** Where the text is not JSON, each with what to do about it ("add a comma before this"). */
  readonly syntaxErrors: readonly { offset: number; length: number; message: string }[];
  /** The policy of a policy or trust file; undefined for manifests and other JSON. */
  readonly policy: Policy | undefined;
  /** True when the text nests arrays and objects deeper than MAX_NESTING: it is not modelled (no root). */
  readonly tooDeep: boolean;
}

const KIND_BY_SUFFIX: [RegExp, DocumentKind][] = [
  [/\.policy\.jsonc?$/i, 'identity'],
  [/\.trust\.jsonc?$/i, 'trust'],
  [/\.role\.jsonc?$/i, 'manifest'],
];

/** What to do about each JSON syntax error, in the words of the finding. */
const SYNTAX_ERRORS: Record<ParseErrorCode, string> = {
  [ParseErrorCode.InvalidSymbol]: 'remove or quote this unexpected text',
  [ParseErrorCode.InvalidNumberFormat]: 'write the number as JSON does, such as 3600',
  [ParseErrorCode.PropertyNameExpected]: 'write a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'write a value here',
  [ParseErrorCode.ColonExpected]: 'add a colon after the property name',
  [ParseErrorCode.CommaExpected]: 'add a comma before this',
  [ParseErrorCode.CloseBraceExpected]: 'close the object with }',
  [ParseErrorCode.CloseBracketExpected]: 'close the array with ]',
  [ParseErrorCode.EndOfFileExpected]: 'remove what follows the end of the document',
  [ParseErrorCode.InvalidCommentToken]: 'fix or remove this comment',
  [ParseErrorCode.UnexpectedEndOfComment]: 'close the comment with */',
  [ParseErrorCode.UnexpectedEndOfString]: 'close the string with "',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'complete the number',
  [ParseErrorCode.InvalidUnicode]: 'write \\u followed by four hexadecimal digits',
  [ParseErrorCode.InvalidEscapeCharacter]: 'escape only " \\ / b f n r t u with a backslash',
  [ParseErrorCode.InvalidCharacter]: 'write tabs and line breaks inside a string as \\t and \\n',
};

/** The content of a property's key (between its quotes), where findings about the element go. */
export function keyOf(p: Property): StringValue {
  return stringValue(p.keyNode) ?? { value: p.key, offset: p.keyNode.offset, length: p.keyNode.length, node: p.keyNode };
}

/** The properties of an object node, in order; empty for anything else. */
export function properties(node: Node | undefined): Property[] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const result: Property[] = [];
  for (const child of node.children) {
    const keyNode = child.children?.[0];
    const value = child.children?.[1];
    if (keyNode && value && typeof keyNode.value === 'string') result.push(new ParsedProperty(keyNode.value, keyNode, value, child));
  }
  return result;
}

class ParsedProperty implements Property {
  private stringList: readonly StringValue[] | undefined;

  constructor(readonly key: string, readonly keyNode: Node, readonly value: Node, readonly node: Node) {}

  // Kept on the property, not looked up by node: every check reads the Action and Resource of every statement.
  get strings(): readonly StringValue[] {
    return (this.stringList ??= stringsOf(this.value));
  }
}

/** Properties by key; the first of duplicates wins (duplicates are reported by the grammar check). */
export function propertyMap(list: readonly Property[]): Map<string, Property> {
  const map = new Map<string, Property>();
  for (const p of list) if (!map.has(p.key)) map.set(p.key, p);
  return map;
}

/**
 * A string node as a StringValue; undefined for other nodes. A string not closed yet (whose node runs to
 * the end of its line) ends where the JSON after it on the line starts: `"ecr:PutIm ] }` is `ecr:PutIm`.
 */
export function stringValue(node: Node | undefined): StringValue | undefined {
  if (!node || node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const unclosed = unclosedStrings.get(node);
  if (unclosed) return { value: unclosed.value, offset: node.offset + 1, length: unclosed.length, node };
  return { value: node.value, offset: node.offset + 1, length: Math.max(0, node.length - 2), node };
}

/** True for a string node without its closing quote (typed up to a line break or the end of the text). */
export function isUnclosed(node: Node): boolean {
  return unclosedStrings.has(node);
}

/**
 * The strings of a string-or-array-of-strings element; other members are skipped (reported elsewhere).
 * The same node gives the same list (a Property's `strings` keeps its value's without a lookup).
 */
export function stringValues(node: Node | undefined): readonly StringValue[] {
  if (!node || (node.type !== 'string' && node.type !== 'array')) return NO_STRINGS;
  let result = stringLists.get(node);
  if (!result) stringLists.set(node, (result = stringsOf(node)));
  return result;
}
const stringLists = new WeakMap<Node, readonly StringValue[]>();
const NO_STRINGS: readonly StringValue[] = [];

function stringsOf(node: Node): readonly StringValue[] {
  if (node.type === 'string') return [stringValue(node)!];
  if (node.type !== 'array' || !node.children) return NO_STRINGS;
  const list: StringValue[] = [];
  for (const child of node.children) {
    const s = stringValue(child);
    if (s) list.push(s);
  }
  return list;
}

function hasPrincipal(statements: readonly Statement[]): boolean {
  return statements.some((s) => s.properties.has('Principal') || s.properties.has('NotPrincipal'));
}

/**
 * The properties of a statement or a policy: the elements IAM defines are fields, found in one pass over
 * the keys, so that the checks' many lookups of `Action` or `Resource` compare the names they pass (literals,
 * which V8 compares by identity) with the cases'; any other key is searched for in order. Fields, too, are
 * what a statement's StatementElements are.
 */
class ElementLookup implements PropertyLookup {
  Version: Property | undefined;
  Id: Property | undefined;
  Statement: Property | undefined;
  Sid: Property | undefined;
  Effect: Property | undefined;
  Principal: Property | undefined;
  NotPrincipal: Property | undefined;
  Action: Property | undefined;
  NotAction: Property | undefined;
  Resource: Property | undefined;
  NotResource: Property | undefined;
  Condition: Property | undefined;
  /** See StatementElements.otherKeys (of a policy: its statement elements and unknown keys). */
  readonly otherKeys: Property[] = [];

  constructor(private readonly all: readonly Property[]) {
    // The first of duplicates wins, as everywhere (duplicates are reported by the grammar check).
    for (const p of all) {
      switch (p.key) {
        case 'Version': this.Version ??= p; this.otherKeys.push(p); break;
        case 'Id': this.Id ??= p; this.otherKeys.push(p); break;
        case 'Statement': this.Statement ??= p; this.otherKeys.push(p); break;
        case 'Sid': this.Sid ??= p; break;
        case 'Effect': this.Effect ??= p; break;
        case 'Principal': this.Principal ??= p; break;
        case 'NotPrincipal': this.NotPrincipal ??= p; break;
        case 'Action': this.Action ??= p; break;
        case 'NotAction': this.NotAction ??= p; break;
        case 'Resource': this.Resource ??= p; break;
        case 'NotResource': this.NotResource ??= p; break;
        case 'Condition': this.Condition ??= p; break;
        default: this.otherKeys.push(p);
      }
    }
  }

  get(key: string): Property | undefined {
    switch (key) {
      case 'Version': return this.Version;
      case 'Id': return this.Id;
      case 'Statement': return this.Statement;
      case 'Sid': return this.Sid;
      case 'Effect': return this.Effect;
      case 'Principal': return this.Principal;
      case 'NotPrincipal': return this.NotPrincipal;
      case 'Action': return this.Action;
      case 'NotAction': return this.NotAction;
      case 'Resource': return this.Resource;
      case 'NotResource': return this.NotResource;
      case 'Condition': return this.Condition;
      default: return this.all.find((p) => p.key === key);
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

class ParsedStatement implements Statement {
  readonly properties: ElementLookup;
  readonly effect: string | undefined;

  constructor(readonly node: Node, readonly index: number, readonly all: readonly Property[]) {
    this.properties = new ElementLookup(all);
    this.effect = stringValue(this.properties.get('Effect')?.value)?.value;
  }

  strings(element: string): readonly StringValue[] {
    return this.properties.get(element)?.strings ?? NO_STRINGS;
  }
}

/** The statements of a `Statement` element: an array of objects, or a single object. */
function statementsOf(node: Node | undefined): Statement[] {
  if (!node) return [];
  const nodes = node.type === 'array' ? node.children ?? [] : node.type === 'object' ? [node] : [];
  const statements: Statement[] = [];
  for (let index = 0; index < nodes.length; index++) statements.push(new ParsedStatement(nodes[index], index, properties(nodes[index])));
  return statements;
}

/**
 * Reads a policy at a node. `kind` forces identity (a role's policies) or trust policies; without it
 * the presence of a principal makes it a resource policy. Returns undefined for a non-object node.
 */
export function readPolicy(node: Node | undefined, kind?: 'identity' | 'trust'): Policy | undefined {
  if (!node || node.type !== 'object') return undefined;
  const all = properties(node);
  const lookup = new ElementLookup(all);
  const statements = statementsOf(lookup.get('Statement')?.value);
  const resolved = kind ?? (hasPrincipal(statements) ? 'resource' : 'identity');
  return { kind: resolved, node, properties: lookup, all, statements };
}

/** True when the top level of a document has both `Version` and `Statement`: a policy, whatever its name. */
function looksLikePolicy(root: Node | undefined): boolean {
  const keys = new Set(properties(root).map((p) => p.key));
  return keys.has('Statement') && keys.has('Version');
}

/** Deeper nesting than any policy has is not parsed: jsonc-parser's parser recurses once per level. */
export const MAX_NESTING = 256;

/** What ends a string not closed yet, before the end of its line: the JSON after it (`"ecr:PutIm ] }`). */
export const UNCLOSED_STRING_END = /[\s,\]}]/;

/**
 * String nodes that end at a line break or the end of the text without their closing quote, with their
 * content up to UNCLOSED_STRING_END: jsonc-parser's nodes do not say, and run to the end of the line.
 * Filled by parseDocument.
 */
const unclosedStrings = new WeakMap<Node, { value: string; length: number }>();

function markUnclosed(text: string, node: Node): void {
  const raw = text.slice(node.offset + 1, node.offset + node.length);
  // A backslash escape makes the raw text and the parsed value differ: such a string keeps all of its line.
  if (raw.includes('\\')) {
    unclosedStrings.set(node, { value: String(node.value), length: raw.length });
    return;
  }
  const end = raw.search(UNCLOSED_STRING_END);
  const length = end < 0 ? raw.length : end;
  unclosedStrings.set(node, { value: raw.slice(0, length), length });
}

/**
 * One walk of a parsed tree that measures what parseDocument needs: the deepest nesting of arrays and
 * objects (stopping as soon as it passes `limit`, so the recursion is at most about twice `limit` deep),
 * the document's jsonSize (each node's own share, added up), and the strings that start at one of
 * `unclosed`'s offsets, which it marks. Leaves are measured in their parent's loop: a 1 MB document has
 * a hundred thousand of them, and this walk is part of every check.
 */
class TreeMeasure {
  /** The jsonSize of what was walked. */
  size = 0;

  constructor(private readonly text: string, private readonly limit: number, private readonly unclosed: ReadonlySet<number>) {}

  /** The deepest nesting under `node` (a container or property, in a container at nesting `depth`). */
  depth(node: Node, depth: number): number {
    const level = node.type === 'object' || node.type === 'array' ? depth + 1 : depth;
    if (level > this.limit) return level;
    this.size += ownSize(node);
    const children = node.children;
    let max = level;
    if (children) {
      for (let i = 0; i < children.length && max <= this.limit; i++) {
        const child = children[i];
        if (child.children) {
          const d = this.depth(child, level);
          if (d > max) max = d;
        } else {
          // A string, number or literal (jsonc-parser gives every container and property a children list).
          this.leaf(child);
        }
      }
    }
    return max;
  }

  /** Measures a node without children, marking it if it is an unclosed string. */
  leaf(node: Node): void {
    this.size += node.length;
    if (node.type === 'string' && this.unclosed.size > 0 && this.unclosed.has(node.offset)) markUnclosed(this.text, node);
  }
}

/** A node's own share of jsonSize: its brackets and commas, its colon, or its text. */
function ownSize(node: Node): number {
  const count = node.children?.length ?? 0;
  if (node.type === 'object' || node.type === 'array') return 2 + Math.max(0, count - 1);
  if (node.type === 'property') return count > 1 ? 1 : 0;
  return node.length;
}

/** The jsonSize of each document's root, measured by parseDocument's walk. */
const rootSizes = new WeakMap<Node, number>();

/**
 * The size IAM counts for the JSON at a node: its text without whitespace and comments outside strings
 * (IAM never sees those), computed from the parse rather than by scanning the text again: each string,
 * number and literal as written, plus the brackets, colons and commas that join them.
 */
export function jsonSize(node: Node): number {
  return rootSizes.get(node) ?? sizeOf(node);
}

function sizeOf(node: Node): number {
  let size = ownSize(node);
  const children = node.children;
  if (children) for (let i = 0; i < children.length; i++) size += sizeOf(children[i]);
  return size;
}

/**
 * Parses JSONC text (comments and trailing commas allowed) into the document model. Never throws:
 * syntax errors are returned with their ranges, and whatever could be parsed is modelled. A text
 * nested deeper than MAX_NESTING levels is not modelled: it gives no root, `tooDeep`, and one syntax error.
 */
export function parseDocument(text: string, fileName: string, forcedKind?: DocumentKind): ParsedDocument {
  const named: DocumentKind = forcedKind ?? KIND_BY_SUFFIX.find(([re]) => re.test(fileName))?.[1] ?? 'other';
  const errors: ParseError[] = [];
  let root: Node | undefined;
  let tooDeep = false;
  try {
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    // The parser recurses once per level: thousands of levels exhaust the stack, which is the same verdict.
    if (!(e instanceof RangeError)) throw e;
    tooDeep = true;
  }
  const unclosed = new Set(errors.filter((e) => e.error === ParseErrorCode.UnexpectedEndOfString).map((e) => e.offset));
  const measure = new TreeMeasure(text, MAX_NESTING, unclosed);
  if (root && !root.children) measure.leaf(root);
  if (tooDeep || (root?.children && measure.depth(root, 0) > MAX_NESTING)) {
    return {
      text, fileName, kind: named, root: undefined, policy: undefined, tooDeep: true,
      syntaxErrors: [{ offset: 0, length: Math.min(1, text.length), message: `nest arrays and objects at most ${MAX_NESTING} levels deep` }],
    };
  }
  if (root) rootSizes.set(root, measure.size);
  const syntaxErrors = errors.map((e) => ({ offset: e.offset, length: e.length, message: SYNTAX_ERRORS[e.error] ?? 'fix the JSON here' }));
  let kind = named;
  if (kind === 'other' && looksLikePolicy(root)) kind = 'identity';
  let policy: Policy | undefined;
  if (kind === 'identity' || kind === 'resource' || kind === 'trust') {
    // A policy file decides identity or resource by its content; a role's documents are told their kind.
    policy = readPolicy(root, forcedKind === 'identity' || forcedKind === 'trust' ? forcedKind : kind === 'trust' ? 'trust' : undefined);
    if (policy) kind = policy.kind;
  }
  return { text, fileName, kind, root, syntaxErrors, policy, tooDeep: false };
}

/** The innermost node at an offset and its JSON path, for hover and completion. */
export function nodeAt(doc: ParsedDocument, offset: number): { node: Node | undefined; path: JSONPath } {
  if (!doc.root) return { node: undefined, path: [] };
  const node = findNodeAtOffset(doc.root, offset, true);
  return { node, path: node ? getNodePath(node) : [] };
}
