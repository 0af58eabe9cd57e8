// The syntax tree of a `.topo` file. The parser builds it from tokens; the model builder reads it.
// Every node carries the exact source span it covers, as character offsets into the text.

/** Half-open range of character offsets `[start, end)` into the document text. */
export interface Span {
  start: number;
  end: number;
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
  readonly span: Span;
}

/** `key value, value, ...` inside a block. A property takes one value or a comma-separated list. */
export interface Property {
  readonly kind: 'property';
  /** The key, a word, which begins the property (`leadingWordSpan` is where it is written). */
  keyText: string;
  /** The values in order; empty when the key has none (a syntax error). */
  values: readonly Value[];
  readonly span: Span;
}

/** Where the keyword or key that begins a node is written: it begins where the node does. */
export function leadingWordSpan(node: Block | Property | Link | Session): Span {
  const word = node.kind === 'property' ? node.keyText : node.keywordText;
  return { start: node.span.start, end: node.span.start + word.length };
}

/** `keyword [name] { ... }`: hosts, switches, arrays and everything nested in them. */
export interface Block {
  readonly kind: 'block';
  /** The keyword, a word, which begins the block (`leadingWordSpan` is where it is written). */
  keywordText: string;
  name?: Value;
  body: readonly BodyItem[];
  /** Offset of the opening brace. */
  openBrace: number;
  /** Offset of the closing brace; absent when the file ended or recovery closed the block. */
  closeBrace?: number;
  readonly span: Span;
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
  readonly span: Span;
}

/** One `initiator -> portal` pair of a session. */
export interface Connection {
  initiator: Value;
  portal?: Value;
  readonly span: Span;
}

/** `session HOST -> ARRAY[.VOLUME] [via IFACE -> PORTAL, IFACE -> PORTAL ...]` */
export interface Session {
  readonly kind: 'session';
  /** `session`, which begins the statement. */
  keywordText: string;
  host?: Value;
  target?: Value;
  connections: readonly Connection[];
  readonly span: Span;
}

/** A parser's node, which covers `span` (its offsets, moved in place when a re-parse moves the statement). */
abstract class SpanningNode {
  readonly span: Span;

  constructor(start: number, end: number) {
    this.span = { start, end };
  }
}

/** A copy of a span's offsets, for what is sent out or kept apart from the tree (whose spans a re-parse moves in place). */
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

export class ValueNode extends SpanningNode implements Value {
  constructor(
    public valueKind: ValueKind,
    public text: string,
    start: number,
    end: number,
  ) {
    super(start, end);
  }

  get kind(): 'value' {
    return 'value';
  }
}

export class PropertyNode extends SpanningNode implements Property {
  constructor(
    public keyText: string,
    public values: readonly Value[],
    start: number,
    end: number,
  ) {
    super(start, end);
  }

  get kind(): 'property' {
    return 'property';
  }
}

/**
 * The body of a block or link, and the connections of a session, until the parser reads them (a
 * link may have no body): one empty list each, never changed, rather than one per node of a tree
 * kept while its document is open.
 */
const NO_ITEMS: readonly BodyItem[] = Object.freeze([]);
const NO_CONNECTIONS: readonly Connection[] = Object.freeze([]);

/** A statement or block, spanning its keyword (at `start`) until the parser has read the rest. */
abstract class KeywordNode extends SpanningNode {
  constructor(
    public keywordText: string,
    start: number,
  ) {
    super(start, start + keywordText.length);
  }
}

export class BlockNode extends KeywordNode implements Block {
  body: readonly BodyItem[] = NO_ITEMS;
  closeBrace?: number = undefined;

  constructor(
    keywordText: string,
    start: number,
    public name: Value | undefined,
    public openBrace: number,
  ) {
    super(keywordText, start);
  }

  get kind(): 'block' {
    return 'block';
  }
}

export class LinkNode extends KeywordNode implements Link {
  a?: Value = undefined;
  b?: Value = undefined;
  body: readonly BodyItem[] = NO_ITEMS;

  get kind(): 'link' {
    return 'link';
  }
}

export class SessionNode extends KeywordNode implements Session {
  host?: Value = undefined;
  target?: Value = undefined;
  connections: readonly Connection[] = NO_CONNECTIONS;

  get kind(): 'session' {
    return 'session';
  }
}

/** A connection, spanning its initiator until the parser has read the rest. */
export class ConnectionNode extends SpanningNode implements Connection {
  portal?: Value = undefined;

  constructor(public initiator: Value) {
    super(initiator.span.start, initiator.span.end);
  }
}

export type TopItem = Block | Link | Session;

export interface Comment {
  text: string;
  span: Span;
}

export interface Document {
  kind: 'document';
  items: TopItem[];
  comments: Comment[];
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
