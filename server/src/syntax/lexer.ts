// Turns `.topo` text into tokens in one linear pass. Never throws: characters that start no token
// are reported (one error per run of them) and skipped.
//
// The parser reads a `TokenStream`: kinds and offsets in parallel typed arrays, no object or
// substring per token, so that lexing a large file allocates little; the parser makes tree nodes
// only for what it keeps.
import { ownSlice } from './substrings';
import { SyntaxCode, type TokenKind } from './tokens';
import type { ScannedComment, SyntaxError, ValueKind } from './tree';

/** What each token is and where it lies, as parallel typed arrays indexed by token. */
interface TokenColumns {
  kinds: Uint8Array;
  /** What each word looks like, as a code (that of `'string'` for strings); meaningless for punctuation. */
  valueKinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** 0-based line and column of each token's start: the parser's layout rules need them. */
  lines: Int32Array;
  columns: Int32Array;
}

/**
 * The significant tokens of a text, indexed by token; the last is `eof`. Kinds are stored as
 * small codes: `TOKEN_KINDS[kinds[i]]` and `VALUE_KINDS[valueKinds[i]]` name them.
 */
export interface TokenStream extends TokenColumns {
  /** Unescaped contents of each string token, by token index. */
  strings: Map<number, string>;
  /** Comments are not significant: they are kept apart, in source order. */
  comments: ScannedComment[];
  errors: SyntaxError[];
}

/** Token kinds by code, as stored in `TokenStream.kinds`. */
export const TOKEN_KINDS: readonly TokenKind[] = ['word', 'string', 'lbrace', 'rbrace', 'comma', 'semicolon', 'dash2', 'arrow', 'eof'];
/** Value kinds by code, as stored in `TokenStream.valueKinds`. */
export const VALUE_KINDS: readonly ValueKind[] = ['ident', 'number', 'address', 'wwpn', 'path', 'string', 'word'];

// Codes of the kinds the lexer writes (indexes into TOKEN_KINDS and VALUE_KINDS).
const tokenCode = (kind: TokenKind): number => TOKEN_KINDS.indexOf(kind);
const WORD = tokenCode('word');
const STRING = tokenCode('string');
const EOF = tokenCode('eof');
const PUNCTUATION = {
  lbrace: tokenCode('lbrace'),
  rbrace: tokenCode('rbrace'),
  comma: tokenCode('comma'),
  semicolon: tokenCode('semicolon'),
  dash2: tokenCode('dash2'),
  arrow: tokenCode('arrow'),
};
const VALUE_CODES = Object.fromEntries(VALUE_KINDS.map((kind, code) => [kind, code])) as Record<ValueKind, number>;

const NUMBER = /^[0-9]+(?:\.[0-9]+)?[A-Za-z]*$/;
const IPV4 = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(?:\/[0-9]+)?$/;
const IPV4_TAIL = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const WWPN = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){7}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;
const PREFIX = /^[0-9]+$/;
const IDENT = /^[\p{L}_][\p{L}\p{M}0-9_-]*$/u;
const PATH = /^[\p{L}_][\p{L}\p{M}0-9_\-/]*(?:[.:][\p{L}\p{M}0-9_\-/]+)+$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const VISIBLE = /^[\p{L}\p{N}\p{P}\p{S}]$/u;
/** Longest IPv6 text worth checking: eight groups, or six and an IPv4 tail, plus `/128`. */
const MAX_IPV6_LENGTH = 49;

/** What a word looks like; see the table in docs/language.md. Ranges are the model's to check. */
export function classifyWord(text: string): ValueKind {
  return classifyCommonWord(text, 0, text.length) ?? classifyByPattern(text);
}

/** `classifyWord` of `text.slice(start, end)`, slicing only when the patterns must decide. */
function classifyWordAt(text: string, start: number, end: number): ValueKind {
  return classifyCommonWord(text, start, end) ?? classifyByPattern(text.slice(start, end));
}

