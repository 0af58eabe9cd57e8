// The features answer in positions of the design's text (service/designFiles.ts); the editor asks
// and is answered in positions of its files. These translate between the two at the server's edge:
// a position in a file becomes one in the design's text, and the ranges of an answer go back to the
// files they lie in. A design of one file is its own text: nothing is translated.
//
// Every file of a design begins at the start of a line of the design's text (the one before it ends
// with a line break of its own), so a position moves between the two by the file's first line
// alone. An answer's item placed in a file is kept while the item is the same object and its files
// begin at the same lines: a keystroke places again only what it changed.
import { listOutline, type OutlineParts } from './outlineLimit';
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
import type { Problem } from '../problem';
import type { DesignFile, DesignFiles } from '../service/designFiles';
import type { DocumentAnalysis } from '../service/languageService';
import { firstIndex } from '../firstIndex';
import { diagnosticAt, movedRange, sameRange, toRange, type DocLinks } from '../service/lspConversion';
import type { Span } from '../syntax/tree';

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

/**
 * The diagnostics of a design's problems, each made in the file it lies in (its related locations in
 * theirs), once per problem: a problem that is the same object (the rules keep one they find again)
 * keeps its diagnostic while each of its spans lies at the same offsets of a file with the same
 * text (an edit of one file moves the later files in the design's text, not in themselves), or at
 * the same lines and characters. So an edit makes again only the diagnostics of problems it
 * changed or moved in its file, and places none of the other files'.
 */
export class FileDiagnostics {
  private readonly made = new WeakMap<Problem, FileDiagnostic>();

  /** Every file of the design with the diagnostics of the problems that begin in it. */
  of(doc: DocumentAnalysis, links: DocLinks): Map<string, Diagnostic[]> {
    const { files } = doc;
    const list = files.files;
    const perFile = list.map((): Diagnostic[] => []);
    let at = 0;
    for (const problem of doc.problems) {
      // The problems come in text order: each lies in the file of the one before, or in a later one.
      const { start } = problem.span;
      while (at + 1 < list.length && list[at + 1]!.start <= start) at++;
      while (at > 0 && list[at]!.start > start) at--;
      const kept = this.made.get(problem);
      let diagnostic: Diagnostic;
      if (kept && kept.links === links && inSameFiles(files, problem, list[at]!, kept)) diagnostic = kept.diagnostic;
      else if (kept && kept.links === links && samePlaces(doc, problem, kept.diagnostic)) {
        diagnostic = kept.diagnostic;
        kept.places = placesIn(files, problem);
      } else {
        diagnostic = frozen(diagnosticAt(problem, (span) => locate(doc, span), links));
        this.made.set(problem, { diagnostic, links, places: placesIn(files, problem) });
      }
      perFile[at]!.push(diagnostic);
    }
    return new Map(list.map((file, i) => [file.name, perFile[i]!]));
  }
}

/** A problem's diagnostic placed in its files, with where its spans were in them. */
interface FileDiagnostic {
  diagnostic: Diagnostic;
  links: DocLinks;
  places: SpanPlaces;
}

/** For each span of a problem (its own, then its related ones'): the text of its file, and its start and end there. */
interface SpanPlaces {
  texts: string[];
  offsets: number[];
}

function spanCount(problem: Problem): number {
  return 1 + (problem.related?.length ?? 0);
}

function spanAt(problem: Problem, i: number): Span {
  return i === 0 ? problem.span : problem.related![i - 1]!.span;
}

function placesIn(files: DesignFiles, problem: Problem): SpanPlaces {
  const texts: string[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < spanCount(problem); i++) {
    const span = spanAt(problem, i);
    const file = files.fileAt(span.start);
    texts.push(file.text);
    offsets.push(span.start - file.start, span.end - file.start);
  }
  return { texts, offsets };
}

/** Whether each of a problem's spans lies where it was in a file with the same text (`file`: the one its own span lies in). */
function inSameFiles(files: DesignFiles, problem: Problem, file: DesignFile, kept: FileDiagnostic): boolean {
  const { texts, offsets } = kept.places;
  if (texts.length !== spanCount(problem)) return false;
  for (let i = 0; i < texts.length; i++) {
    const span = spanAt(problem, i);
    const { start, text } = i === 0 ? file : files.fileAt(span.start);
    if (span.start - start !== offsets[2 * i] || span.end - start !== offsets[2 * i + 1] || text !== texts[i]) return false;
  }
  return true;
}

