// Recursive-descent parser for `.topo` files. It never throws: it returns a tree with exact spans
// and every syntax error in the file, recovering at statement and block boundaries.
//
// The parser knows only `link`, `session` and `via`; which keywords belong where is the model's
// business. Two layout rules make recovery predictable (docs/language.md, "Syntax errors"): a line
// that starts with `link`, `session`, `keyword {` or `keyword name {` always begins a new item, so
// a value is never taken from such a line; and when a block is left unclosed, the file is parsed
// again, closing a block where a line dedented to its keyword's column begins a new block.
import { ChunkedList } from '../chunkedList';
import { classifyWord, scan, TOKEN_KINDS, VALUE_KINDS, type TokenStream } from './lexer';
import { SyntaxCode, type TokenKind } from './tokens';
import { WordTable } from './words';
import {
  blockNode,
  connectionNode,
  linkNode,
  propertyNode,
  sessionNode,
  valueNode,
  NodeSpan,
  type Block,
  type BodyItem,
  type Comment,
  type Connection,
  type Link,
  type ParseResult,
  type Session,
  type Span,
  StatementRun,
  StatementRuns,
  StatementStart,
  type SyntaxError,
  type TopItem,
  type Value,
} from './tree';

/** Deepest block nesting parsed; deeper blocks are reported and skipped (keeps the stack small). */
export const MAX_NESTING = 64;

const MAX_QUOTED_LENGTH = 40;

/** The values of every property without one (a syntax error): one array, never changed. */
const NO_VALUES: readonly Value[] = Object.freeze([]);

// The names of token codes, bound here once: the parser reads one per token.
const tokenKinds = TOKEN_KINDS;
const valueKinds = VALUE_KINDS;

export function parse(text: string): ParseResult {
  return parseRange(text, 0, text.length, 0);
}

/**
 * A text made of parts read one at a time (a design's files, service/designFiles.ts): the parser
 * never reads across a part's end, so a block left unclosed ends there with the error it has at
 * the end of a text, and each part counts its lines from 0. Offsets are into the whole text.
 */
export function parseParts(text: string, parts: readonly Span[]): ParseResult {
  if (parts.length === 1 && parts[0]!.start === 0 && parts[0]!.end === text.length) return parse(text);
  const items: TopItem[] = [];
  const comments: Comment[] = [];
  const errors: SyntaxError[] = [];
  for (const part of parts) {
    const { tree, errors: partErrors } = parseRange(text, part.start, part.end, 0);
    appendPart(items, tree.items);
    appendPart(comments, tree.comments);
    errors.push(...partErrors);
  }
  return { tree: { kind: 'document', items: ChunkedList.of(items), comments: ChunkedList.of(comments), span: { start: 0, end: text.length } }, errors };
}

/** Appends a part's statements, or its comments, to the parts' before: their runs follow (moveStatementsAfter). */
function appendPart<T extends { span: NodeSpan }>(all: T[], part: ChunkedList<T>): void {
  const last = all.at(-1);
  const first = part.at(0);
  if (last && first) last.span.statement.run.next = first.span.statement.run;
  for (const item of part) all.push(item);
}

/**
 * The statements in the part `[from, to)` of `text` (which begins line `firstLine`), as `parse`
 * would read them if that part were the whole text; offsets are into the whole text.
 */
export function parseRange(text: string, from: number, to: number, firstLine: number): ParseResult {
  return parseTokens(text, scan(text, from, to, firstLine), { start: from, end: to });
}

function parseTokens(text: string, tokens: TokenStream, span: Span): ParseResult {
  // Both passes read the same words: the second finds them in the first's table.
  const words = new WordTable(span.end - span.start);
  let pass = new Parser(text, tokens, words, false);
  let items = pass.parseItems();
  if (pass.errors.some((error) => error.code === SyntaxCode.UnclosedBlock)) {
    pass = new Parser(text, tokens, words, true);
    items = pass.parseItems();
  }
  const errors = [...tokens.errors, ...pass.errors].sort((x, y) => x.span.start - y.span.start);
  const commentRuns = new StatementRuns();
  const comments = tokens.comments.map(({ text, span }): Comment => ({ text, span: new NodeSpan(commentRuns.startAt(span.start), 0, span.end - span.start) }));
  return { tree: { kind: 'document', items: ChunkedList.of(items), comments: ChunkedList.of(comments), span }, errors };
}

