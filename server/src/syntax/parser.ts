// Recursive-descent parser for `.topo` files. It never throws: it returns a tree with exact spans
// and every syntax error in the file, recovering at statement and block boundaries.
//
// The parser knows only `link`, `session` and `via`; which keywords belong where is the model's
// business. Two layout rules make recovery predictable (docs/language.md, "Syntax errors"): a line
// that starts with `link`, `session`, `keyword {` or `keyword name {` always begins a new item, so
// a value is never taken from such a line; and when a block is left unclosed, the file is parsed
// again, closing a block where a line dedented to its keyword's column begins a new block.
import { LineIndex } from './lineIndex';
import { classifyWord, lex } from './lexer';
import { SyntaxCode, type Token } from './tokens';
import type {
  Block,
  BodyItem,
  Comment,
  Connection,
  Link,
  ParseResult,
  Session,
  Span,
  SyntaxError,
  TopItem,
  Value,
} from './tree';

/** Deepest block nesting parsed; deeper blocks are reported and skipped (keeps the stack small). */
export const MAX_NESTING = 64;

const MAX_QUOTED_LENGTH = 40;

export function parse(text: string): ParseResult {
  const { tokens, errors: lexErrors } = lex(text);
  const comments: Comment[] = [];
  const significant: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'comment') comments.push({ text: token.text, span: token.span });
    else significant.push(token);
  }
  const layout = layOut(text, significant);
  let pass = new Parser(significant, layout, false);
  let items = pass.parseItems();
  if (pass.errors.some((error) => error.code === SyntaxCode.UnclosedBlock)) {
    pass = new Parser(significant, layout, true);
    items = pass.parseItems();
  }
  const errors = [...lexErrors, ...pass.errors].sort((x, y) => x.span.start - y.span.start);
  return {
    tree: { kind: 'document', items, comments, span: { start: 0, end: text.length } },
    errors,
  };
}

