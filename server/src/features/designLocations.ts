// The features answer in positions of the design's text (service/designFiles.ts); the editor asks
// and is answered in positions of its files. These translate between the two at the server's edge:
// a position in a file becomes one in the design's text, and the ranges of an answer go back to the
// files they lie in. A design of one file is its own text: nothing is translated.
//
// Every file of a design begins at the start of a line of the design's text (the one before it ends
// with a line break of its own), so a position moves between the two by the file's first line
// alone. An answer's item placed in a file is kept while the item is the same object and its files
// begin at the same lines: a keystroke places again only what it changed.
import type {
  CodeLens,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Location,
  Position,
  Range,
  SemanticTokens,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { frozen } from '../messageEncoder';
import type { DocumentAnalysis } from '../service/languageService';

function several(doc: DocumentAnalysis): boolean {
  return doc.files.files.length > 1;
}

/** Where each file of a design lies in the design's text, in its lines. */
interface FileLines {
  readonly names: readonly string[];
  /** The line of the design's text each file begins at. */
  readonly first: readonly number[];
  /** Where each file ends (before the line break that follows it). */
  readonly end: readonly Position[];
}

const fileLinesOf = new WeakMap<DocumentAnalysis, FileLines>();

function fileLines(doc: DocumentAnalysis): FileLines {
  let lines = fileLinesOf.get(doc);
  if (!lines) {
    const files = doc.files.files;
    lines = {
      names: files.map((file) => file.name),
      first: files.map((file) => doc.lineIndex.position(file.start).line),
      end: files.map((file) => doc.lineIndex.position(file.start + file.text.length)),
    };
    fileLinesOf.set(doc, lines);
  }
  return lines;
}

/** The index of the file a line of the design's text lies in. */
function fileAtLine(lines: FileLines, line: number): number {
  let low = 0;
  let high = lines.first.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines.first[mid]! <= line) low = mid;
    else high = mid - 1;
  }
  return low;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** A range of the design's text in the file at `index` (cut at the file's end), in that file's lines. */
function inFile(lines: FileLines, index: number, range: Range): Range {
  const first = lines.first[index]!;
  const end = before(lines.end[index]!, range.end) ? lines.end[index]! : range.end;
  return { start: { line: range.start.line - first, character: range.start.character }, end: { line: end.line - first, character: end.character } };
}

/**
 * An item of an answer placed in its file, made once per item and the lines its files begin at
 * (`firsts`): a kept item whose files did not move is given as it was placed before, and the
 * placing of a frozen item is frozen too, so that the stream encoder keeps its bytes.
 */
const placedItems = new WeakMap<object, { firsts: readonly number[]; placed: unknown }>();

function placedOnce<T extends object, P extends object>(item: T, firsts: readonly number[], place: () => P): P {
  const kept = placedItems.get(item);
  if (kept && kept.firsts.length === firsts.length && kept.firsts.every((line, i) => line === firsts[i])) return kept.placed as P;
  const placed = Object.isFrozen(item) ? frozen(place()) : place();
  placedItems.set(item, { firsts, placed });
  return placed;
}

/** A position in the file `uri` as a position in the design's text; undefined for a file not in the design. */
export function designPosition(doc: DocumentAnalysis, uri: string, position: Position): Position | undefined {
  if (!several(doc)) return position;
  const lines = fileLines(doc);
  const index = lines.names.indexOf(uri);
  if (index < 0) return undefined;
  const first = lines.first[index]!;
  const end = lines.end[index]!;
  const line = first + Math.max(0, Math.floor(position.line) || 0);
  if (line > end.line) return end;
  // As the file's own text would: a character past its line's end is that end.
  return doc.lineIndex.position(doc.lineIndex.offset({ line, character: position.character }));
}

/** A range in the file `uri` as a range of the design's text. */
export function designRange(doc: DocumentAnalysis, uri: string, range: Range): Range | undefined {
  const start = designPosition(doc, uri, range.start);
  const end = designPosition(doc, uri, range.end);
  return start && end && { start, end };
}

/** Where a range of the design's text is written; `uri` names the design of one file. */
export function fileLocation(doc: DocumentAnalysis, uri: string, range: Range): Location {
  if (!several(doc)) return { uri, range };
  const lines = fileLines(doc);
  const index = fileAtLine(lines, range.start.line);
  return { uri: lines.names[index]!, range: inFile(lines, index, range) };
}

/** A range of the design's text as a range of the file `uri`, or undefined when it lies in another file. */
export function fileRange(doc: DocumentAnalysis, uri: string, range: Range): Range | undefined {
  const location = fileLocation(doc, uri, range);
  return location.uri === uri ? location.range : undefined;
}

