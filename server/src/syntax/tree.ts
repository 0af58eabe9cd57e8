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

/**
 * A value that is its own span: it carries its offsets, and `span` returns the value itself. Values
 * and properties make up most of a large tree; one object each instead of two keeps it small.
 */
export class ValueNode implements Value, Span {
  constructor(
    public valueKind: ValueKind,
    public text: string,
    public start: number,
    public end: number,
  ) {}

  get kind(): 'value' {
    return 'value';
  }

  get span(): Span {
    return this;
  }
}

/** `key value, value, ...` inside a block. A property takes one value or a comma-separated list. */
export interface Property {
  readonly kind: 'property';
  key: Value;
  values: Value[];
  readonly span: Span;
}

/** A property that is its own span, like `ValueNode`. */
export class PropertyNode implements Property, Span {
  constructor(
    public key: Value,
    public values: Value[],
    public start: number,
    public end: number,
  ) {}

  get kind(): 'property' {
    return 'property';
  }

  get span(): Span {
    return this;
  }
}

/** `keyword [name] { ... }`: hosts, switches, arrays and everything nested in them. */
export interface Block {
  kind: 'block';
  keyword: Value;
  name?: Value;
  body: BodyItem[];
  /** Span of the opening brace. */
  open: Span;
  /** Span of the closing brace; absent when the file ended or recovery closed the block. */
  close?: Span;
  span: Span;
}

export type BodyItem = Block | Property;

/** `link A -- B [{ speed 10G }]` */
export interface Link {
  kind: 'link';
  keyword: Value;
  a?: Value;
  b?: Value;
  body: BodyItem[];
  span: Span;
}

/** One `initiator -> portal` pair of a session. */
export interface Connection {
  initiator: Value;
  portal?: Value;
  span: Span;
}

/** `session HOST -> ARRAY[.VOLUME] [via IFACE -> PORTAL, IFACE -> PORTAL ...]` */
export interface Session {
  kind: 'session';
  keyword: Value;
  host?: Value;
  target?: Value;
  connections: Connection[];
  span: Span;
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