class Parser {
  readonly errors: SyntaxError[] = [];
  private pos = 0;
  private readonly runs = new StatementRuns();
  /** Where the top-level statement being read starts: its nodes' spans are relative to it. */
  private statement = new StatementStart(new StatementRun(), 0);
  /** Items of the bodies being parsed, innermost last: each body takes its own out when it closes. */
  private readonly pendingItems: BodyItem[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: TokenStream,
    private readonly words: WordTable,
    /** Second pass only: close an unclosed block where a dedented line begins a new item. */
    private readonly closeOnDedent: boolean,
  ) {}

  parseItems(): TopItem[] {
    const items: TopItem[] = [];
    for (;;) {
      const kind = this.kind();
      if (kind === 'eof') return items;
      if (kind === 'semicolon') {
        this.advance();
      } else if (kind === 'rbrace') {
        this.error(SyntaxCode.UnexpectedCloseBrace, "unexpected '}': no block is open here", this.spanAt(this.pos));
        this.advance();
      } else if (this.isWordAt(this.pos, 'link')) {
        this.statement = this.runs.startAt(this.tokens.starts[this.pos]);
        items.push(this.parseLink());
      } else if (this.isWordAt(this.pos, 'session')) {
        this.statement = this.runs.startAt(this.tokens.starts[this.pos]);
        items.push(this.parseSession());
      } else if (this.isIdentAt(this.pos)) {
        this.statement = this.runs.startAt(this.tokens.starts[this.pos]);
        const block = this.parseTopBlock();
        if (block) items.push(block);
      } else {
        const column = this.column(this.pos);
        this.error(
          SyntaxCode.UnexpectedTopLevel,
          `expected a block such as 'host NAME {', 'link' or 'session', found ${this.describeToken(this.pos)}`,
          this.spanAt(this.pos),
        );
        this.advance();
        this.recoverTopLevel(column);
      }
    }
  }

  // ---- blocks and properties ----

  private parseTopBlock(): Block | undefined {
    const keywordColumn = this.column(this.pos);
    const keyword = this.advance();
    if (this.kind() === 'lbrace') return this.parseBlock(keyword, undefined, keywordColumn, 1);
    if (!this.atValue()) {
      this.error(SyntaxCode.MissingBlockOpen, `expected a name or '{' after '${quote(this.textAt(keyword))}'`, this.spanAt(keyword));
      this.recoverTopLevel(keywordColumn);
      return undefined;
    }
    const name = this.takeValue();
    if (this.kind() === 'lbrace') return this.parseBlock(keyword, name, keywordColumn, 1);
    const owner = describeBlock(this.textAt(keyword), name);
    const brace = this.braceLaterOnLine();
    if (brace !== undefined) {
      const junk = { start: this.tokens.starts[this.pos], end: this.tokens.ends[brace - 1] };
      this.error(SyntaxCode.MissingBlockOpen, `expected '{' after ${owner}, found ${this.describeToken(this.pos)}`, junk);
      this.pos = brace;
      return this.parseBlock(keyword, name, keywordColumn, 1);
    }
    // `sesion hv01 -> …`, `lnk a -- b`: the arrow or cable says which statement was meant.
    const meant = this.kind() === 'arrow' ? 'session' : this.kind() === 'dash2' ? 'link' : undefined;
    const message = meant
      ? `unknown statement '${quote(this.textAt(keyword))}': did you mean '${meant}'?`
      : `expected '{' after ${owner}`;
    this.error(SyntaxCode.MissingBlockOpen, message, meant ? this.spanAt(keyword) : spanOf(this.spanAt(keyword), name.span));
    this.recoverTopLevel(keywordColumn);
    return undefined;
  }

  /** Index of a `{` later on the current line, before any `}`; for `host a junk {`. */
  private braceLaterOnLine(): number | undefined {
    const { kinds, lines } = this.tokens;
    const line = lines[this.pos - 1];
    for (let i = this.pos; i < kinds.length && lines[i] === line; i++) {
      const kind = tokenKinds[kinds[i]];
      if (kind === 'eof' || kind === 'rbrace') return undefined;
      if (kind === 'lbrace') return i;
    }
    return undefined;
  }

