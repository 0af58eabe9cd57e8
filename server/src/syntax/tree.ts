// The syntax tree of a `.topo` file. The parser builds it from tokens; the model builder reads it.
// Every node carries the exact source span it covers, as character offsets into the text.

import type { ChunkedList } from '../chunkedList';

/** Half-open range of character offsets `[start, end)` into the document text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Top-level statements next to each other that move together. A statement's start is its run's
 * shift plus its own offset: an edit moves the statements after it in its own run one by one and
 * every later run by one number, so a keystroke moves a few dozen numbers, not every statement
 * after it. A parse makes runs of `RUN_LENGTH` statements; a re-parse adds its statements to the
 * run of the statement before them.
 */
export class StatementRun {
  shift = 0;
  /** The run of the statements after this run's, in the order of the text. */
  next: StatementRun | undefined = undefined;
}

const RUN_LENGTH = 64;

/** Where a top-level statement starts. */
export class StatementStart {
  constructor(
    public run: StatementRun,
    /** The offset less the run's shift. */
    public inRun: number,
  ) {}

  get offset(): number {
    return this.run.shift + this.inRun;
  }

  /** Puts the statement into `run`, where it starts where it did. */
  join(run: StatementRun): void {
    this.inRun = this.offset - run.shift;
    this.run = run;
  }
}

/** Makes the starts of a text's statements in order, in runs of `RUN_LENGTH`. */
export class StatementRuns {
  private run: StatementRun | undefined;
  private count = 0;

  startAt(offset: number): StatementStart {
    if (!this.run || this.count === RUN_LENGTH) {
      const run = new StatementRun();
      if (this.run) this.run.next = run;
      this.run = run;
      this.count = 0;
    }
    this.count++;
    return new StatementStart(this.run, offset);
  }
}

/**
 * A node's span, held relative to the start of the top-level statement it lies in, so that moving
 * the statement moves every span in it (and every span the model or the rules made inside it);
 * `start` and `end` are worked out when read. Copied or sent out, it is its offsets (`toJSON`,
 * `offsetsOf`): a spread would copy the relative fields instead.
 */
export class NodeSpan implements Span {
  constructor(
    readonly statement: StatementStart,
    private from: number,
    private to: number,
  ) {}

  get start(): number {
    return this.statement.offset + this.from;
  }

  get end(): number {
    return this.statement.offset + this.to;
  }

  /** The parser ends a node once it has read its last token. */
  set end(offset: number) {
    this.to = offset - this.statement.offset;
  }

  toJSON(): Span {
    return { start: this.start, end: this.end };
  }
}

/** The span `[start, end)` in the statement `within` lies in, moving with it (a span of offsets when `within` is one). */
export function spanWithin(within: Span, start: number, end: number): Span {
  if (!(within instanceof NodeSpan)) return { start, end };
  const { statement } = within;
  return new NodeSpan(statement, start - statement.offset, end - statement.offset);
}

/** `span`, held in the statement `within` lies in: itself when it is, else a span of its offsets there. */
export function heldIn(within: Span, span: Span): Span {
  if (span instanceof NodeSpan && within instanceof NodeSpan && span.statement === within.statement) return span;
  return spanWithin(within, span.start, span.end);
}

/** Something placed in a run: a top-level statement, or a comment. */
interface InRun {
  readonly span: NodeSpan;
}

/** Moves a top-level statement, and every span in it, or a comment, by `delta`. */
export function moveStatement(item: InRun, delta: number): void {
  item.span.statement.inRun += delta;
}

/**
 * Moves the statements (or comments) `items[from…]` and every one of a later run by `delta`: they
 * follow `last` (or begin the text, when `last` is undefined).
 */
export function moveStatementsAfter(last: InRun | undefined, items: ChunkedList<InRun>, from: number, delta: number): void {
  const run = last?.span.statement.run;
  let i = from;
  for (; i < items.length && items.at(i)!.span.statement.run === run; i++) moveStatement(items.at(i)!, delta);
  if (i === items.length) return;
  // The first statement in another run begins it: it and every run after it move whole.
  for (let later: StatementRun | undefined = items.at(i)!.span.statement.run; later; later = later.next) later.shift += delta;
}

/** Kinds of value tokens, classified by the lexer from the token's text. */
export type ValueKind =
  | 'ident' // round-robin, eth0, windows-server-2022
  | 'number' // 10G, 9000, 4T, 2.5G (digits with an optional unit suffix)
  | 'address' // 172.24.0.10/24, fe80::1/64 (IPv4 or IPv6, optional prefix length)
  | 'wwpn' // 10:00:00:00:c9:12:34:56
  | 'path' // hv01.eth0, eonstor.A.ch0, core1:7 (segments joined by '.' or ':')
  | 'string' // "EonStor DS 3024" (text holds the unescaped contents)
  | 'word'; // any other run of word characters; the model reports it where a value is checked

export interface Value {
  readonly kind: 'value';
  valueKind: ValueKind;
  /** Source text for words; unescaped contents for strings. */
  text: string;
  readonly span: NodeSpan;
}

/** `key value, value, ...` inside a block. A property takes one value or a comma-separated list. */
export interface Property {
  readonly kind: 'property';
  /** The key, a word, which begins the property (`leadingWordSpan` is where it is written). */
  keyText: string;
  /** The values in order; empty when the key has none (a syntax error). */
  values: readonly Value[];
  readonly span: NodeSpan;
}

