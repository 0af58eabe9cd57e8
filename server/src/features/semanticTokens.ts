// Semantic tokens: what TextMate colouring cannot know. Names are coloured by the kind of element
// they define or refer to (a NIC and a switch look different even inside one path such as
// `hv01.eth0`); keywords, property names, enum values, numbers, strings and comments too.
// The tokens of a version are worked out once and kept with its analysis; `full`, `full/delta`
// (edits against the previous result sent for the document) and `range` read them. Each
// statement's tokens are relative to where it starts and kept by its text and the kinds of its
// names, so a keystroke works out the tokens of the statement it changed and places the others.
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
  vswitch: 'struct',
  route: 'variable',
  trunk: 'struct',
  portal: 'struct',
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

/**
 * The encoded tokens of each analysed version: a typed array, which a large document fills and
 * compares with the previous version's several times faster than a list of numbers.
 */
const dataOfVersion = new WeakMap<DocumentAnalysis, Int32Array>();

/** `textDocument/semanticTokens/full`, without a result id (see SemanticTokensHistory for delta). */
export function semanticTokens(doc: DocumentAnalysis): SemanticTokens {
  return { data: Array.from(documentData(doc)) };
}

/** `textDocument/semanticTokens/range`: the tokens that start inside `range`. */
export function semanticTokensInRange(doc: DocumentAnalysis, range: Range): SemanticTokens {
  const tokens = decode(documentData(doc));
  const before = (token: PlacedToken, position: Range['start']) =>
    token.line < position.line || (token.line === position.line && token.character < position.character);
  const first = firstIndex(tokens, (token) => !before(token, range.start));
  const end = firstIndex(tokens, (token) => !before(token, range.end));
  return { data: encode(tokens.slice(first, Math.max(first, end))) };
}

/**
 * The last tokens sent for each document, so that `full/delta` can answer with the edits from them
 * (VS Code asks with the result id of its last answer after every change). A document is a file of
 * its design: its tokens are those of its lines of the design's text.
 */
export class SemanticTokensHistory {
  private readonly sent = new Map<string, { resultId: string; data: Int32Array }>();
  private results = 0;

  full(uri: string, doc: DocumentAnalysis): SemanticTokens {
    const { resultId, data } = this.record(uri, doc);
    return { resultId, data: Array.from(data) };
  }

  delta(uri: string, doc: DocumentAnalysis, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    const current = this.record(uri, doc);
    if (previous?.resultId !== previousResultId) return { resultId: current.resultId, data: Array.from(current.data) };
    return { resultId: current.resultId, edits: tokenEdits(previous.data, current.data) };
  }