  /** Parses `{ body }` after the keyword (a token index) and name; the current token is the `{`. */
  private parseBlock(keyword: number, name: Value | undefined, keywordColumn: number, depth: number): Block {
    const openIndex = this.advance();
    const start = this.tokens.starts[keyword];
    const block = blockNode(this.statement, this.textAt(keyword), start, name, this.tokens.starts[openIndex]);
    let closeBrace: number | undefined;
    if (depth > MAX_NESTING) {
      this.error(SyntaxCode.NestingTooDeep, `blocks nest more than ${MAX_NESTING} levels deep; this one is skipped`, this.spanAt(openIndex));
      closeBrace = this.skipRestOfGroup();
    } else {
      const parsed = this.parseBody(block, openIndex, keywordColumn, depth);
      block.body = parsed.body;
      closeBrace = parsed.closeBrace;
    }
    if (closeBrace !== undefined) block.closeBraceAt = closeBrace - start;
    block.span.end = this.endFrom(block.span.start);
    return block;
  }

  /** Parses the items of `owner` up to and including the `}` matching the `{` at `openIndex` (already consumed). */
  private parseBody(
    owner: Block | Link,
    openIndex: number,
    ownerColumn: number,
    depth: number,
  ): { body: BodyItem[]; closeBrace?: number } {
    const firstPending = this.pendingItems.length;
    let firstItemColumn: number | undefined;
    let first = true;
    for (;;) {
      const kind = this.kind();
      if (kind === 'rbrace') {
        return { body: this.pendingItems.splice(firstPending), closeBrace: this.tokens.starts[this.advance()] };
      }
      if (kind === 'eof' || (this.closeOnDedent && this.dedentEnds(ownerColumn, firstItemColumn))) {
        const open = this.spanAt(openIndex);
        const at = Math.max(this.previousEnd(), open.end);
        const described = describeOwner(owner);
        this.errors.push({
          code: SyntaxCode.UnclosedBlock,
          message: `expected '}' to close ${described} opened at line ${this.tokens.lines[openIndex] + 1}`,
          span: { start: at, end: at },
          related: [{ span: open, message: `${described} opens here` }],
        });
        return { body: this.pendingItems.splice(firstPending) };
      }
      if (first) {
        first = false;
        if (this.firstOnLine(this.pos)) firstItemColumn = this.column(this.pos);
      }
      if (kind === 'semicolon') {
        this.advance();
      } else if (this.isWordAt(this.pos, 'link') || this.isWordAt(this.pos, 'session')) {
        const isLink = this.isWordAt(this.pos, 'link');
        this.error(
          SyntaxCode.UnexpectedInBlock,
          `'${isLink ? 'link' : 'session'}' belongs at the top level, not inside ${describeOwner(owner)}`,
          this.spanAt(this.pos),
        );
        if (isLink) this.parseLink();
        else this.parseSession();
      } else if (this.isIdentAt(this.pos)) {
        this.pendingItems.push(this.parseBodyItem(depth));
      } else if (kind === 'lbrace') {
        this.error(SyntaxCode.UnexpectedInBlock, "expected a keyword before '{'", this.spanAt(this.pos));
        this.advance();
        this.skipRestOfGroup();
      } else {
        this.error(
          SyntaxCode.UnexpectedInBlock,
          `expected a property or a block inside ${describeOwner(owner)}, found ${this.describeToken(this.pos)}`,
          this.spanAt(this.pos),
        );
        this.advance();
        while (!this.atBodyResumePoint()) this.advance();
      }
    }
  }

  /**
   * After a ',': whether the word there is a key followed by its value (`ip 10.0.0.1/24,  speed 25G`)
   * rather than the list's next value. Keys are identifiers and a list's last value is followed
   * by a key, a brace or the line's end, never by a value that is no identifier (`25G`, `9000`).
   */
  private startsPropertyAfterComma(): boolean {
    const next = this.pos + 1;
    const kind = this.kindAt(next);
    return this.isIdentAt(this.pos) && (kind === 'word' || kind === 'string') && !this.isIdentAt(next) && !this.firstOnLine(next);
  }

  /** After an unexpected token in a body: a brace, `;`, or the first token of a line. */
  private atBodyResumePoint(): boolean {
    const kind = this.kind();
    return (
      kind === 'eof' || kind === 'lbrace' || kind === 'rbrace' || kind === 'semicolon' || this.firstOnLine(this.pos)
    );
  }