/**
 * The shapes nearly every word has, told by character codes alone (the lexer classifies every
 * word, so this is hot): ASCII names and dotted paths without `:`, which cannot be a WWPN or an
 * IPv6 address, and plain numbers with a unit. Anything else is left to the patterns.
 */
function classifyCommonWord(text: string, start: number, end: number): ValueKind | undefined {
  const head = text.charCodeAt(start);
  if (head >= 0x30 && head <= 0x39) {
    let i = start + 1;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i < end && text.charCodeAt(i) === DOT) {
      const fraction = ++i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === fraction) return undefined;
    }
    while (i < end && isAsciiLetter(text.charCodeAt(i))) i++;
    return i === end ? 'number' : undefined;
  }
  if (!isAsciiLetter(head) && head !== UNDERSCORE) return undefined;
  let dots = false;
  let slashes = false;
  for (let i = start + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      // An empty segment (`a..b`, `a.`) is no path; let the patterns decide.
      if (i === end - 1 || text.charCodeAt(i + 1) === DOT) return undefined;
      dots = true;
    } else if (code === SLASH) {
      slashes = true;
    } else if (!isAsciiLetter(code) && !isDigit(code) && code !== UNDERSCORE && code !== DASH) {
      return undefined;
    }
  }
  if (dots) return 'path';
  return slashes ? 'word' : 'ident';
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function classifyByPattern(text: string): ValueKind {
  if (NUMBER.test(text)) return 'number';
  if (IPV4.test(text)) return 'address';
  if (WWPN.test(text)) return 'wwpn';
  if (isIPv6(text)) return 'address';
  if (IDENT.test(text)) return 'ident';
  if (PATH.test(text)) return 'path';
  return 'word';
}

/** IPv6 shape: hex groups of 1-4 digits, at most one `::`, optional IPv4 tail and `/prefix`. */
function isIPv6(text: string): boolean {
  if (text.length > MAX_IPV6_LENGTH || !text.includes(':')) return false;
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  if (slash >= 0 && !PREFIX.test(text.slice(slash + 1))) return false;
  if (!IPV6_CHARS.test(address)) return false;
  const gap = address.indexOf('::');
  if (gap !== address.lastIndexOf('::')) return false;
  const head = gap < 0 ? address : address.slice(0, gap);
  const tail = gap < 0 ? '' : address.slice(gap + 2);
  const groups = [...(head ? head.split(':') : []), ...(tail ? tail.split(':') : [])];
  let count = groups.length;
  const last = groups[groups.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!IPV4_TAIL.test(last)) return false;
    groups.pop();
    count += 1;
  }
  if (!groups.every((group) => HEX_GROUP.test(group))) return false;
  return gap < 0 ? count === 8 : count <= 7;
}

/**
 * The significant tokens of `text`, with its comments and lexical errors. Given a part
 * `[from, to)` that begins line `firstLine` (0-based), only that part, with offsets into the whole
 * text: for re-parsing the statements an edit touched.
 */
export function scan(text: string, from = 0, to = text.length, firstLine = 0): TokenStream {
  return new Lexer(text, from, to, firstLine).run();
}

const TAB = 0x09;
const LF = 0x0a;
const VT = 0x0b;
const FF = 0x0c;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const HASH = 0x23;
const COMMA = 0x2c;
const DASH = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const SEMICOLON = 0x3b;
const GREATER = 0x3e;
const BACKSLASH = 0x5c;
const UNDERSCORE = 0x5f;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const BOM = 0xfeff;

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR || code === VT || code === FF || code === BOM;
}

/** Which ASCII characters a word may hold (letters, digits, `_ - . : /`), by code: one lookup per character of the text. */
const ASCII_WORD = Uint8Array.from({ length: 0x80 }, (_, code) => (/[0-9A-Za-z_\-.:/]/.test(String.fromCharCode(code)) ? 1 : 0));

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80) return ASCII_WORD[cp] === 1;
  return LETTER_OR_MARK.test(String.fromCodePoint(cp));
}

type Column = Uint8Array | Int32Array;

