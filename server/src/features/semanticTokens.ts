// Semantic tokens: what TextMate colouring cannot know. Names are coloured by the kind of element
// they define or refer to (a NIC and a switch look different even inside one path such as
// `hv01.eth0`); keywords, property names, enum values, numbers, strings and comments too.
// The tokens of a version are worked out once and kept with its analysis; `full`, `full/delta`
// (edits against the previous result sent for the document) and `range` read them. Each
// statement's tokens are relative to where it starts and kept with the statement while its names
// name the same kinds, and a version's are the previous version's with the pieces between the
// edit's ends placed again, so a keystroke works out the tokens of the statements it changed, and a
// delta encodes only those. While the model's `namesRevision` stays, a statement that is the same
// object names the same; a new revision (a definition others name added, dropped or of another
// kind) has each statement's names checked against the symbol table.
import type { Range, SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { SymbolKind as ElementKind } from '../model/symbols';
import { recordedNames } from '../model/build';
import { changedRange } from '../syntax/reparse';
import { type BodyItem, type Span, type TopItem, type Value } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';
import { firstIndex } from '../firstIndex';
import type { ChunkedList } from '../chunkedList';

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
  const tokens = documentTokens(doc);
  // The pieces from the last that starts before the range's first line (it may reach into the range) to the last that starts on its last line.
  const from = Math.max(0, firstIndex(tokens.lines, (line) => line >= range.start.line) - 1);
  const to = firstIndex(tokens.lines, (line) => line > range.end.line);
  const before = (token: PlacedToken, position: Range['start']) =>
    token.line < position.line || (token.line === position.line && token.character < position.character);
  const inRange = decode(encodePieces(tokens, from, Math.max(from, to), DOCUMENT_START)).filter((token) => !before(token, range.start) && before(token, range.end));
  return { data: encode(inRange) };
}

/**
 * The last tokens sent for each document, so that `full/delta` can answer with the edits from them
 * (VS Code asks with the result id of its last answer after every change). A document is a file of
 * its design: its tokens are those of its lines of the design's text.
 */
export class SemanticTokensHistory {
  private readonly sent = new Map<string, { resultId: string; tokens: PlacedPieces }>();
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

  private record(uri: string, doc: DocumentAnalysis): { resultId: string; tokens: PlacedPieces } {
    const sent = { resultId: String(++this.results), tokens: fileTokens(doc, uri) };
    this.sent.set(uri, sent);
    return sent;
  }

