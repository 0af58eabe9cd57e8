// The lexer's token stream as one object per token, comments included, in source order: the
// form the lexer tests and their expectations read best. The product reads the stream itself.
import { scan, TOKEN_KINDS, VALUE_KINDS } from '../../../server/src/syntax/lexer';
import type { TokenKind } from '../../../server/src/syntax/tokens';
import type { Span, SyntaxError, ValueKind } from '../../../server/src/syntax/tree';

export interface Token {
  kind: TokenKind | 'comment';
  /** Source text, except for strings, whose text is the unescaped contents (source: the span). */
  text: string;
  span: Span;
  /** Set on words (classified from their text) and on strings (`'string'`). */
  valueKind?: ValueKind;
}

export interface LexResult {
  tokens: Token[];
  errors: SyntaxError[];
}

/** Every token of `text` as an object, comments included, in source order. */
export function lex(text: string): LexResult {
  const stream = scan(text);
  const { kinds, starts, ends, comments } = stream;
  const tokens: Token[] = [];
  let nextComment = 0;
  for (let i = 0; i < kinds.length; i++) {
    while (nextComment < comments.length && comments[nextComment].span.start < starts[i]) {
      const comment = comments[nextComment++];
      tokens.push({ kind: 'comment', text: comment.text, span: comment.span });
    }
    const kind = TOKEN_KINDS[kinds[i]];
    const span = { start: starts[i], end: ends[i] };
    if (kind === 'string') tokens.push({ kind, text: stream.strings.get(i) ?? '', span, valueKind: 'string' });
    else if (kind === 'word') tokens.push({ kind, text: text.slice(span.start, span.end), span, valueKind: VALUE_KINDS[stream.valueKinds[i]] });
    else tokens.push({ kind, text: text.slice(span.start, span.end), span });
  }
  return { tokens, errors: stream.errors };
}