/** Diagnostics worked out in the design's text, per file they lie in (related locations go to their own files). */
export function diagnosticsPerFile(doc: DocumentAnalysis, uri: string, diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  if (!several(doc)) return new Map([[uri, [...diagnostics]]]);
  const lines = fileLines(doc);
  const perFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const index = fileAtLine(lines, diagnostic.range.start.line);
    const related = diagnostic.relatedInformation?.map((information) => (information.location.uri === uri ? fileAtLine(lines, information.location.range.start.line) : -1)) ?? [];
    const firsts = [lines.first[index]!, ...related.map((at) => (at < 0 ? -1 : lines.first[at]!))];
    const placed = placedOnce(diagnostic, firsts, (): Diagnostic => {
      const made: Diagnostic = { ...diagnostic, range: inFile(lines, index, diagnostic.range) };
      if (diagnostic.relatedInformation) {
        made.relatedInformation = diagnostic.relatedInformation.map((information, i) =>
          related[i]! < 0 ? information : { ...information, location: { uri: lines.names[related[i]!]!, range: inFile(lines, related[i]!, information.location.range) } },
        );
      }
      return made;
    });
    const file = lines.names[index]!;
    let list = perFile.get(file);
    if (!list) perFile.set(file, (list = []));
    list.push(placed);
  }
  return perFile;
}

/**
 * A workspace edit worked out in the design's text (its changes under `uri`), with each edit in the
 * file it lies in. With `versionOf` (clients that take `documentChanges`), each file's edits name
 * the version they apply to: an open file's, or null for one read from disk.
 */
export function fileWorkspaceEdit(doc: DocumentAnalysis, uri: string, edit: WorkspaceEdit, versionOf?: (uri: string) => number | null): WorkspaceEdit {
  const perFile = new Map<string, TextEdit[]>();
  for (const [editedUri, edits] of Object.entries(edit.changes ?? {})) {
    for (const textEdit of edits) {
      const at = editedUri === uri ? fileLocation(doc, uri, textEdit.range) : { uri: editedUri, range: textEdit.range };
      let list = perFile.get(at.uri);
      if (!list) perFile.set(at.uri, (list = []));
      list.push({ range: at.range, newText: textEdit.newText });
    }
  }
  if (!versionOf) return { changes: Object.fromEntries(perFile) };
  return {
    documentChanges: [...perFile].map(([file, edits]): TextDocumentEdit => ({ textDocument: { uri: file, version: versionOf(file) }, edits })),
  };
}

/** The lines of the design's text the file `uri` spans, with the line it begins at; undefined for a file not in the design. */
function linesOfFile(doc: DocumentAnalysis, uri: string): { first: number; last: number; firsts: readonly number[] } | undefined {
  const lines = fileLines(doc);
  const index = lines.names.indexOf(uri);
  if (index < 0) return undefined;
  const first = lines.first[index]!;
  return { first, last: lines.end[index]!.line, firsts: [first] };
}

/** The document symbols of the file `uri` (the design's are worked out for its whole text). */
export function fileSymbols(doc: DocumentAnalysis, uri: string, symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  if (!several(doc)) return [...symbols];
  const file = linesOfFile(doc, uri);
  if (!file) return [];
  const inside = (symbol: DocumentSymbol) => symbol.range.start.line >= file.first && symbol.range.start.line <= file.last;
  const moved = (symbol: DocumentSymbol): DocumentSymbol => ({
    ...symbol,
    range: movedRange(symbol.range, -file.first),
    selectionRange: movedRange(symbol.selectionRange, -file.first),
    ...(symbol.children ? { children: symbol.children.filter(inside).map(moved) } : {}),
  });
  return symbols.filter(inside).map((symbol) => placedOnce(symbol, file.firsts, () => moved(symbol)));
}

/** The folding ranges of the file `uri`. */
export function fileFoldingRanges(doc: DocumentAnalysis, uri: string, ranges: readonly FoldingRange[]): FoldingRange[] {
  if (!several(doc)) return [...ranges];
  const file = linesOfFile(doc, uri);
  if (!file) return [];
  return ranges
    .filter((folding) => folding.startLine >= file.first && folding.startLine <= file.last)
    .map((folding) => placedOnce(folding, file.firsts, (): FoldingRange => ({ ...folding, startLine: folding.startLine - file.first, endLine: Math.min(folding.endLine, file.last) - file.first })));
}

/** The code lenses of the file `uri`. */
export function fileCodeLenses(doc: DocumentAnalysis, uri: string, lenses: readonly CodeLens[]): CodeLens[] {
  if (!several(doc)) return [...lenses];
  const file = linesOfFile(doc, uri);
  if (!file) return [];
  return lenses
    .filter((lens) => lens.range.start.line >= file.first && lens.range.start.line <= file.last)
    .map((lens) => placedOnce(lens, file.firsts, (): CodeLens => ({ ...lens, range: movedRange(lens.range, -file.first) })));
}

function movedRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}

/** The design's range of the file `uri`: what semantic tokens are asked for. */
export function fileRangeInDesign(doc: DocumentAnalysis, uri: string): Range | undefined {
  const file = doc.files.file(uri);
  return file && { start: doc.lineIndex.position(file.start), end: doc.lineIndex.position(file.start + file.text.length) };
}

/** Semantic tokens of the design's range of a file, counted from the file's first line. */
export function fileSemanticTokens(doc: DocumentAnalysis, uri: string, tokens: SemanticTokens): SemanticTokens {
  const range = fileRangeInDesign(doc, uri);
  if (!range || tokens.data.length === 0) return { data: tokens.data };
  const data = [...tokens.data];
  data[0] -= range.start.line;
  return { data };
}
