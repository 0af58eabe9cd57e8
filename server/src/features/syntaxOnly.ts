// The service for a document too large to analyse (MAX_ANALYZED_CHARS): folding and the outline
// of its top-level blocks from one pass over the characters, and one diagnostic that says why
// there is nothing more. No tree, model or analysis is built, so opening or typing in it costs a
// scan of the text, never a stall. Colouring is left to the editor's grammar (TextMate in VS
// Code): semantic tokens for millions of words would cost more to send than to scan.
import { DiagnosticSeverity, type SymbolKind, type Diagnostic, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import { GRAMMAR, TOP_LEVEL_KEYWORDS } from '../model/grammar';
import { SYMBOL_KINDS } from './symbolKinds';

/**
 * Designs are text written by people: 5,000 hosts are 1.5 MB, and the largest real estates stay
 * well under this. Measured with `npm run bench -- --size-limit` (generated designs, the server's
 * processor time): at 4 MB (14,000 hosts) opening takes 10–17 s, each keystroke's check about
 * 0.6 s and the server holds 0.6 GB; at 8 MB each is about twice that (16–25 s, 1–1.3 s a
 * keystroke, 0.9–1.1 GB), an editor that falls behind its typist, and a 50 MB document took two
 * minutes to open and over a minute per keystroke.
 */
export const MAX_ANALYZED_CHARS = 4 * 1024 * 1024;

export const OVERSIZED_CODE = 'document-too-large';

export interface SyntaxOnlyService {
  diagnostic: Diagnostic;
  foldingRanges: FoldingRange[];
  documentSymbols: DocumentSymbol[];
}

/** The top-level blocks that the outline shows, by keyword. */
const TOP_LEVEL_KINDS = new Map<string, SymbolKind>([
  [GRAMMAR.host.keyword, SYMBOL_KINDS.host],
  [GRAMMAR.switch.keyword, SYMBOL_KINDS.switch],
  [GRAMMAR.array.keyword, SYMBOL_KINDS.array],
  [GRAMMAR.hostGroup.keyword, SYMBOL_KINDS['host-group']],
]);

/**
 * The service for `text`, too large itself or a file of a design too large together (`tooLarge`
 * then says so, in place of the document's size).
 */
export function syntaxOnlyService(text: string, tooLarge = `This document is ${megabytes(text.length)} MB`): SyntaxOnlyService {
  const { foldingRanges, documentSymbols } = scanBlocks(text);
  return { diagnostic: oversizedDiagnostic(tooLarge), foldingRanges, documentSymbols };
}

/** What a design's files together weigh, for the warning on each of them when that is beyond the limit. */
export function oversizedDesign(files: number, chars: number): string {
  return `This design's ${files} files are ${megabytes(chars)} MB together`;
}

/** The warning on the first line of a document not checked because it, or its design, is `tooLarge`. */
export function oversizedDiagnostic(tooLarge: string): Diagnostic {
  const start = { line: 0, character: 0 };
  return {
    range: { start, end: start },
    severity: DiagnosticSeverity.Warning,
    code: OVERSIZED_CODE,
    source: 'topo',
    message:
      `${tooLarge}; designs larger than ${megabytes(MAX_ANALYZED_CHARS)} MB are not checked in the editor. ` +
      'It gets folding and the outline only: no problems, hover, completion, navigation, quick fixes or diagram.',
  };
}

const megabytes = (chars: number) => Math.round(chars / (1024 * 1024));

interface OpenBlock {
  line: number;
  /** The outline entry of a top-level `keyword name {`, completed at its closing brace. */
  symbol?: DocumentSymbol;
}

/** Braces outside strings and comments: a folding range per block over several lines, a symbol per top-level entity block. */
function scanBlocks(text: string): { foldingRanges: FoldingRange[]; documentSymbols: DocumentSymbol[] } {
  const foldingRanges: FoldingRange[] = [];
  const documentSymbols: DocumentSymbol[] = [];
  const open: OpenBlock[] = [];
  // The first two words of the current top-level statement, with where they start.
  let words: { text: string; line: number; character: number }[] = [];
  let line = 0;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      line++;
      lineStart = ++i;
    } else if (c === 35 /* # */) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 34 /* " */) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      if (text.charCodeAt(i) === 34) i++;
    } else if (c === 123 /* { */) {
      const kind = open.length === 0 && words.length === 2 ? TOP_LEVEL_KINDS.get(words[0]!.text) : undefined;
      const symbol =
        kind === undefined
          ? undefined
          : {
              name: words[1]!.text,
              detail: words[0]!.text,
              kind,
              range: { start: { line: words[0]!.line, character: words[0]!.character }, end: { line, character: i - lineStart + 1 } },
              selectionRange: {
                start: { line: words[1]!.line, character: words[1]!.character },
                end: { line: words[1]!.line, character: words[1]!.character + words[1]!.text.length },
              },
            };
      open.push({ line, symbol });
      words = [];
      i++;
    } else if (c === 125 /* } */) {
      const block = open.pop();
      // The closing brace's line stays visible, as in the full service.
      if (block && line - 1 > block.line) foldingRanges.push({ startLine: block.line, endLine: line - 1 });
      if (block?.symbol) {
        block.symbol.range.end = { line, character: i - lineStart + 1 };
        documentSymbols.push(block.symbol);
      }
      words = [];
      i++;
    } else if (c === 59 /* ; */ || c === 32 || c === 9 || c === 13 || c === 44 /* , */) {
      if (c === 59) words = [];
      i++;
    } else {
      const start = i;
      while (i < text.length && !WORD_END.has(text.charCodeAt(i))) i++;
      if (open.length === 0) {
        const word = { text: text.slice(start, i), line, character: start - lineStart };
        // A statement's keyword starts a new statement (top-level links and sessions end at their line's end).
        if (STATEMENT_KEYWORDS.has(word.text)) words = [word];
        // More than `keyword name` before the brace: not an entity block.
        else if (words.length < 3) words.push(word);
      }
    }
  }
  return { foldingRanges: foldingRanges.sort((a, b) => a.startLine - b.startLine), documentSymbols };
}

const STATEMENT_KEYWORDS = new Set(TOP_LEVEL_KEYWORDS);
const WORD_END = new Set([10, 13, 32, 9, 35, 34, 123, 125, 59, 44]);
