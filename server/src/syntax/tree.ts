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

// The parser's nodes. Each kind is made in one place, with all its fields, so that every node of
// a kind has the same shape; a statement or block spans its keyword until the parser has read the rest.

export function valueNode(valueKind: ValueKind, text: string, start: number, end: number): Value {
  return { kind: 'value', valueKind, text, span: { start, end } };
}

export function propertyNode(keyText: string, values: readonly Value[], start: number, end: number): Property {
  return { kind: 'property', keyText, values, span: { start, end } };
}

/**
 * The body of a block or link, and the connections of a session, until the parser reads them (a
 * link may have no body): one empty list each, never changed.
 */
const NO_ITEMS: readonly BodyItem[] = Object.freeze([]);
const NO_CONNECTIONS: readonly Connection[] = Object.freeze([]);

export function blockNode(keywordText: string, start: number, name: Value | undefined, openBrace: number): Block {
  return { kind: 'block', keywordText, name, body: NO_ITEMS, openBrace, closeBrace: undefined, span: { start, end: start + keywordText.length } };
}

export function linkNode(keywordText: string, start: number): Link {
  return { kind: 'link', keywordText, a: undefined, b: undefined, body: NO_ITEMS, span: { start, end: start + keywordText.length } };
}

export function sessionNode(keywordText: string, start: number): Session {
  return { kind: 'session', keywordText, host: undefined, target: undefined, connections: NO_CONNECTIONS, span: { start, end: start + keywordText.length } };
}

/** A connection, spanning its initiator until the parser has read the rest. */
export function connectionNode(initiator: Value): Connection {
  return { initiator, portal: undefined, span: { start: initiator.span.start, end: initiator.span.end } };
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
