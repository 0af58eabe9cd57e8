// `.topo.json` read with jsonc-parser (the parser VS Code uses for its own settings files), turned
// into a small tree that keeps the span of every key and value so settings problems point at the
// exact place. Comments are allowed, as in VS Code's settings; the first syntax error is returned
// located, never thrown.
import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError, type SyntaxKind } from 'jsonc-parser';
import type { Span } from '../syntax/tree';

export type JsonNode =
  | { type: 'object'; members: JsonMember[]; span: Span }
  | { type: 'array'; items: JsonNode[]; span: Span }
  | { type: 'string'; value: string; span: Span }
  | { type: 'number'; value: number; span: Span }
  | { type: 'boolean'; value: boolean; span: Span }
  | { type: 'null'; span: Span };

export interface JsonMember {
  key: string;
  keySpan: Span;
  value: JsonNode;
}

export type JsonParseResult =
  | { ok: true; value: JsonNode }
  | { ok: false; error: { message: string; span: Span } };

const ERROR_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a JSON value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between entries",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape in string',
  InvalidEscapeCharacter: 'invalid escape in string',
  InvalidCharacter: 'control character in string',
};

// jsonc-parser recurses per nesting level; a bound keeps hostile input from exhausting the stack.
const MAX_DEPTH = 256;

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read; these are its values.
const OPEN_BRACE = 1 as SyntaxKind;
const CLOSE_BRACE = 2 as SyntaxKind;
const OPEN_BRACKET = 3 as SyntaxKind;
const CLOSE_BRACKET = 4 as SyntaxKind;
const EOF = 17 as SyntaxKind;

export function parseJson(text: string): JsonParseResult {
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    return { ok: false, error: { message: 'JSON nested too deeply', span: { start: tooDeep, end: tooDeep + 1 } } };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length > 0) {
    const first = errors[0];
    const name = printParseErrorCode(first.error);
    const start = Math.min(first.offset, text.length);
    return {
      ok: false,
      error: { message: ERROR_MESSAGES[name] ?? name, span: { start, end: Math.min(start + Math.max(first.length, 1), text.length) } },
    };
  }
  if (!root) return { ok: false, error: { message: 'expected a JSON value, found end of file', span: { start: 0, end: 0 } } };
  return { ok: true, value: toJsonNode(root) };
}

/** Offset of the bracket that opens level MAX_DEPTH + 1, if the text nests that deep. */
function findExcessiveNesting(text: string): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      depth++;
      if (depth > MAX_DEPTH) return scanner.getTokenOffset();
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function spanOf(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

function toJsonNode(node: Node): JsonNode {
  const span = spanOf(node);
  switch (node.type) {
    case 'object':
      return {
        type: 'object',
        span,
        members: (node.children ?? []).flatMap((property) => {
          const [key, value] = property.children ?? [];
          return key && value ? [{ key: String(key.value), keySpan: spanOf(key), value: toJsonNode(value) }] : [];
        }),
      };
    case 'array':
      return { type: 'array', span, items: (node.children ?? []).map(toJsonNode) };
    case 'string':
      return { type: 'string', span, value: String(node.value) };
    case 'number':
      return { type: 'number', span, value: Number(node.value) };
    case 'boolean':
      return { type: 'boolean', span, value: Boolean(node.value) };
    default:
      return { type: 'null', span };
  }
}