  private record(uri: string, doc: DocumentAnalysis): { resultId: string; data: Int32Array } {
    const sent = { resultId: String(++this.results), data: fileData(doc, uri) };
    this.sent.set(uri, sent);
    return sent;
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
export function tokenEdits(before: ArrayLike<number>, after: ArrayLike<number>): SemanticTokensEdit[] {
  const shortest = Math.min(before.length, after.length);
  let head = 0;
  while (head < shortest && before[head] === after[head]) head++;
  head -= head % 5;
  let tail = 0;
  while (tail < shortest - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  tail -= tail % 5;
  if (head === before.length && head === after.length) return [];
  return [{ start: head, deleteCount: before.length - head - tail, data: Array.prototype.slice.call(after, head, after.length - tail) as number[] }];
}

/**
 * The encoded tokens of the file `uri` of the design: those on its lines (a file begins on a line of
 * its own and no token spans lines), counted from its first line.
 */
function fileData(doc: DocumentAnalysis, uri: string): Int32Array {
  const file = doc.files.file(uri);
  if (!file) return new Int32Array(0);
  const data = documentData(doc);
  const firstLine = doc.lineIndex.position(file.start).line;
  const lastLine = doc.lineIndex.position(file.start + file.text.length).line;
  let from = 0;
  let lineBefore = 0;
  for (; from < data.length && lineBefore + data[from]! < firstLine; from += 5) lineBefore += data[from]!;
  let to = from;
  for (let line = lineBefore; to < data.length && line + data[to]! <= lastLine; to += 5) line += data[to]!;
  const part = data.subarray(from, to);
  if (part.length === 0 || lineBefore === firstLine) return part;
  // The first token's line was counted from the token before it, in an earlier file.
  const counted = part.slice();
  counted[0] = counted[0]! + lineBefore - firstLine;
  return counted;
}

function documentData(doc: DocumentAnalysis): Int32Array {
  let data = dataOfVersion.get(doc);
  if (!data) {
    data = encodeStatements(doc);
    dataOfVersion.set(doc, data);
  }
  return data;
}

/**
 * The tokens of one top-level statement (or of a comment between statements), relative to where
 * it starts: per token its line from the statement's first line, its character (on that first
 * line, from the statement's start), length, type and modifiers. A function of the statement's
 * text and the kinds of the names in it, whatever comes before it.
 */
interface StatementTokens {
  /** The names in the statement, as what `names` describes: start from the statement's, type, declaration. */
  names: number[];
  tokens: number[];
}

/**
 * The tokens of the statements of the last version worked out, by the statement's text: a
 * keystroke changes one statement, and the others' tokens are taken from here when the kinds of
 * their names are also the same. Each version keeps only the entries it used.
 */
let statementTokens = new Map<string, StatementTokens>();

/** The document's tokens, encoded: those of each statement, from `statementTokens` when known. */
function encodeStatements(doc: DocumentAnalysis): Int32Array {
  const names = nameTokens(doc);
  const { items, comments } = doc.parse.tree;
  const used = new Map<string, StatementTokens>();
  /** Where each statement or free comment starts, and its tokens, in document order. */
  const starts: number[] = [];
  const pieces: number[][] = [];
  let size = 0;
  const add = (start: number, tokens: number[]): void => {
    starts.push(start);
    pieces.push(tokens);
    size += tokens.length;
  };
  const freeComment = (comment: { span: Span }): void => add(comment.span.start, relativeTokens(doc, comment.span.start, [token(comment.span, 'comment', false)]));
  let nameAt = 0;
  let commentAt = 0;
  for (const item of items) {
    const { start, end } = item.span;
    for (; commentAt < comments.length && comments[commentAt]!.span.start < start; commentAt++) freeComment(comments[commentAt]!);
    // A name outside every statement (none the model makes) has no token.
    while (nameAt < names.length && names[nameAt]!.start < start) nameAt++;
    const firstName = nameAt;
    while (nameAt < names.length && names[nameAt]!.start < end) nameAt++;
    const firstComment = commentAt;
    while (commentAt < comments.length && comments[commentAt]!.span.start < end) commentAt++;
    const text = doc.text.slice(start, end);
    let known = used.get(text) ?? statementTokens.get(text);
    if (!known || !sameNames(known.names, names, firstName, nameAt, start)) {
      const syntax = comments.slice(firstComment, commentAt).map((comment) => token(comment.span, 'comment', false));
      syntaxTokens(item, syntax);
      const own = names.slice(firstName, nameAt);
      known = {
        names: own.flatMap((name) => [name.start - start, TOKEN_TYPES.indexOf(name.type), name.declaration ? 1 : 0]),
        tokens: relativeTokens(doc, start, withNames(own, syntax)),
      };
    }
    used.set(text, known);
    add(start, known.tokens);
  }
  for (; commentAt < comments.length; commentAt++) freeComment(comments[commentAt]!);
  statementTokens = used;

  const data = new Int32Array(size);
  let at = 0;
  let previousLine = 0;
  let previousChar = 0;
  for (let piece = 0; piece < pieces.length; piece++) {
    const tokens = pieces[piece]!;
    if (tokens.length === 0) continue;
    const origin = doc.lineIndex.position(starts[piece]!);
    for (let i = 0; i < tokens.length; i += 5) {
      const line = origin.line + tokens[i]!;
      const character = tokens[i] === 0 ? origin.character + tokens[i + 1]! : tokens[i + 1]!;
      const deltaLine = line - previousLine;
      data[at++] = deltaLine;
      data[at++] = deltaLine === 0 ? character - previousChar : character;
      data[at++] = tokens[i + 2]!;
      data[at++] = tokens[i + 3]!;
      data[at++] = tokens[i + 4]!;
      previousLine = line;
      previousChar = character;
    }
  }
  return data;
}

/** Whether `names[from..to)`, in a statement starting at `start`, are those `known` describes. */
function sameNames(known: readonly number[], names: readonly Token[], from: number, to: number, start: number): boolean {
  if (known.length !== (to - from) * 3) return false;
  for (let i = from, k = 0; i < to; i++, k += 3) {
    const name = names[i]!;
    if (known[k] !== name.start - start || known[k + 1] !== TOKEN_TYPES.indexOf(name.type) || known[k + 2] !== (name.declaration ? 1 : 0)) return false;
  }
  return true;
}

/** Every name the model defines or refers to, by the kind of what it names, sorted by start (definitions first). */
function nameTokens(doc: DocumentAnalysis): Token[] {
  const { definitions, references } = doc.modelResult.symbols;
  const defined: Token[] = [];
  for (const definition of definitions.values()) {
    defined.push(token(definition.nameSpan, ELEMENT_TYPES[definition.kind], !definition.implicit));
  }
  const referred: Token[] = [];
  for (const reference of references) {
    const target = definitions.get(reference.id);
    if (target) referred.push(token(reference.span, ELEMENT_TYPES[target.kind], false));
  }
  // Both come mostly in text order: merged rather than sorted together.
  sortByStart(defined);
  sortByStart(referred);
  const names: Token[] = [];
  let d = 0;
  let r = 0;
  while (d < defined.length || r < referred.length) {
    names.push(r === referred.length || (d < defined.length && defined[d]!.start <= referred[r]!.start) ? defined[d++]! : referred[r++]!);
  }
  return names;
}

/** Sorts (stably) unless already sorted. */
function sortByStart(tokens: Token[]): void {
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i]!.start < tokens[i - 1]!.start) {
      tokens.sort(byStart);
      return;
    }
  }
}