  /** A property `key value, value` or a nested block `key [name] { ... }`; the key is current. */
  private parseBodyItem(depth: number): BodyItem {
    const keyColumn = this.column(this.pos);
    const key = this.advance();
    if (this.kind() === 'lbrace') return this.parseBlock(key, undefined, keyColumn, depth + 1);
    const keyText = this.textAt(key);
    const keyStart = this.tokens.starts[key];
    if (!this.atValue()) {
      this.error(SyntaxCode.MissingValue, `expected a value after '${quote(keyText)}'`, this.spanAt(key));
      return propertyNode(this.statement, keyText, NO_VALUES, keyStart, this.tokens.ends[key]);
    }
    if (this.kind(1) === 'lbrace') {
      const name = this.takeValue();
      return this.parseBlock(key, name, keyColumn, depth + 1);
    }
    const values = [this.takeValue()];
    while (this.kind() === 'comma') {
      const comma = this.advance();
      if (this.kind() === 'comma') {
        this.error(SyntaxCode.MissingListValue, "expected a value after ','", this.spanAt(comma));
      } else if (this.atValue() && this.kind(1) !== 'lbrace' && this.startsPropertyAfterComma()) {
        const previous = values[values.length - 1].text;
        const next = `${this.textAt(this.pos)} ${this.textAt(this.pos + 1)}`;
        this.error(SyntaxCode.MissingListValue, `stray ',' after '${quote(previous)}': '${quote(next)}' is the next property, so the ',' is ignored`, this.spanAt(comma));
        break;
      } else if (this.atValue() && this.kind(1) !== 'lbrace') {
        values.push(this.takeValue());
      } else {
        this.error(SyntaxCode.MissingListValue, "expected a value after ','", this.spanAt(comma));
        break;
      }
    }
    return propertyNode(this.statement, keyText, values, keyStart, this.endFrom(keyStart));
  }

  // ---- link ----

  private parseLink(): Link {
    const keywordColumn = this.column(this.pos);
    const keyword = this.advance();
    const link = linkNode(this.statement, this.textAt(keyword), this.tokens.starts[keyword]);
    if (!this.atValue()) {
      this.error(SyntaxCode.BadLink, "expected the link's first endpoint after 'link'", this.spanAt(keyword));
      return this.finish(link);
    }
    let a = this.takeValue();
    let b: Value | undefined;
    const next = this.pos;
    const nextKind = this.kind();
    if (a.text.includes('--') && nextKind !== 'dash2') {
      this.error(
        SyntaxCode.BadLink,
        `put spaces around '--' in '${quote(a.text)}': without them it is one word`,
        a.span,
      );
      [a, b] = splitAtCable(a);
    } else if (nextKind === 'dash2') {
      this.advance();
    } else if (nextKind === 'arrow') {
      this.error(SyntaxCode.BadLink, "a link joins its endpoints with '--', not '->'", this.spanAt(next));
      this.advance();
    } else if (this.atValue() && !this.firstOnLine(this.pos)) {
      this.error(
        SyntaxCode.BadLink,
        `expected '--' between '${quote(a.text)}' and '${quote(this.textAt(next))}'`,
        a.span,
      );
    } else {
      link.a = a;
      this.error(SyntaxCode.BadLink, `expected '--' and a second endpoint after '${quote(a.text)}'`, a.span);
      return this.finish(link);
    }
    link.a = a;
    if (!b) {
      if (this.atValue()) {
        b = this.takeValue();
      } else {
        this.error(SyntaxCode.BadLink, "expected the link's second endpoint after '--'", this.previousSpan());
        return this.finish(link);
      }
    }
    link.b = b;
    if (this.kind() === 'lbrace') {
      link.body = this.parseBody(link, this.advance(), keywordColumn, 1).body;
    }
    return this.finish(link);
  }

  // ---- session ----

  private parseSession(): Session {
    const keyword = this.advance();
    const session = sessionNode(this.statement, this.textAt(keyword), this.tokens.starts[keyword]);
    if (!this.atValue()) {
      this.error(SyntaxCode.BadSession, "expected the session's host after 'session'", this.spanAt(keyword));
      return this.finish(session);
    }
    const host = this.takeValue();
    session.host = host;
    if (!this.expectArrow(host, 'host')) return this.finish(session);
    if (!this.atValue()) {
      this.error(SyntaxCode.BadSession, "expected the session's target after '->'", this.previousSpan());
      return this.finish(session);
    }
    session.target = this.takeValue();
    const next = this.pos;
    if (this.isWordAt(next, 'via')) {
      this.advance();
      session.connections = this.parseConnections(next);
    } else if (this.atValue() && !this.firstOnLine(this.pos) && this.kind(1) === 'arrow') {
      this.error(SyntaxCode.BadSession, "expected 'via' before the session's connections", this.spanAt(next));
      session.connections = this.parseConnections(undefined);
    }
    return this.finish(session);
  }

