// Semantic tokens: what TextMate colouring cannot know. Names are coloured by the kind of element
// they define or refer to (a NIC and a switch look different even inside one path such as
// `hv01.eth0`); keywords, property names, enum values, numbers, strings and comments too.
// The tokens of a version are worked out once and kept with its analysis; `full`, `full/delta`
// (edits against the previous result sent for the document) and `range` read them. Each
// statement's tokens are relative to where it starts and kept with the statement while its names
// name the same kinds, so a keystroke works out the tokens of the statements it changed, and a
// delta encodes only those: the statements around them are recognised by their tokens' identity.
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

/** `textDocument/semanticTokens/full`, without a result id (see SemanticTokensHistory for delta). */
export function semanticTokens(doc: DocumentAnalysis): SemanticTokens {
  return { data: documentData(doc) };
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
  private readonly sent = new Map<string, { resultId: string; tokens: DocumentTokens }>();
  private results = 0;

  full(uri: string, doc: DocumentAnalysis): SemanticTokens {
    const { resultId, tokens } = this.record(uri, doc);
    return { resultId, data: encodePieces(tokens, 0, tokens.pieces.length, DOCUMENT_START) };
  }

  delta(uri: string, doc: DocumentAnalysis, previousResultId: string): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    const current = this.record(uri, doc);
    if (previous?.resultId !== previousResultId) return { resultId: current.resultId, data: encodePieces(current.tokens, 0, current.tokens.pieces.length, DOCUMENT_START) };
    return { resultId: current.resultId, edits: tokenEdits(previous.tokens, current.tokens) };
  }

  private record(uri: string, doc: DocumentAnalysis): { resultId: string; tokens: DocumentTokens } {
    const sent = { resultId: String(++this.results), tokens: fileTokens(doc, uri) };
    this.sent.set(uri, sent);
    return sent;
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
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
 * The tokens of each statement, kept with the statement: a re-parse keeps the statements an edit
 * did not touch (moving them), so a keystroke works out the tokens of those it re-parsed, and of
 * those whose names now name something of another kind.
 */
const tokensOfStatement = new WeakMap<TopItem, StatementTokens>();

/** A version's tokens: each statement's and free comment's (`StatementTokens.tokens`) in document order, and where each starts. */
interface DocumentTokens {
  pieces: (readonly number[])[];
  lines: number[];
  characters: number[];
}

const tokensOfVersion = new WeakMap<DocumentAnalysis, DocumentTokens>();
/** A version's tokens in LSP's encoding, made when a whole result is asked for. */
const dataOfVersion = new WeakMap<DocumentAnalysis, number[]>();

function documentData(doc: DocumentAnalysis): number[] {
  let data = dataOfVersion.get(doc);
  if (!data) {
    const tokens = documentTokens(doc);
    data = encodePieces(tokens, 0, tokens.pieces.length, DOCUMENT_START);
    dataOfVersion.set(doc, data);
  }
  return data;
}

/**
 * The tokens of the file `uri` of the design: the statements and comments on its lines (a file
 * begins on a line of its own and no token spans lines), their lines counted from its first.
 */
function fileTokens(doc: DocumentAnalysis, uri: string): DocumentTokens {
  const tokens = documentTokens(doc);
  const file = doc.files.file(uri);
  if (!file) return { pieces: [], lines: [], characters: [] };
  if (doc.files.files.length === 1) return tokens;
  const firstLine = doc.lineIndex.position(file.start).line;
  const lastLine = doc.lineIndex.position(file.start + file.text.length).line;
  const from = firstIndex(tokens.lines, (line) => line >= firstLine);
  const to = firstIndex(tokens.lines, (line) => line > lastLine);
  return { pieces: tokens.pieces.slice(from, to), lines: tokens.lines.slice(from, to).map((line) => line - firstLine), characters: tokens.characters.slice(from, to) };
}

function documentTokens(doc: DocumentAnalysis): DocumentTokens {
  let tokens = tokensOfVersion.get(doc);
  if (!tokens) {
    tokens = statementPieces(doc);
    tokensOfVersion.set(doc, tokens);
  }
  return tokens;
}

/** The tokens of each statement and free comment, those of a statement kept from `tokensOfStatement` when its names name the same kinds. */
function statementPieces(doc: DocumentAnalysis): DocumentTokens {
  const names = nameTokens(doc);
  const { items, comments } = doc.parse.tree;
  const pieces: DocumentTokens = { pieces: [], lines: [], characters: [] };
  const add = (start: number, tokens: readonly number[]): void => {
    const origin = doc.lineIndex.position(start);
    pieces.pieces.push(tokens);
    pieces.lines.push(origin.line);
    pieces.characters.push(origin.character);
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
    let known = tokensOfStatement.get(item);
    if (!known || !sameNames(known.names, names, firstName, nameAt, start)) {
      const syntax = comments.slice(firstComment, commentAt).map((comment) => token(comment.span, 'comment', false));
      syntaxTokens(item, syntax);
      const own = names.slice(firstName, nameAt);
      known = {
        names: own.flatMap((name) => [name.start - start, TOKEN_TYPES.indexOf(name.type), name.declaration ? 1 : 0]),
        tokens: relativeTokens(doc, start, withNames(own, syntax)),
      };
      tokensOfStatement.set(item, known);
    }
    add(start, known.tokens);
  }
  for (; commentAt < comments.length; commentAt++) freeComment(comments[commentAt]!);
  return pieces;
}

/** Where LSP's encoding counts the first token from. */
const DOCUMENT_START = { line: 0, character: 0 };

/** LSP's encoding of `pieces[from..to)`, after a token at `previous`. */
function encodePieces({ pieces, lines, characters }: DocumentTokens, from: number, to: number, previous: { line: number; character: number }): number[] {
  const data: number[] = [];
  let previousLine = previous.line;
  let previousChar = previous.character;
  for (let piece = from; piece < to; piece++) {
    const tokens = pieces[piece]!;
    for (let i = 0; i < tokens.length; i += 5) {
      const line = lines[piece]! + tokens[i]!;
      const character = tokens[i] === 0 ? characters[piece]! + tokens[i + 1]! : tokens[i + 1]!;
      const deltaLine = line - previousLine;
      data.push(deltaLine, deltaLine === 0 ? character - previousChar : character, tokens[i + 2]!, tokens[i + 3]!, tokens[i + 4]!);
      previousLine = line;
      previousChar = character;
    }
  }
  return data;
}

/** Where the last token of `pieces[0..before)` is; the start of the document when they have none. */
function lastTokenBefore({ pieces, lines, characters }: DocumentTokens, before: number): { line: number; character: number } {
  for (let piece = before - 1; piece >= 0; piece--) {
    const tokens = pieces[piece]!;
    if (tokens.length === 0) continue;
    const i = tokens.length - 5;
    return { line: lines[piece]! + tokens[i]!, character: tokens[i] === 0 ? characters[piece]! + tokens[i + 1]! : tokens[i + 1]! };
  }
  return DOCUMENT_START;
}

/**
 * The edits that turn the encoding of `before` into that of `after`: one replacement within the
 * pieces between those both begin with (the same tokens where they were) and those both end
 * with (the same tokens moved by one number of lines, which the encoding does not see), or none.
 * Whole tokens only, so a client never sees half a token replaced.
 */
function tokenEdits(before: DocumentTokens, after: DocumentTokens): SemanticTokensEdit[] {
  const shortest = Math.min(before.pieces.length, after.pieces.length);
  let head = 0;
  while (head < shortest && samePiece(before, head, after, head, 0)) head++;
  if (head === before.pieces.length && head === after.pieces.length) return [];
  const lineShift = shortest === 0 ? 0 : after.lines[after.pieces.length - 1]! - before.lines[before.pieces.length - 1]!;
  let tail = 0;
  while (tail < shortest - head && samePiece(before, before.pieces.length - 1 - tail, after, after.pieces.length - 1 - tail, lineShift)) tail++;
  // The tail's first token is sent again.
  while (tail > 0 && before.pieces[before.pieces.length - tail]!.length === 0) tail--;
  if (tail > 0) tail--;
  const removed = encodePieces(before, head, before.pieces.length - tail, lastTokenBefore(before, head));
  const added = encodePieces(after, head, after.pieces.length - tail, lastTokenBefore(after, head));
  // Within those statements, the tokens both begin and end with stay (a keystroke changes a line of them).
  const shortestPart = Math.min(removed.length, added.length);
  let same = 0;
  while (same < shortestPart && removed[same] === added[same]) same++;
  same -= same % 5;
  let sameEnd = 0;
  while (sameEnd < shortestPart - same && removed[removed.length - 1 - sameEnd] === added[added.length - 1 - sameEnd]) sameEnd++;
  sameEnd -= sameEnd % 5;
  if (same === removed.length && same === added.length) return [];
  return [{ start: numbersIn(before, 0, head) + same, deleteCount: removed.length - same - sameEnd, data: added.slice(same, added.length - sameEnd) }];
}

/** Whether a piece of `before` has the same tokens as one of `after`, at the same character and `lineShift` lines further. */
function samePiece(before: DocumentTokens, i: number, after: DocumentTokens, j: number, lineShift: number): boolean {
  const a = before.pieces[i]!;
  const b = after.pieces[j]!;
  if (before.lines[i]! + lineShift !== after.lines[j] || before.characters[i] !== after.characters[j]) return false;
  return a === b || (a.length === b.length && a.every((value, k) => value === b[k]));
}

/** How many numbers `pieces[from..to)` encode to. */
function numbersIn({ pieces }: DocumentTokens, from: number, to: number): number {
  let count = 0;
  for (let piece = from; piece < to; piece++) count += pieces[piece]!.length;
  return count;
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