/** The keyword, property and value tokens of a statement and what it nests. */
function syntaxTokens(item: TopItem | BodyItem, syntax: Token[]): void {
  if (item.kind === 'property') {
    syntax.push(leadingWordToken(item.span.start, item.keyText, 'property'));
    for (const value of item.values) pushValue(syntax, value);
    return;
  }
  syntax.push(leadingWordToken(item.span.start, item.keywordText, 'keyword'));
  if (item.kind === 'block' || item.kind === 'link') for (const nested of item.body) syntaxTokens(nested, syntax);
}

/** Names (sorted) and syntax tokens in order; names win over the value token they sit in: `hv01.eth0` is two names, not one value. */
function withNames(names: Token[], syntax: Token[]): Token[] {
  const covered = namesCover(names);
  return [...names, ...syntax.filter((token) => !covered(token))].sort(byStart);
}

/**
 * Tokens sorted by start, relative to `origin` as `StatementTokens` holds them; tokens never span lines here,
 * and overlapping ones are dropped.
 */
function relativeTokens(doc: DocumentAnalysis, origin: number, tokens: Token[]): number[] {
  const at = doc.lineIndex.position(origin);
  const relative: number[] = [];
  let previousEnd = -1;
  for (const token of tokens) {
    if (token.start < previousEnd || token.end <= token.start) continue;
    const start = doc.lineIndex.position(token.start);
    const end = doc.lineIndex.position(token.end);
    if (end.line !== start.line) continue;
    const line = start.line - at.line;
    relative.push(line, line === 0 ? start.character - at.character : start.character, end.character - start.character, TOKEN_TYPES.indexOf(token.type), token.declaration ? 1 : 0);
    previousEnd = token.end;
  }
  return relative;
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

/** A token over a span's offsets. */
function token(span: Span, type: TokenType, declaration: boolean): Token {
  return { start: span.start, end: span.end, type, declaration };
}

/** A node's keyword or key, which begins the node: from its text, without making its value. */
function leadingWordToken(start: number, text: string, type: TokenType): Token {
  return { start, end: start + text.length, type, declaration: false };
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

/** The tokens of LSP's relative encoding at their lines and characters. */
function decode(data: ArrayLike<number>): PlacedToken[] {
  const tokens: PlacedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    character = data[i] === 0 ? character + data[i + 1]! : data[i + 1]!;
    tokens.push({ line, character, length: data[i + 2]!, type: data[i + 3]!, modifiers: data[i + 4]! });
  }
  return tokens;
}