class Parser {
  readonly errors: SyntaxError[] = [];
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly layout: TokenLayout,
    /** Second pass only: close an unclosed block where a dedented line begins a new item. */
    private readonly closeOnDedent: boolean,
  ) {}

  parseItems(): TopItem[] {
    const items: TopItem[] = [];
    while (this.peek().kind !== 'eof') {
      const token = this.peek();
      if (token.kind === 'semicolon') {
        this.advance();
      } else if (token.kind === 'rbrace') {
        this.error(SyntaxCode.UnexpectedCloseBrace, "unexpected '}': no block is open here", token.span);
        this.advance();
      } else if (isWord(token, 'link')) {
        items.push(this.parseLink());
      } else if (isWord(token, 'session')) {
        items.push(this.parseSession());
      } else if (token.kind === 'word' && token.valueKind === 'ident') {
        const block = this.parseTopBlock();
        if (block) items.push(block);
      } else {
        const column = this.column(this.pos);
        this.error(
          SyntaxCode.UnexpectedTopLevel,
          `expected a block such as 'host NAME {', 'link' or 'session', found ${describeToken(token)}`,
          token.span,
        );
        this.advance();
        this.recoverTopLevel(column);
      }
    }
    return items;
  }

  // ---- blocks and properties ----

  private parseTopBlock(): Block | undefined {
    const keywordColumn = this.column(this.pos);
    const keyword = toValue(this.advance());
    if (this.peek().kind === 'lbrace') return this.parseBlock(keyword, undefined, keywordColumn, 1);
    if (!this.atValue()) {
      this.error(SyntaxCode.MissingBlockOpen, `expected a name or '{' after '${quote(keyword.text)}'`, keyword.span);
      this.recoverTopLevel(keywordColumn);
      return undefined;
    }
    const name = toValue(this.advance());
    if (this.peek().kind === 'lbrace') return this.parseBlock(keyword, name, keywordColumn, 1);
    const owner = describeBlock(keyword, name);
    const brace = this.braceLaterOnLine();
    if (brace !== undefined) {
      const junk = { start: this.peek().span.start, end: this.tokens[brace - 1].span.end };
      this.error(SyntaxCode.MissingBlockOpen, `expected '{' after ${owner}, found ${describeToken(this.peek())}`, junk);
      this.pos = brace;
      return this.parseBlock(keyword, name, keywordColumn, 1);
    }
    this.error(SyntaxCode.MissingBlockOpen, `expected '{' after ${owner}`, spanOf(keyword.span, name.span));
    this.recoverTopLevel(keywordColumn);
    return undefined;
  }

  /** Index of a `{` later on the current line, before any `}`; for `host a junk {`. */
  private braceLaterOnLine(): number | undefined {
    const line = this.layout.lines[this.pos - 1];
    for (let i = this.pos; i < this.tokens.length && this.layout.lines[i] === line; i++) {
      const token = this.tokens[i];
      if (token.kind === 'eof' || token.kind === 'rbrace') return undefined;
      if (token.kind === 'lbrace') return i;
    }
    return undefined;
  }

  /** Parses `{ body }`; the current token is the `{`. */
  private parseBlock(keyword: Value, name: Value | undefined, keywordColumn: number, depth: number): Block {
    const open = this.advance().span;
    if (depth > MAX_NESTING) {
      this.error(SyntaxCode.NestingTooDeep, `blocks nest more than ${MAX_NESTING} levels deep; this one is skipped`, open);
      const close = this.skipRestOfGroup();
      return { kind: 'block', keyword, name, body: [], open, close, span: this.spanFrom(keyword.span.start) };
    }
    const { body, close } = this.parseBody(describeBlock(keyword, name), open, keywordColumn, depth);
    return { kind: 'block', keyword, name, body, open, close, span: this.spanFrom(keyword.span.start) };
  }

  /** Parses block items up to and including the `}` matching the `{` at `open` (already consumed). */
  private parseBody(
    owner: string,
    open: Span,
    ownerColumn: number,
    depth: number,
  ): { body: BodyItem[]; close?: Span } {
    const body: BodyItem[] = [];
    let firstItemColumn: number | undefined;
    let first = true;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'rbrace') {
        this.advance();
        return { body, close: token.span };
      }
      if (token.kind === 'eof' || (this.closeOnDedent && this.dedentEnds(ownerColumn, firstItemColumn))) {
        const at = Math.max(this.previousEnd(), open.end);
        this.errors.push({
          code: SyntaxCode.UnclosedBlock,
          message: `expected '}' to close ${owner} opened at line ${this.layout.lineOf(open.start) + 1}`,
          span: { start: at, end: at },
          related: [{ span: open, message: `${owner} opens here` }],
        });
        return { body };
      }
      if (first) {
        first = false;
        if (this.firstOnLine(this.pos)) firstItemColumn = this.column(this.pos);
      }
      if (token.kind === 'semicolon') {
        this.advance();
      } else if (isWord(token, 'link') || isWord(token, 'session')) {
        this.error(
          SyntaxCode.UnexpectedInBlock,
          `'${token.text}' belongs at the top level, not inside ${owner}`,
          token.span,
        );
        if (token.text === 'link') this.parseLink();
        else this.parseSession();
      } else if (token.kind === 'word' && token.valueKind === 'ident') {
        body.push(this.parseBodyItem(depth));
      } else if (token.kind === 'lbrace') {
        this.error(SyntaxCode.UnexpectedInBlock, "expected a keyword before '{'", token.span);
        this.advance();
        this.skipRestOfGroup();
      } else {
        this.error(
          SyntaxCode.UnexpectedInBlock,
          `expected a property or a block inside ${owner}, found ${describeToken(token)}`,
          token.span,
        );
        this.advance();
        while (!this.atBodyResumePoint()) this.advance();
      }
    }
  }

  /** After an unexpected token in a body: a brace, `;`, or the first token of a line. */
  private atBodyResumePoint(): boolean {
    const { kind } = this.peek();
    return (
      kind === 'eof' || kind === 'lbrace' || kind === 'rbrace' || kind === 'semicolon' || this.firstOnLine(this.pos)
    );
  }

  /** A property `key value, value` or a nested block `key [name] { ... }`; the key is current. */
  private parseBodyItem(depth: number): BodyItem {
    const keyColumn = this.column(this.pos);
    const key = toValue(this.advance());
    if (this.peek().kind === 'lbrace') return this.parseBlock(key, undefined, keyColumn, depth + 1);
    if (!this.atValue()) {
      this.error(SyntaxCode.MissingValue, `expected a value after '${quote(key.text)}'`, key.span);
      return { kind: 'property', key, values: [], span: key.span };
    }
    if (this.peek(1).kind === 'lbrace') {
      const name = toValue(this.advance());
      return this.parseBlock(key, name, keyColumn, depth + 1);
    }
    const values = [toValue(this.advance())];
    while (this.peek().kind === 'comma') {
      const comma = this.advance();
      if (this.peek().kind === 'comma') {
        this.error(SyntaxCode.MissingListValue, "expected a value after ','", comma.span);
      } else if (this.atValue() && this.peek(1).kind !== 'lbrace') {
        values.push(toValue(this.advance()));
      } else {
        this.error(SyntaxCode.MissingListValue, "expected a value after ','", comma.span);
        break;
      }
    }
    return { kind: 'property', key, values, span: this.spanFrom(key.span.start) };
  }

  // ---- link ----

  private parseLink(): Link {
    const keywordColumn = this.column(this.pos);
    const keyword = toValue(this.advance());
    const link: Link = { kind: 'link', keyword, body: [], span: keyword.span };
    const finish = (): Link => {
      link.span = this.spanFrom(keyword.span.start);
      return link;
    };
    if (!this.atValue()) {
      this.error(SyntaxCode.BadLink, "expected the link's first endpoint after 'link'", keyword.span);
      return finish();
    }
    let a = toValue(this.advance());
    let b: Value | undefined;
    const next = this.peek();
    if (a.text.includes('--') && next.kind !== 'dash2') {
      this.error(
        SyntaxCode.BadLink,
        `put spaces around '--' in '${quote(a.text)}': without them it is one word`,
        a.span,
      );
      [a, b] = splitAtCable(a);
    } else if (next.kind === 'dash2') {
      this.advance();
    } else if (next.kind === 'arrow') {
      this.error(SyntaxCode.BadLink, "a link joins its endpoints with '--', not '->'", next.span);
      this.advance();
    } else if (this.atValue() && !this.firstOnLine(this.pos)) {
      this.error(SyntaxCode.BadLink, `expected '--' between '${quote(a.text)}' and '${quote(next.text)}'`, a.span);
    } else {
      link.a = a;
      this.error(SyntaxCode.BadLink, `expected '--' and a second endpoint after '${quote(a.text)}'`, a.span);
      return finish();
    }
    link.a = a;
    if (!b) {
      if (this.atValue()) {
        b = toValue(this.advance());
      } else {
        this.error(SyntaxCode.BadLink, "expected the link's second endpoint after '--'", this.previousSpan());
        return finish();
      }
    }
    link.b = b;
    if (this.peek().kind === 'lbrace') {
      const open = this.advance().span;
      const owner = `link '${quote(a.text)} -- ${quote(b.text)}'`;
      link.body = this.parseBody(owner, open, keywordColumn, 1).body;
    }
    return finish();
  }

  // ---- session ----

  private parseSession(): Session {
    const keyword = toValue(this.advance());
    const session: Session = { kind: 'session', keyword, connections: [], span: keyword.span };
    const finish = (): Session => {
      session.span = this.spanFrom(keyword.span.start);
      return session;
    };
    if (!this.atValue()) {
      this.error(SyntaxCode.BadSession, "expected the session's host after 'session'", keyword.span);
      return finish();
    }
    const host = toValue(this.advance());
    session.host = host;
    if (!this.expectArrow(host, 'the session\'s host', 'target')) return finish();
    if (!this.atValue()) {
      this.error(SyntaxCode.BadSession, "expected the session's target after '->'", this.previousSpan());
      return finish();
    }
    const target = toValue(this.advance());
    session.target = target;
    const next = this.peek();
    if (isWord(next, 'via')) {
      this.advance();
      session.connections = this.parseConnections(next);
    } else if (this.atValue() && !this.firstOnLine(this.pos) && this.peek(1).kind === 'arrow') {
      this.error(SyntaxCode.BadSession, "expected 'via' before the session's connections", next.span);
      session.connections = this.parseConnections(undefined);
    }
    return finish();
  }

  /** `initiator -> portal {, initiator -> portal}` after `via` (or where `via` was missing). */
  private parseConnections(via: Token | undefined): Connection[] {
    const connections: Connection[] = [];
    if (!this.atValue()) {
      this.error(
        SyntaxCode.BadSession,
        "expected a connection 'initiator -> portal' after 'via'",
        via?.span ?? this.previousSpan(),
      );
      return connections;
    }
    connections.push(this.parseConnection());
    while (this.peek().kind === 'comma') {
      const comma = this.advance();
      if (this.peek().kind === 'comma') {
        this.error(SyntaxCode.MissingListValue, "expected a connection after ','", comma.span);
      } else if (this.atValue()) {
        connections.push(this.parseConnection());
      } else {
        this.error(SyntaxCode.MissingListValue, "expected a connection after ','", comma.span);
        break;
      }
    }
    return connections;
  }

  /** One `initiator -> portal`; the initiator is the current token. */
  private parseConnection(): Connection {
    const initiator = toValue(this.advance());
    const connection: Connection = { initiator, span: initiator.span };
    if (this.expectArrow(initiator, `initiator '${quote(initiator.text)}'`, 'portal')) {
      if (this.atValue()) connection.portal = toValue(this.advance());
      else this.error(SyntaxCode.BadSession, "expected a portal after '->'", this.previousSpan());
    }
    connection.span = this.spanFrom(initiator.span.start);
    return connection;
  }

  /**
   * Consumes the `->` after `left`. A `--` in its place, or a missing `->` before a value on the
   * same line, is reported and parsing goes on; otherwise reports and returns false.
   */
  private expectArrow(left: Value, what: string, right: string): boolean {
    // `left` is the previous token, so "on the same line" is "not first on its line".
    const next = this.peek();
    if (next.kind === 'arrow') {
      this.advance();
      return true;
    }
    if (next.kind === 'dash2') {
      this.error(SyntaxCode.BadSession, `a session points with '->', not '--'`, next.span);
      this.advance();
      return true;
    }
    if (this.atValue() && !this.firstOnLine(this.pos)) {
      this.error(SyntaxCode.BadSession, `expected '->' after ${what}`, left.span);
      return true;
    }
    this.error(SyntaxCode.BadSession, `expected '->' and a ${right} after ${what}`, left.span);
    return false;
  }

  // ---- recovery ----

  /**
   * Skips tokens after an error at the top level, up to a word that starts a line at or left of
   * `column` (the failed item's), or `link`/`session` starting a line; skipped braces balance.
   */
  private recoverTopLevel(column: number): void {
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') return;
      if (depth === 0 && token.kind === 'word' && this.firstOnLine(this.pos)) {
        if (this.column(this.pos) <= column || isWord(token, 'link') || isWord(token, 'session')) return;
      }
      if (token.kind === 'lbrace') depth++;
      else if (token.kind === 'rbrace' && depth > 0) depth--;
      this.advance();
    }
  }

  /** Skips the rest of a `{ ... }` group whose `{` was just consumed; returns its `}`'s span. */
  private skipRestOfGroup(): Span | undefined {
    let depth = 1;
    while (this.peek().kind !== 'eof') {
      const token = this.advance();
      if (token.kind === 'lbrace') depth++;
      else if (token.kind === 'rbrace' && --depth === 0) return token.span;
    }
    return undefined;
  }

  /** Second pass: whether the current token, dedented to the open block's column, ends it. */
  private dedentEnds(ownerColumn: number, firstItemColumn: number | undefined): boolean {
    const token = this.peek();
    if (!this.firstOnLine(this.pos)) return false;
    if (isWord(token, 'link') || isWord(token, 'session')) return true;
    const column = this.column(this.pos);
    if (column > ownerColumn || (firstItemColumn !== undefined && column >= firstItemColumn)) return false;
    return this.startsBlock(this.pos);
  }

  // ---- token helpers ----

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private advance(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  /** Whether the current token can be taken as a value: a word or string not starting a new item. */
  private atValue(): boolean {
    const token = this.peek();
    return (token.kind === 'word' || token.kind === 'string') && !this.startsItem(this.pos);
  }

  /** A line starting with `link`, `session`, `keyword {` or `keyword name {` begins a new item. */
  private startsItem(index: number): boolean {
    if (!this.firstOnLine(index)) return false;
    const token = this.tokens[index];
    return isWord(token, 'link') || isWord(token, 'session') || this.startsBlock(index);
  }

  /** `keyword {` or `keyword name {`, all on one line. */
  private startsBlock(index: number): boolean {
    const token = this.tokens[index];
    if (token.kind !== 'word' || token.valueKind !== 'ident') return false;
    const line = this.layout.lines[index];
    const next = this.tokens[index + 1];
    if (next?.kind === 'lbrace') return this.layout.lines[index + 1] === line;
    const brace = this.tokens[index + 2];
    return (
      (next?.kind === 'word' || next?.kind === 'string') &&
      brace?.kind === 'lbrace' &&
      this.layout.lines[index + 2] === line
    );
  }

  private firstOnLine(index: number): boolean {
    return index === 0 || this.layout.lines[index] !== this.layout.lines[index - 1];
  }

  private column(index: number): number {
    return this.layout.columns[index];
  }

  private previousEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1].span.end : 0;
  }

  private previousSpan(): Span {
    return this.pos > 0 ? this.tokens[this.pos - 1].span : this.peek().span;
  }

  private spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.previousEnd()) };
  }

  private error(code: string, message: string, span: Span): void {
    this.errors.push({ code, message, span });
  }
}