/** Each column of `columns` passed through `change`, which keeps a column's array type. */
function mapColumns(columns: TokenColumns, change: <T extends Column>(column: T) => T): TokenColumns {
  return {
    kinds: change(columns.kinds),
    valueKinds: change(columns.valueKinds),
    starts: change(columns.starts),
    ends: change(columns.ends),
    lines: change(columns.lines),
    columns: change(columns.columns),
  };
}

/** Kinds, offsets, lines and columns live in typed arrays: no boxed value, nothing for the GC to trace. */
class TokenArrays {
  columns: TokenColumns;

  constructor(expected: number) {
    const bytes = new Uint8Array(0);
    const ints = new Int32Array(0);
    this.columns = resized({ kinds: bytes, valueKinds: bytes, starts: ints, ends: ints, lines: ints, columns: ints }, Math.max(16, expected));
  }

  set(index: number, kind: number, valueKind: number, start: number, end: number, line: number, column: number): void {
    if (index === this.columns.kinds.length) this.columns = resized(this.columns, index * 2);
    const columns = this.columns;
    columns.kinds[index] = kind;
    columns.valueKinds[index] = valueKind;
    columns.starts[index] = start;
    columns.ends[index] = end;
    columns.lines[index] = line;
    columns.columns[index] = column;
  }

  /** The first `count` tokens, without copying. */
  upTo(count: number): TokenColumns {
    return mapColumns(this.columns, (column) => column.subarray(0, count) as typeof column);
  }
}

/** Copies of `columns` with room for `capacity` tokens. */
function resized(columns: TokenColumns, capacity: number): TokenColumns {
  return mapColumns(columns, (column) => {
    const larger = (column instanceof Uint8Array ? new Uint8Array(capacity) : new Int32Array(capacity)) as typeof column;
    larger.set(column);
    return larger;
  });
}

/** Designs average about five characters per token; the arrays double when a text has more. */
const CHARACTERS_PER_TOKEN = 5;

class Lexer {
  private count = 0;
  private readonly arrays: TokenArrays;
  private readonly strings = new Map<number, string>();
  private readonly comments: ScannedComment[] = [];
  private readonly errors: SyntaxError[] = [];
  private pos: number;
  private line: number;
  private lineStart: number;

  constructor(
    private readonly text: string,
    from: number,
    /** Where lexing stops: the end of the text, or of the part being re-parsed. */
    private readonly end: number,
    firstLine: number,
  ) {
    this.pos = from;
    this.lineStart = from;
    this.line = firstLine;
    this.arrays = new TokenArrays(Math.ceil((end - from) / CHARACTERS_PER_TOKEN) + 1);
  }

  run(): TokenStream {
    const { text } = this;
    while (this.pos < this.end) {
      const code = text.charCodeAt(this.pos);
      if (isSpace(code)) this.space(code);
      else if (code === HASH) this.comment();
      else if (code === QUOTE) this.string();
      else if (code === LBRACE) this.punctuation(PUNCTUATION.lbrace, 1);
      else if (code === RBRACE) this.punctuation(PUNCTUATION.rbrace, 1);
      else if (code === COMMA) this.punctuation(PUNCTUATION.comma, 1);
      else if (code === SEMICOLON) this.punctuation(PUNCTUATION.semicolon, 1);
      else if (code === DASH && text.charCodeAt(this.pos + 1) === DASH) this.punctuation(PUNCTUATION.dash2, 2);
      else if (code === DASH && text.charCodeAt(this.pos + 1) === GREATER) this.punctuation(PUNCTUATION.arrow, 2);
      else if (code !== DASH && isWordCodePoint(text.codePointAt(this.pos) ?? 0)) this.word();
      else this.unexpected();
    }
    this.push(EOF, VALUE_CODES.word, this.end, this.end);
    return { ...this.arrays.upTo(this.count), strings: this.strings, comments: this.comments, errors: this.errors };
  }

  /** Skips one white-space character, counting lines: "\n", "\r\n" and "\r" each end one. */
  private space(code: number): void {
    this.pos++;
    if (code === LF || (code === CR && this.text.charCodeAt(this.pos) !== LF)) {
      this.line++;
      this.lineStart = this.pos;
    }
  }