/** Where the keyword or key that begins a node is written: it begins where the node does. */
export function leadingWordSpan(node: Block | Property | Link | Session): Span {
  const word = node.kind === 'property' ? node.keyText : node.keywordText;
  return spanWithin(node.span, node.span.start, node.span.start + word.length);
}

/** `keyword [name] { ... }`: hosts, switches, arrays and everything nested in them. */
export interface Block {
  readonly kind: 'block';
  /** The keyword, a word, which begins the block (`leadingWordSpan` is where it is written). */
  keywordText: string;
  name?: Value;
  body: readonly BodyItem[];
  /** How far the opening brace is from the block's start (`openBraceOf` gives its offset). */
  openBraceAt: number;
  /** How far the closing brace is from the block's start; absent when the file ended or recovery closed the block. */
  closeBraceAt?: number;
  readonly span: NodeSpan;
}

/** Offset of a block's opening brace. */
export function openBraceOf(block: Block): number {
  return block.span.start + block.openBraceAt;
}

/** Offset of a block's closing brace; undefined when the file ended or recovery closed the block. */
export function closeBraceOf(block: Block): number | undefined {
  return block.closeBraceAt === undefined ? undefined : block.span.start + block.closeBraceAt;
}

export type BodyItem = Block | Property;

/** `link A -- B [{ speed 10G }]` */
export interface Link {
  readonly kind: 'link';
  /** `link`, which begins the statement. */
  keywordText: string;
  a?: Value;
  b?: Value;
  body: readonly BodyItem[];
  readonly span: NodeSpan;
}

/** One `initiator -> portal` pair of a session. */
export interface Connection {
  initiator: Value;
  portal?: Value;
  readonly span: NodeSpan;
}

/** `session HOST -> ARRAY[.VOLUME] [via IFACE -> PORTAL, IFACE -> PORTAL ...]` */
export interface Session {
  readonly kind: 'session';
  /** `session`, which begins the statement. */
  keywordText: string;
  host?: Value;
  target?: Value;
  connections: readonly Connection[];
  readonly span: NodeSpan;
}

/** A copy of a span's offsets, for what outlives the version (a re-parse moves the statements' spans). */
export function offsetsOf(span: Span): Span {
  return { start: span.start, end: span.end };
}

/** A copy of a located thing (a problem, a finding) with its span and its related locations' spans moved by `delta`. */
export function movedBy<T extends { span: Span; related?: readonly { span: Span }[] }>(located: T, delta: number): T {
  const move = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  const moved: T = { ...located, span: move(located.span) };
  if (located.related) moved.related = located.related.map((related) => ({ ...related, span: move(related.span) }));
  return moved;
}

// The parser's nodes. Each kind is made in one place, with all its fields, so that every node of
// a kind has the same shape; a statement or block spans its keyword until the parser has read the rest.

// Offsets given to them are into the text, as the tokens' are; `statement` is where the top-level
// statement the node lies in starts.

function spanIn(statement: StatementStart, start: number, end: number): NodeSpan {
  return new NodeSpan(statement, start - statement.offset, end - statement.offset);
}

export function valueNode(statement: StatementStart, valueKind: ValueKind, text: string, start: number, end: number): Value {
  return { kind: 'value', valueKind, text, span: spanIn(statement, start, end) };
}

export function propertyNode(statement: StatementStart, keyText: string, values: readonly Value[], start: number, end: number): Property {
  return { kind: 'property', keyText, values, span: spanIn(statement, start, end) };
}

/**
 * The body of a block or link, and the connections of a session, until the parser reads them (a
 * link may have no body): one empty list each, never changed.
 */
const NO_ITEMS: readonly BodyItem[] = Object.freeze([]);
const NO_CONNECTIONS: readonly Connection[] = Object.freeze([]);

export function blockNode(statement: StatementStart, keywordText: string, start: number, name: Value | undefined, openBrace: number): Block {
  return { kind: 'block', keywordText, name, body: NO_ITEMS, openBraceAt: openBrace - start, closeBraceAt: undefined, span: spanIn(statement, start, start + keywordText.length) };
}

export function linkNode(statement: StatementStart, keywordText: string, start: number): Link {
  return { kind: 'link', keywordText, a: undefined, b: undefined, body: NO_ITEMS, span: spanIn(statement, start, start + keywordText.length) };
}

export function sessionNode(statement: StatementStart, keywordText: string, start: number): Session {
  return { kind: 'session', keywordText, host: undefined, target: undefined, connections: NO_CONNECTIONS, span: spanIn(statement, start, start + keywordText.length) };
}

/** A connection, spanning its initiator until the parser has read the rest. */
export function connectionNode(initiator: Value): Connection {
  const { span } = initiator;
  return { initiator, portal: undefined, span: spanIn(span.statement, span.start, span.end) };
}

export type TopItem = Block | Link | Session;

/** A comment as the lexer finds it: `#` to the end of the line. */
export interface ScannedComment {
  text: string;
  span: Span;
}

/**
 * A comment in a tree. Comments are placed in runs of their own, as statements are, so a re-parse
 * moves those after the edit by a few numbers.
 */
export interface Comment {
  readonly text: string;
  readonly span: NodeSpan;
}

export interface Document {
  kind: 'document';
  /** The top-level statements in text order; a re-parse's list shares what the edit left with the one before. */
  items: ChunkedList<TopItem>;
  comments: ChunkedList<Comment>;
  span: Span;
}

export interface SyntaxError {
  /** Stable code: TOPO1xx lexer, TOPO2xx parser. */
  code: string;
  message: string;
  span: Span;
  related?: { span: Span; message: string }[];
}

export interface ParseResult {
  tree: Document;
  errors: SyntaxError[];
}