  forget(uri: string): void {
    this.sent.delete(uri);
    latestOfDesign.delete(uri);
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
  /** The model's `namesRevision` the names were last found in: while it stays, the same statement names the same. */
  namesRevision: number;
}

/**
 * The tokens of each statement, kept with the statement: a re-parse keeps the statements an edit
 * did not touch (moving them), so a keystroke works out the tokens of those it re-parsed, and of
 * those whose names now name something of another kind.
 */
const tokensOfStatement = new WeakMap<TopItem, StatementTokens>();

/** Tokens placed piece by piece: each piece's tokens (`StatementTokens.tokens`) in document order, and where each starts. */
interface PlacedPieces {
  pieces: (readonly number[])[];
  lines: Int32Array;
  characters: Int32Array;
}

/**
 * A version's tokens: each statement's and free comment's, and what the next version's are worked
 * out from (`tokensAfterEdit`): the version's text, where each piece lies in it and which statement it is.
 */
interface DocumentTokens extends PlacedPieces {
  text: string;
  lineCount: number;
  namesRevision: number;
  /** The statements of the version's tree. */
  statements: ChunkedList<TopItem>;
  /** Per piece: the index of its statement in `statements`, or -1 for a comment between statements. */
  statementOf: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Set when worked out from the tokens numbered `from`, which begin with the same `head` pieces and end with the same `tail` ones (moved). */
  derived?: { from: number; head: number; tail: number };
  serial: number;
}

const tokensOfVersion = new WeakMap<DocumentAnalysis, DocumentTokens>();
/** A version's tokens in LSP's encoding, made when a whole result is asked for. */
const dataOfVersion = new WeakMap<DocumentAnalysis, number[]>();
/**
 * The tokens last worked out for each design (by its first file's name), from which its next
 * version's are (an editor asks for each version's in turn). A few: those of the open documents,
 * let go of when a document closes; the last version's only, so no older tree stays alive.
 */
const latestOfDesign = new Map<string, DocumentTokens>();
const KEPT_DESIGNS = 8;
let serials = 0;

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
function fileTokens(doc: DocumentAnalysis, uri: string): PlacedPieces {
  const tokens = documentTokens(doc);
  const file = doc.files.file(uri);
  if (!file) return { pieces: [], lines: new Int32Array(0), characters: new Int32Array(0) };
  if (doc.files.files.length === 1) return tokens;
  const firstLine = doc.lineIndex.position(file.start).line;
  const lastLine = doc.lineIndex.position(file.start + file.text.length).line;
  const from = firstIndex(tokens.lines, (line) => line >= firstLine);
  const to = firstIndex(tokens.lines, (line) => line > lastLine);
  return { pieces: tokens.pieces.slice(from, to), lines: tokens.lines.slice(from, to).map((line) => line - firstLine), characters: tokens.characters.slice(from, to) };
}

function designName(doc: DocumentAnalysis): string {
  return doc.files.files[0]?.name ?? '';
}

function documentTokens(doc: DocumentAnalysis): DocumentTokens {
  let tokens = tokensOfVersion.get(doc);
  if (!tokens) {
    const design = designName(doc);
    const before = latestOfDesign.get(design);
    tokens = (before && tokensAfterEdit(before, doc)) ?? statementPieces(doc);
    tokensOfVersion.set(doc, tokens);
    latestOfDesign.delete(design);
    latestOfDesign.set(design, tokens);
    if (latestOfDesign.size > KEPT_DESIGNS) latestOfDesign.delete(latestOfDesign.keys().next().value!);
  }
  return tokens;
}

/** A piece of a version's tokens being made. */
interface Piece {
  tokens: readonly number[];
  statement: number;
  start: number;
  end: number;
}

/** Where the pieces start, as lines and characters, with what `DocumentTokens` keeps of them. */
function placed(doc: DocumentAnalysis, pieces: readonly Piece[]): DocumentTokens {
  const count = pieces.length;
  const tokens: DocumentTokens = {
    text: doc.text,
    lineCount: doc.lineIndex.lineCount,
    namesRevision: doc.modelResult.namesRevision,
    statements: doc.parse.tree.items,
    pieces: pieces.map((piece) => piece.tokens),
    lines: new Int32Array(count),
    characters: new Int32Array(count),
    statementOf: new Int32Array(count),
    starts: new Int32Array(count),
    ends: new Int32Array(count),
    serial: ++serials,
  };
  pieces.forEach((piece, i) => {
    const origin = doc.lineIndex.position(piece.start);
    tokens.lines[i] = origin.line;
    tokens.characters[i] = origin.character;
    tokens.statementOf[i] = piece.statement;
    tokens.starts[i] = piece.start;
    tokens.ends[i] = piece.end;
  });
  return tokens;
}

/**
 * The pieces of the statements `items[from..to)` and the comments `comments[commentFrom..commentTo)`
 * (those between and inside them), each statement's from `tokensOfStatement` while its names name
 * the same. `ownNames` gives the names in a statement that is not kept; undefined when it cannot.
 */
function piecesOf(
  doc: DocumentAnalysis,
  [from, to]: readonly [number, number],
  [commentFrom, commentTo]: readonly [number, number],
  ownNames: (item: TopItem) => Token[] | undefined,
): Piece[] | undefined {
  const { items, comments } = doc.parse.tree;
  const revision = doc.modelResult.namesRevision;
  const pieces: Piece[] = [];
  const freeComment = ({ span }: { span: Span }): void => {
    pieces.push({ tokens: relativeTokens(doc, span.start, [token(span, 'comment', false)]), statement: -1, start: span.start, end: span.end });
  };
  let commentAt = commentFrom;
  for (let at = from; at < to; at++) {
    const item = items.at(at)!;
    const { start, end } = item.span;
    for (; commentAt < commentTo && comments.at(commentAt)!.span.start < start; commentAt++) freeComment(comments.at(commentAt)!);
    const firstComment = commentAt;
    while (commentAt < commentTo && comments.at(commentAt)!.span.start < end) commentAt++;
    let known = tokensOfStatement.get(item);
    if (known?.namesRevision !== revision) {
      const own = ownNames(item);
      if (!own) return undefined;
      const names = own.flatMap((name) => [name.start - start, TOKEN_TYPES.indexOf(name.type), name.declaration ? 1 : 0]);
      if (known && sameNumbers(known.names, names)) known.namesRevision = revision;
      else {
        const syntax = comments.slice(firstComment, commentAt).map((comment) => token(comment.span, 'comment', false));
        syntaxTokens(item, syntax);
        known = { names, tokens: relativeTokens(doc, start, withNames(own, syntax)), namesRevision: revision };
        tokensOfStatement.set(item, known);
      }
    }
    pieces.push({ tokens: known.tokens, statement: at, start, end });
  }
  for (; commentAt < commentTo; commentAt++) freeComment(comments.at(commentAt)!);
  return pieces;
}

/** The tokens of every statement and free comment, those of a statement kept from `tokensOfStatement` when its names name the same kinds. */
function statementPieces(doc: DocumentAnalysis): DocumentTokens {
  let names: Token[] | undefined;
  const ownNames = (item: TopItem): Token[] => {
    names ??= nameTokens(doc);
    // A name outside every statement (none the model makes) has no token.
    return names.slice(firstIndex(names, (name) => name.start >= item.span.start), firstIndex(names, (name) => name.start >= item.span.end));
  };
  const { items, comments } = doc.parse.tree;
  return placed(doc, piecesOf(doc, [0, items.length], [0, comments.length], ownNames)!);
}

/**
 * The tokens of `doc` from those of an earlier version of its text, `before`, while the statements
 * both trees hold name the same (the same `namesRevision`): the pieces in the text before the edit
 * are kept as they are, those after it moved by the lines it added, and the statements and
 * comments between are placed again, the statements kept from `tokensOfStatement` unless the
 * re-parse made them (whose names the builder recorded). Undefined when the names may differ.
 */
function tokensAfterEdit(before: DocumentTokens, doc: DocumentAnalysis): DocumentTokens | undefined {
  if (before.namesRevision !== doc.modelResult.namesRevision) return undefined;
  const { items, comments } = doc.parse.tree;
  const edit = changedRange(before.text, doc.text);
  const delta = doc.text.length - before.text.length;
  const count = before.pieces.length;
  const sameStatement = (piece: number, shift: number): boolean => {
    const at = before.statementOf[piece]!;
    return at < 0 || items.at(at + shift) === before.statements.at(at);
  };
  // Pieces that end before the edit lie in unchanged text; a statement among them the re-parse made again (beside an error) is placed again, as are those after it.
  let head = firstIndex(before.ends, (end) => end >= edit.prefix);
  for (let piece = head - 1; piece >= 0 && !(before.statementOf[piece]! >= 0 && sameStatement(piece, 0)); piece--) {
    if (before.statementOf[piece]! >= 0) head = piece;
  }
  // Pieces that start after it too, on lines after its last (tokens never span lines); those on its last line are placed again, as are statements up to the first the re-parse kept.
  const statementShift = items.length - before.statements.length;
  const editEndLine = doc.lineIndex.position(edit.changeEnd + delta).line;
  let tail = firstIndex(before.starts, (start) => start >= edit.changeEnd);
  for (let piece = tail; piece < count; piece++) {
    if (doc.lineIndex.position(before.starts[piece]! + delta).line === editEndLine || !sameStatement(piece, statementShift)) tail = piece + 1;
    else if (before.statementOf[piece]! >= 0) break;
  }
  const regionStart = head > 0 ? before.ends[head - 1]! : 0;
  const regionEnd = tail < count ? before.starts[tail]! + delta : Infinity;
  const statements = [firstIndex(items, (item) => item.span.start >= regionStart), firstIndex(items, (item) => item.span.start >= regionEnd)] as const;
  const commentRange = [firstIndex(comments, (comment) => comment.span.start >= regionStart), firstIndex(comments, (comment) => comment.span.start >= regionEnd)] as const;
  const region = piecesOf(doc, statements, commentRange, (item) => recordedNameTokens(doc, item));
  if (!region) return undefined;
  const tokens = placed(doc, region);
  const lineShift = doc.lineIndex.lineCount - before.lineCount;
  // The pieces before the region, the region's, and those after it (moved).
  const spliced = (values: Int32Array, region: Int32Array, by: number, moved = (value: number) => value + by): Int32Array => {
    const joined = new Int32Array(head + region.length + count - tail);
    joined.set(values.subarray(0, head));
    joined.set(region, head);
    const at = head + region.length - tail;
    if (by === 0) joined.set(values.subarray(tail), at + tail);
    else for (let piece = tail; piece < count; piece++) joined[at + piece] = moved(values[piece]!);
    return joined;
  };
  tokens.pieces = before.pieces.slice(0, head).concat(tokens.pieces, before.pieces.slice(tail));
  tokens.characters = spliced(before.characters, tokens.characters, 0);
  tokens.lines = spliced(before.lines, tokens.lines, lineShift);
  tokens.starts = spliced(before.starts, tokens.starts, delta);
  tokens.ends = spliced(before.ends, tokens.ends, delta);
  tokens.statementOf = spliced(before.statementOf, tokens.statementOf, statementShift, (at) => (at < 0 ? at : at + statementShift));
  tokens.derived = { from: before.serial, head, tail: count - tail };
  return tokens;
}

/** The names in a statement the re-parse made, from what the builder recorded of it, as `nameTokens` finds them; undefined when it recorded nothing. */
function recordedNameTokens(doc: DocumentAnalysis, item: TopItem): Token[] | undefined {
  const recorded = recordedNames(doc.modelResult, item);
  if (!recorded) return undefined;
  const { definitions } = doc.modelResult.symbols;
  const names: Token[] = [];
  for (const definition of recorded.definitions) {
    if (definitions.get(definition.id) === definition) names.push(token(definition.nameSpan, ELEMENT_TYPES[definition.kind], !definition.implicit));
  }
  for (const reference of recorded.references) {
    const target = definitions.get(reference.id);
    if (target) names.push(token(reference.span, ELEMENT_TYPES[target.kind], false));
  }
  // Definitions before references where they start alike, as `nameTokens` merges them.
  return names.filter((name) => name.start >= item.span.start && name.start < item.span.end).sort(byStart);
}

/** Where LSP's encoding counts the first token from. */
const DOCUMENT_START = { line: 0, character: 0 };

/** LSP's encoding of `pieces[from..to)`, after a token at `previous`. */
function encodePieces({ pieces, lines, characters }: PlacedPieces, from: number, to: number, previous: { line: number; character: number }): number[] {
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
function lastTokenBefore({ pieces, lines, characters }: PlacedPieces, before: number): { line: number; character: number } {
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
 * Whole tokens only, so a client never sees half a token replaced. When `after` was worked out
 * from `before`, it says which pieces those are; otherwise they are compared.
 */
function tokenEdits(before: PlacedPieces, after: PlacedPieces): SemanticTokensEdit[] {
  const derived = 'derived' in after && 'serial' in before ? (after as DocumentTokens).derived : undefined;
  const known = derived?.from === (before as DocumentTokens).serial ? derived : undefined;
  const shortest = Math.min(before.pieces.length, after.pieces.length);
  let head = known?.head ?? 0;
  if (!known) while (head < shortest && samePiece(before, head, after, head, 0)) head++;
  if (head === before.pieces.length && head === after.pieces.length) return [];
  let tail = known?.tail ?? 0;
  if (!known) {
    const lineShift = shortest === 0 ? 0 : after.lines[after.pieces.length - 1]! - before.lines[before.pieces.length - 1]!;
    while (tail < shortest - head && samePiece(before, before.pieces.length - 1 - tail, after, after.pieces.length - 1 - tail, lineShift)) tail++;
  }
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
function samePiece(before: PlacedPieces, i: number, after: PlacedPieces, j: number, lineShift: number): boolean {
  const a = before.pieces[i]!;
  const b = after.pieces[j]!;
  if (before.lines[i]! + lineShift !== after.lines[j] || before.characters[i] !== after.characters[j]) return false;
  return a === b || (a.length === b.length && a.every((value, k) => value === b[k]));
}

/** How many numbers `pieces[from..to)` encode to. */
function numbersIn({ pieces }: PlacedPieces, from: number, to: number): number {
  let count = 0;
  for (let piece = from; piece < to; piece++) count += pieces[piece]!.length;
  return count;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Every name the model defines or refers to, by the kind of what it names, sorted by start (definitions first). */
function nameTokens(doc: DocumentAnalysis): Token[] {
  const { definitions, definitionsInOrder, references } = doc.modelResult.symbols;
  const defined: Token[] = [];
  for (const definition of definitionsInOrder) {
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