  /** Appends a token: `kind` indexes TOKEN_KINDS, `valueKind` VALUE_KINDS. */
  private push(kind: number, valueKind: number, start: number, end: number): void {
    this.arrays.set(this.count++, kind, valueKind, start, end, this.line, start - this.lineStart);
  }

  private punctuation(kind: number, length: number): void {
    const start = this.pos;
    this.pos += length;
    this.push(kind, VALUE_CODES.word, start, this.pos);
  }

  private comment(): void {
    const start = this.pos;
    this.pos = this.lineEnd(start);
    this.comments.push({ text: ownSlice(this.text, start, this.pos), span: { start, end: this.pos } });
  }

  private lineEnd(from: number): number {
    let end = from;
    while (end < this.end) {
      const code = this.text.charCodeAt(end);
      if (code === LF || code === CR) break;
      end++;
    }
    return end;
  }

  private string(): void {
    const { text } = this;
    const start = this.pos;
    let value = '';
    let chunkStart = start + 1;
    let i = chunkStart;
    while (i < this.end) {
      const code = text.charCodeAt(i);
      if (code === QUOTE || code === LF || code === CR) break;
      if (code === BACKSLASH) {
        const next = text.charCodeAt(i + 1);
        // Only `\"` and `\\` are escapes; any other backslash stands for itself.
        if (next === QUOTE || next === BACKSLASH) {
          value += ownSlice(text, chunkStart, i);
          chunkStart = i + 1;
          i += 2;
          continue;
        }
      }
      i++;
    }
    value += ownSlice(text, chunkStart, i);
    const terminated = i < this.end && text.charCodeAt(i) === QUOTE;
    this.pos = terminated ? i + 1 : i;
    this.strings.set(this.count, value);
    this.push(STRING, VALUE_CODES.string, start, this.pos);
    if (!terminated) {
      this.errors.push({
        code: SyntaxCode.UnterminatedString,
        message: 'unterminated string: close it with \'"\' before the end of the line',
        span: { start, end: this.pos },
      });
    }
  }

  private word(): void {
    const { text } = this;
    const start = this.pos;
    let i = start;
    while (i < this.end) {
      const unit = text.charCodeAt(i);
      const cp = unit < 0xd800 ? unit : (text.codePointAt(i) ?? 0);
      if (!isWordCodePoint(cp)) break;
      // `a->b` is `a`, `->`, `b`: a word never swallows the start of an arrow.
      if (cp === DASH && text.charCodeAt(i + 1) === GREATER) break;
      i += cp > 0xffff ? 2 : 1;
    }
    this.pos = i;
    this.push(WORD, VALUE_CODES[classifyWordAt(text, start, i)], start, i);
  }

  private unexpected(): void {
    const { text } = this;
    const start = this.pos;
    const first = text.codePointAt(start) ?? 0;
    let count = 0;
    let i = start;
    while (i < this.end && (i === start || !this.startsToken(i))) {
      i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      count++;
    }
    this.pos = i;
    const message =
      count === 1
        ? `unexpected character ${describeCharacter(first)}`
        : `${count} unexpected characters, starting with ${describeCharacter(first)}`;
    this.errors.push({ code: SyntaxCode.UnexpectedCharacter, message, span: { start, end: i } });
  }

  /** Whether the character at `i` is white space or begins a token. */
  private startsToken(i: number): boolean {
    const code = this.text.charCodeAt(i);
    if (isSpace(code) || code === HASH || code === QUOTE || code === LBRACE || code === RBRACE) return true;
    if (code === COMMA || code === SEMICOLON) return true;
    if (code === DASH) {
      const next = this.text.charCodeAt(i + 1);
      return next === DASH || next === GREATER;
    }
    return isWordCodePoint(this.text.codePointAt(i) ?? 0);
  }
}

function describeCharacter(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const char = String.fromCodePoint(cp);
  if (!VISIBLE.test(char)) return hex;
  return cp < 0x80 ? `'${char}'` : `'${char}' (${hex})`;
}