/** Whether each of a problem's spans is written where the diagnostic says: in the same file, at the same lines and characters. */
function samePlaces(doc: DocumentAnalysis, problem: Problem, diagnostic: Diagnostic): boolean {
  const related = diagnostic.relatedInformation ?? [];
  if (related.length !== spanCount(problem) - 1 || !sameRange(locate(doc, problem.span).range, diagnostic.range)) return false;
  return related.every(({ location }, i) => {
    const placed = locate(doc, spanAt(problem, i + 1));
    return placed.uri === location.uri && sameRange(placed.range, location.range);
  });
}

/** Where a span of the design's text is written: its file, and its range there. */
function locate(doc: DocumentAnalysis, span: Span): Location {
  const lines = fileLines(doc);
  const range = toRange(doc.lineIndex, span);
  const index = fileAtLine(lines, range.start.line);
  return { uri: lines.names[index]!, range: inFile(lines, index, range) };
}

/** Diagnostics worked out in the design's text (the drift's), per file they lie in (related locations go to their own files). */
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

/**
 * The outline of the file `uri`: a design of one file's own, else that of the file's symbols
 * (`fileSymbols`), for the outline's limit to read.
 */
export function fileOutline(doc: DocumentAnalysis, uri: string, outline: OutlineParts): OutlineParts {
  return several(doc) ? listOutline(fileSymbols(doc, uri, outline.whole())) : outline;
}

/**
 * The document symbols of the file `uri` (the design's are worked out for its whole text; its roots
 * come in the order of their blocks). A design of one file answers with the design's list itself.
 */
export function fileSymbols(doc: DocumentAnalysis, uri: string, symbols: readonly DocumentSymbol[]): readonly DocumentSymbol[] {
  if (!several(doc)) return symbols;
  const file = linesOfFile(doc, uri);
  if (!file) return [];
  const inside = (symbol: DocumentSymbol) => symbol.range.start.line >= file.first && symbol.range.start.line <= file.last;
  const moved = (symbol: DocumentSymbol): DocumentSymbol => ({
    ...symbol,
    range: movedRange(symbol.range, -file.first),
    selectionRange: movedRange(symbol.selectionRange, -file.first),
    ...(symbol.children ? { children: symbol.children.filter(inside).map(moved) } : {}),
  });
  return inLines(symbols, file, (symbol) => symbol.range.start.line).map((symbol) => placedOnce(symbol, file.firsts, () => moved(symbol)));
}

/** The folding ranges of the file `uri` (the design's come in order of their first lines). */
export function fileFoldingRanges(doc: DocumentAnalysis, uri: string, ranges: readonly FoldingRange[]): FoldingRange[] {
  if (!several(doc)) return [...ranges];
  const file = linesOfFile(doc, uri);
  if (!file) return [];
  return inLines(ranges, file, (folding) => folding.startLine).map((folding) => placedOnce(folding, file.firsts, (): FoldingRange => ({ ...folding, startLine: folding.startLine - file.first, endLine: Math.min(folding.endLine, file.last) - file.first })));
}

/** The code lenses of the file `uri` (the design's come in the order of its hosts' blocks). */
export function fileCodeLenses(doc: DocumentAnalysis, uri: string, lenses: readonly CodeLens[]): CodeLens[] {
  if (!several(doc)) return [...lenses];
  const file = linesOfFile(doc, uri);
  if (!file) return [];
  return inLines(lenses, file, (lens) => lens.range.start.line).map((lens) => placedOnce(lens, file.firsts, (): CodeLens => ({ ...lens, range: movedRange(lens.range, -file.first) })));
}

/** The items of a list in order of their first lines (`line`) that begin within `lines`, found by halving instead of a look at every item of the design. */
function inLines<T>(items: readonly T[], lines: { first: number; last: number }, line: (item: T) => number): readonly T[] {
  return items.slice(
    firstIndex(items, (item) => line(item) >= lines.first),
    firstIndex(items, (item) => line(item) > lines.last),
  );
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