/** Where each token sits: its line and column, and the line of any offset for messages. */
interface TokenLayout {
  lines: Int32Array;
  columns: Int32Array;
  lineOf(offset: number): number;
}

/** One pass over the text: tokens never contain a line break, so only the gaps are scanned. */
function layOut(text: string, tokens: Token[]): TokenLayout {
  const lines = new Int32Array(tokens.length);
  const columns = new Int32Array(tokens.length);
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    for (let at = scanned; at < token.span.start; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x0d && text.charCodeAt(at + 1) === 0x0a) continue;
      if (code === 0x0a || code === 0x0d) {
        line++;
        lineStart = at + 1;
      }
    }
    scanned = Math.max(scanned, token.span.end);
    lines[i] = line;
    columns[i] = token.span.start - lineStart;
  }
  // Only unclosed blocks need it, so the line index is built on first use.
  let index: LineIndex | undefined;
  const lineOf = (offset: number): number => (index ??= new LineIndex(text)).position(offset).line;
  return { lines, columns, lineOf };
}

function isWord(token: Token, text: string): boolean {
  return token.kind === 'word' && token.text === text;
}

function toValue(token: Token): Value {
  return { kind: 'value', valueKind: token.valueKind ?? 'word', text: token.text, span: token.span };
}

/** `a--b` written as one word: the endpoints on either side of the first `--`. */
function splitAtCable(word: Value): [Value, Value | undefined] {
  const at = word.text.indexOf('--');
  const left = word.text.slice(0, at);
  const right = word.text.slice(at + 2);
  const start = word.span.start;
  const a: Value = {
    kind: 'value',
    valueKind: classifyWord(left),
    text: left,
    span: { start, end: start + at },
  };
  if (!right) return [a, undefined];
  const b: Value = {
    kind: 'value',
    valueKind: classifyWord(right),
    text: right,
    span: { start: start + at + 2, end: word.span.end },
  };
  return [a, b];
}

function spanOf(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

function describeBlock(keyword: Value, name: Value | undefined): string {
  return name ? `${quote(keyword.text)} '${quote(name.text)}'` : `the '${quote(keyword.text)}' block`;
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the file';
    case 'string':
      return `the string "${quote(token.text)}"`;
    default:
      return `'${quote(token.text)}'`;
  }
}

/** Text shown inside a message, shortened so that hostile input cannot make huge messages. */
function quote(text: string): string {
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
}
