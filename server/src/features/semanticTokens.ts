// Semantic tokens: what TextMate colouring cannot know. Names are coloured by the kind of element
// they define or refer to (a NIC and a switch look different even inside one path such as
// `hv01.eth0`); keywords, property names, enum values, numbers, strings and comments too.
// The tokens of a version are worked out once (in O(n log n)) and kept with its analysis; `full`,
// `full/delta` (edits against the previous result sent for the document) and `range` read them.
import type { Range, SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { SymbolKind as ElementKind } from '../model/symbols';
import { type BodyItem, type Span, type TopItem, type Value } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';

const TOKEN_TYPES = ['class', 'interface', 'namespace', 'struct', 'variable', 'enumMember', 'keyword', 'property', 'number', 'string', 'comment'] as const;
const TOKEN_MODIFIERS = ['declaration'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

const ELEMENT_TYPES: Record<ElementKind, TokenType> = {
  host: 'class',
  switch: 'interface',
  array: 'namespace',
  controller: 'namespace',
  lag: 'struct',
  team: 'struct',
  trunk: 'struct',
  nic: 'variable',
  vmk: 'variable',
  hba: 'variable',
  'switch-port': 'variable',
  'array-port': 'variable',
  volume: 'variable',
  'host-group': 'class',
};

interface Token {
  start: number;
  end: number;
  type: TokenType;
  declaration: boolean;
}

/** A token as the protocol counts it: on one line, at a character. */
interface PlacedToken {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

/** The placed tokens of each analysed version, in document order, without overlaps. */
const tokensOfVersion = new WeakMap<DocumentAnalysis, PlacedToken[]>();
const dataOfVersion = new WeakMap<DocumentAnalysis, number[]>();

/** `textDocument/semanticTokens/full`, without a result id (see SemanticTokensHistory for delta). */
export function semanticTokens(doc: DocumentAnalysis): SemanticTokens {
  return { data: documentData(doc) };
}

/** `textDocument/semanticTokens/range`: the tokens that start inside `range`. */
export function semanticTokensInRange(doc: DocumentAnalysis, range: Range): SemanticTokens {
  const tokens = placedTokens(doc);
  const before = (token: PlacedToken, position: Range['start']) =>
    token.line < position.line || (token.line === position.line && token.character < position.character);
  const first = firstIndex(tokens, (token) => !before(token, range.start));
  const end = firstIndex(tokens, (token) => !before(token, range.end));
  return { data: encode(tokens.slice(first, Math.max(first, end))) };
}

/**
 * The last tokens sent for each document, so that `full/delta` can answer with the edits from them
 * (VS Code asks with the result id of its last answer after every change).
 */
export class SemanticTokensHistory {
  private readonly sent = new Map<string, { resultId: string; data: number[] }>();
  private results = 0;

  full(uri: string, doc: DocumentAnalysis): SemanticTokens {
    const data = documentData(doc);
    const resultId = String(++this.results);
    this.sent.set(uri, { resultId, data });
    return { resultId, data };
  }

  delta(uri: string, doc: DocumentAnalysis, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    const current = this.full(uri, doc);
    if (previous?.resultId !== previousResultId) return current;
    return { resultId: current.resultId, edits: tokenEdits(previous.data, current.data) };
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
}

/**
 * The edits that turn `before` into `after`: one replacement between their common start and end
 * (an edit changes the tokens of a few lines; those after it keep their relative encoding), or
 * none. Whole tokens only, so a client never sees half a token replaced.
 */
export function tokenEdits(before: readonly number[], after: readonly number[]): SemanticTokensEdit[] {
  const shortest = Math.min(before.length, after.length);
  let head = 0;
  while (head < shortest && before[head] === after[head]) head++;
  head -= head % 5;
  let tail = 0;
  while (tail < shortest - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  tail -= tail % 5;
  if (head === before.length && head === after.length) return [];
  return [{ start: head, deleteCount: before.length - head - tail, data: after.slice(head, after.length - tail) }];
}

function documentData(doc: DocumentAnalysis): number[] {
  let data = dataOfVersion.get(doc);
  if (!data) {
    data = encode(placedTokens(doc));
    dataOfVersion.set(doc, data);
  }
  return data;
}

function placedTokens(doc: DocumentAnalysis): PlacedToken[] {
  let tokens = tokensOfVersion.get(doc);
  if (!tokens) {
    tokens = place(doc, collectTokens(doc));
    tokensOfVersion.set(doc, tokens);
  }
  return tokens;
}

function collectTokens(doc: DocumentAnalysis): Token[] {
  const { definitions, references } = doc.modelResult.symbols;
  const names: Token[] = [];
  for (const definition of definitions.values()) {
    names.push(token(definition.nameSpan, ELEMENT_TYPES[definition.kind], !definition.implicit));
  }
  for (const reference of references) {
    const target = definitions.get(reference.id);
    if (target) names.push(token(reference.span, ELEMENT_TYPES[target.kind], false));
  }
  const syntax: Token[] = doc.parse.tree.comments.map((comment) => token(comment.span, 'comment', false));
  const visit = (item: TopItem | BodyItem): void => {
    if (item.kind === 'property') {
      syntax.push(leadingWordToken(item.span.start, item.keyText, 'property'));
      for (const value of item.values) pushValue(syntax, value);
      return;
    }
    syntax.push(leadingWordToken(item.span.start, item.keywordText, 'keyword'));
    if (item.kind === 'block' || item.kind === 'link') item.body.forEach(visit);
  };
  doc.parse.tree.items.forEach(visit);

  // Names win over the value token they sit in: `hv01.eth0` is two names, not one value.
  names.sort(byStart);
  const covered = namesCover(names);
  const tokens = [...names, ...syntax.filter((token) => !covered(token))];
  return tokens.sort(byStart);
}

/**
 * Whether a token overlaps one of `names` (sorted by start): among the names that start before
 * the token ends, the furthest end reaches past the token's start.
 */
function namesCover(names: Token[]): (token: Token) => boolean {
  const furthestEnd: number[] = [];
  for (const name of names) furthestEnd.push(Math.max(name.end, furthestEnd[furthestEnd.length - 1] ?? -1));
  return (token) => {
    const startingBefore = firstIndex(names, (name) => name.start >= token.end);
    return startingBefore > 0 && furthestEnd[startingBefore - 1]! > token.start;
  };
}

const byStart = (a: Token, b: Token) => a.start - b.start;

/** The first index of a sorted array at which `reached` holds (it holds from there on), or its length. */
function firstIndex<T>(items: readonly T[], reached: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (reached(items[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function pushValue(tokens: Token[], value: Value): void {
  const type: TokenType | undefined =
    value.valueKind === 'ident' ? 'enumMember' : value.valueKind === 'string' ? 'string' : value.valueKind === 'path' || value.valueKind === 'word' ? undefined : 'number';
  if (type) tokens.push(token(value.span, type, false));
}

/** A token over a span's offsets (a value is its own span: its other fields stay behind). */
function token(span: Span, type: TokenType, declaration: boolean): Token {
  return { start: span.start, end: span.end, type, declaration };
}

/** A node's keyword or key, which begins the node: from its text, without making its value. */
function leadingWordToken(start: number, text: string, type: TokenType): Token {
  return { start, end: start + text.length, type, declaration: false };
}

/** Tokens sorted by start, at their line and character; tokens never span lines here, and overlapping ones are dropped. */
function place(doc: DocumentAnalysis, tokens: Token[]): PlacedToken[] {
  const placed: PlacedToken[] = [];
  let previousEnd = -1;
  for (const token of tokens) {
    if (token.start < previousEnd || token.end <= token.start) continue;
    const start = doc.lineIndex.position(token.start);
    const end = doc.lineIndex.position(token.end);
    if (end.line !== start.line) continue;
    placed.push({ line: start.line, character: start.character, length: end.character - start.character, type: TOKEN_TYPES.indexOf(token.type), modifiers: token.declaration ? 1 : 0 });
    previousEnd = token.end;
  }
  return placed;
}

/** LSP's relative encoding. */
function encode(tokens: PlacedToken[]): number[] {
  const data: number[] = [];
  let previousLine = 0;
  let previousChar = 0;
  for (const token of tokens) {
    const deltaLine = token.line - previousLine;
    data.push(deltaLine, deltaLine === 0 ? token.character - previousChar : token.character, token.length, token.type, token.modifiers);
    previousLine = token.line;
    previousChar = token.character;
  }
  return data;
}
