// Semantic tokens (full document): what TextMate colouring cannot know. Names are coloured by the
// kind of element they define or refer to (a NIC and a switch look different even inside one path
// such as `hv01.eth0`); keywords, property names, enum values, numbers, strings and comments too.
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { SymbolKind as ElementKind } from '../model/symbols';
import { valuesOf, type BodyItem, type Span, type TopItem, type Value } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';

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
  trunk: 'struct',
  nic: 'variable',
  vmk: 'variable',
  hba: 'variable',
  'switch-port': 'variable',
  'array-port': 'variable',
  volume: 'variable',
};

interface Token {
  start: number;
  end: number;
  type: TokenType;
  declaration: boolean;
}

export function semanticTokens(doc: DocumentAnalysis): SemanticTokens {
  const { definitions, references } = doc.modelResult.symbols;
  const names: Token[] = [];
  for (const definition of definitions.values()) {
    names.push(token(definition.nameSpan, ELEMENT_TYPES[definition.kind], !definition.implicit));
  }
  for (const reference of references) {
    const target = definitions.get(reference.id);
    if (target) names.push(token(reference.span, ELEMENT_TYPES[target.kind], false));
  }
  const syntax: Token[] = doc.parse.tree.comments.map((comment) => token(comment.span, 'comment', false));
  const visit = (item: TopItem | BodyItem): void => {
    if (item.kind === 'property') {
      syntax.push(leadingWordToken(item.span.start, item.keyText, 'property'));
      for (const value of valuesOf(item)) pushValue(syntax, value);
      return;
    }
    syntax.push(leadingWordToken(item.span.start, item.keywordText, 'keyword'));
    if (item.kind === 'block' || item.kind === 'link') item.body.forEach(visit);
  };
  doc.parse.tree.items.forEach(visit);

  // Names win over the value token they sit in: `hv01.eth0` is two names, not one value.
  const tokens = [...names, ...syntax.filter((token) => !names.some((name) => overlaps(name, token)))];
  tokens.sort((a, b) => a.start - b.start);
  return { data: encode(doc, tokens) };
}

function pushValue(tokens: Token[], value: Value): void {
  const type: TokenType | undefined =
    value.valueKind === 'ident' ? 'enumMember' : value.valueKind === 'string' ? 'string' : value.valueKind === 'path' || value.valueKind === 'word' ? undefined : 'number';
  if (type) tokens.push(token(value.span, type, false));
}

/** A token over a span's offsets (a value is its own span: its other fields stay behind). */
function token(span: Span, type: TokenType, declaration: boolean): Token {
  return { start: span.start, end: span.end, type, declaration };
}

/** A node's keyword or key, which begins the node: from its text, without making its value. */
function leadingWordToken(start: number, text: string, type: TokenType): Token {
  return { start, end: start + text.length, type, declaration: false };
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** LSP's relative encoding; tokens never span lines here, and overlapping ones are dropped. */
function encode(doc: DocumentAnalysis, tokens: Token[]): number[] {
  const data: number[] = [];
  let previousLine = 0;
  let previousChar = 0;
  let previousEnd = -1;
  for (const token of tokens) {
    if (token.start < previousEnd || token.end <= token.start) continue;
    const start = doc.lineIndex.position(token.start);
    const end = doc.lineIndex.position(token.end);
    if (end.line !== start.line) continue;
    const deltaLine = start.line - previousLine;
    data.push(
      deltaLine,
      deltaLine === 0 ? start.character - previousChar : start.character,
      end.character - start.character,
      TOKEN_TYPES.indexOf(token.type),
      token.declaration ? 1 : 0,
    );
    previousLine = start.line;
    previousChar = start.character;
    previousEnd = token.end;
  }
  return data;
}
