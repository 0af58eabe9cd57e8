// The kinds of tokens the lexer produces and the stable codes of syntax errors.

/** Kinds of significant tokens. Comments (`#` to the end of the line) go apart, to `TokenStream.comments`. */
export type TokenKind =
  | 'word' // a run of word characters; `TokenStream.valueKinds` says what it looks like
  | 'string' // "..."; `TokenStream.strings` holds the unescaped contents
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'semicolon'
  | 'dash2' // `--`, a cable between two link endpoints
  | 'arrow' // `->`, a session's direction
  | 'eof';

/**
 * Stable codes of syntax errors: TOPO1xx from the lexer, TOPO2xx from the parser. Documented in
 * docs/language.md ("Syntax errors"); never renumber one.
 */
export const SyntaxCode = {
  UnterminatedString: 'TOPO101',
  UnexpectedCharacter: 'TOPO102',
  UnclosedBlock: 'TOPO201',
  UnexpectedCloseBrace: 'TOPO202',
  MissingValue: 'TOPO203',
  MissingBlockOpen: 'TOPO204',
  BadLink: 'TOPO205',
  BadSession: 'TOPO206',
  MissingListValue: 'TOPO207',
  UnexpectedTopLevel: 'TOPO208',
  NestingTooDeep: 'TOPO209',
  UnexpectedInBlock: 'TOPO210',
} as const;

export type SyntaxCode = (typeof SyntaxCode)[keyof typeof SyntaxCode];