  /** Ends a link or session with the last token it took. */
  private finish<T extends Link | Session>(item: T): T {
    item.span.end = this.endFrom(item.span.start);
    return item;
  }

  /** `initiator -> portal {, initiator -> portal}` after `via` (the token at `via`, or where `via` was missing). */
  private parseConnections(via: number | undefined): Connection[] {
    const connections: Connection[] = [];
    if (!this.atValue()) {
      this.error(
        SyntaxCode.BadSession,
        "expected a connection 'initiator -> portal' after 'via'",
        via !== undefined ? this.spanAt(via) : this.previousSpan(),
      );
      return connections;
    }
    connections.push(this.parseConnection());
    while (this.kind() === 'comma') {
      const comma = this.advance();
      if (this.kind() === 'comma') {
        this.error(SyntaxCode.MissingListValue, "expected a connection after ','", this.spanAt(comma));
      } else if (this.atValue()) {
        connections.push(this.parseConnection());
      } else {
        this.error(SyntaxCode.MissingListValue, "expected a connection after ','", this.spanAt(comma));
        break;
      }
    }
    return connections;
  }

  /** One `initiator -> portal`; the initiator is the current token. */
  private parseConnection(): Connection {
    const initiator = this.takeValue();
    const connection = connectionNode(initiator);
    if (this.expectArrow(initiator, 'initiator')) {
      if (this.atValue()) connection.portal = this.takeValue();
      else this.error(SyntaxCode.BadSession, "expected a portal after '->'", this.previousSpan());
    }
    connection.span.end = this.endFrom(connection.span.start);
    return connection;
  }

  /**
   * Consumes the `->` after `left`, a session's host or a connection's initiator. A `--` in its
   * place, or a missing `->` before a value on the same line, is reported and parsing goes on;
   * otherwise reports and returns false.
   */
  private expectArrow(left: Value, role: 'host' | 'initiator'): boolean {
    // `left` is the previous token, so "on the same line" is "not first on its line".
    const next = this.kind();
    if (next === 'arrow') {
      this.advance();
      return true;
    }
    if (next === 'dash2') {
      this.error(SyntaxCode.BadSession, `a session points with '->', not '--'`, this.spanAt(this.pos));
      this.advance();
      return true;
    }
    const what = role === 'host' ? "the session's host" : `initiator '${quote(left.text)}'`;
    if (this.atValue() && !this.firstOnLine(this.pos)) {
      this.error(SyntaxCode.BadSession, `expected '->' after ${what}`, left.span);
      return true;
    }
    const right = role === 'host' ? 'target' : 'portal';
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
      const kind = this.kind();
      if (kind === 'eof') return;
      if (depth === 0 && kind === 'word' && this.firstOnLine(this.pos)) {
        if (this.column(this.pos) <= column || this.isWordAt(this.pos, 'link') || this.isWordAt(this.pos, 'session')) {
          return;
        }
      }
      if (kind === 'lbrace') depth++;
      else if (kind === 'rbrace' && depth > 0) depth--;
      this.advance();
    }
  }

  /** Skips the rest of a `{ ... }` group whose `{` was just consumed; returns its `}`'s offset. */
  private skipRestOfGroup(): number | undefined {
    let depth = 1;
    while (this.kind() !== 'eof') {
      const index = this.advance();
      const kind = this.kindAt(index);
      if (kind === 'lbrace') depth++;
      else if (kind === 'rbrace' && --depth === 0) return this.tokens.starts[index];
    }
    return undefined;
  }

  /** Second pass: whether the current token, dedented to the open block's column, ends it. */
  private dedentEnds(ownerColumn: number, firstItemColumn: number | undefined): boolean {
    if (!this.firstOnLine(this.pos)) return false;
    if (this.isWordAt(this.pos, 'link') || this.isWordAt(this.pos, 'session')) return true;
    const column = this.column(this.pos);
    if (column > ownerColumn || (firstItemColumn !== undefined && column >= firstItemColumn)) return false;
    return this.startsBlock(this.pos);
  }

  // ---- token helpers ----

  /** Kind of the current token, or of one `ahead` of it (`eof` past the end). */
  private kind(ahead = 0): TokenKind {
    return this.kindAt(Math.min(this.pos + ahead, this.tokens.kinds.length - 1));
  }

  private kindAt(index: number): TokenKind {
    return tokenKinds[this.tokens.kinds[index]];
  }

  /** Moves past the current token (never past `eof`) and returns its index. */
  private advance(): number {
    const index = this.pos;
    if (this.kindAt(index) !== 'eof') this.pos++;
    return index;
  }

  /** The current token as a value; the caller has checked it is a word or string. */
  private takeValue(): Value {
    const index = this.advance();
    const { starts, ends } = this.tokens;
    return valueNode(this.statement, valueKinds[this.tokens.valueKinds[index]], this.textAt(index), starts[index], ends[index]);
  }

  /** Source text of a token; the unescaped contents of a string. */
  private textAt(index: number): string {
    const { starts, ends, strings } = this.tokens;
    if (this.kindAt(index) === 'string') return strings.get(index) ?? '';
    return this.words.intern(this.text, starts[index], ends[index]);
  }

  private spanAt(index: number): Span {
    return { start: this.tokens.starts[index], end: this.tokens.ends[index] };
  }

  /** Whether the token at `index` is the word `word`, compared in place. */
  private isWordAt(index: number, word: string): boolean {
    const { starts, ends } = this.tokens;
    return this.kindAt(index) === 'word' && ends[index] - starts[index] === word.length && this.text.startsWith(word, starts[index]);
  }

  private isIdentAt(index: number): boolean {
    return this.kindAt(index) === 'word' && valueKinds[this.tokens.valueKinds[index]] === 'ident';
  }

  /** Whether the current token can be taken as a value: a word or string not starting a new item. */
  private atValue(): boolean {
    const kind = this.kind();
    return (kind === 'word' || kind === 'string') && !this.startsItem(this.pos);
  }

  /** A line starting with `link`, `session`, `keyword {` or `keyword name {` begins a new item. */
  private startsItem(index: number): boolean {
    if (!this.firstOnLine(index)) return false;
    return this.isWordAt(index, 'link') || this.isWordAt(index, 'session') || this.startsBlock(index);
  }

  /** `keyword {` or `keyword name {`, all on one line. */
  private startsBlock(index: number): boolean {
    if (!this.isIdentAt(index)) return false;
    const { lines } = this.tokens;
    const line = lines[index];
    const next = this.kindAt(index + 1);
    if (next === 'lbrace') return lines[index + 1] === line;
    return (next === 'word' || next === 'string') && this.kindAt(index + 2) === 'lbrace' && lines[index + 2] === line;
  }

  private firstOnLine(index: number): boolean {
    const { lines } = this.tokens;
    return index === 0 || lines[index] !== lines[index - 1];
  }

  private column(index: number): number {
    return this.tokens.columns[index];
  }

  private previousEnd(): number {
    return this.pos > 0 ? this.tokens.ends[this.pos - 1] : 0;
  }

  private previousSpan(): Span {
    return this.spanAt(this.pos > 0 ? this.pos - 1 : this.pos);
  }

  /** Where a node starting at `start` ends: with the last token taken. */
  private endFrom(start: number): number {
    return Math.max(start, this.previousEnd());
  }

  private describeToken(index: number): string {
    switch (this.kindAt(index)) {
      case 'eof':
        return 'the end of the file';
      case 'string':
        return `the string "${quote(this.textAt(index))}"`;
      default:
        return `'${quote(this.textAt(index))}'`;
    }
  }

  private error(code: string, message: string, span: Span): void {
    this.errors.push({ code, message, span });
  }
}

/** `a--b` written as one word: the endpoints on either side of the first `--`. */
function splitAtCable(word: Value): [Value, Value | undefined] {
  const at = word.text.indexOf('--');
  const left = word.text.slice(0, at);
  const right = word.text.slice(at + 2);
  const { statement, start } = word.span;
  const a = valueNode(statement, classifyWord(left), left, start, start + at);
  if (!right) return [a, undefined];
  const b = valueNode(statement, classifyWord(right), right, start + at + 2, word.span.end);
  return [a, b];
}

function spanOf(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

function describeBlock(keyword: string, name: Value | undefined): string {
  return name ? `${quote(keyword)} '${quote(name.text)}'` : `the '${quote(keyword)}' block`;
}

/** What a body belongs to, for messages: a block, or a link (whose ends are set by then). */
function describeOwner(owner: Block | Link): string {
  if (owner.kind === 'block') return describeBlock(owner.keywordText, owner.name);
  return `link '${quote(owner.a?.text ?? '')} -- ${quote(owner.b?.text ?? '')}'`;
}

/** Text shown inside a message, shortened so that hostile input cannot make huge messages. */
function quote(text: string): string {
  return text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
}
