// The features answer in positions of the design's text (service/designFiles.ts); the editor asks
// and is answered in positions of its files. These translate between the two at the server's edge:
// a position in a file becomes one in the design's text, and the ranges of an answer go back to the
// files they lie in. A design of one file is its own text: nothing is translated.
import type {
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
import type { DocumentAnalysis } from '../service/languageService';

function several(doc: DocumentAnalysis): boolean {
  return doc.files.files.length > 1;
}

/** A position in the file `uri` as a position in the design's text; undefined for a file not in the design. */
export function designPosition(doc: DocumentAnalysis, uri: string, position: Position): Position | undefined {
  if (!several(doc)) return position;
  const offset = doc.files.offset(uri, position);
  return offset === undefined ? undefined : doc.lineIndex.position(offset);
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
  const at = doc.files.range({ start: doc.lineIndex.offset(range.start), end: doc.lineIndex.offset(range.end) });
  return { uri: at.file.name, range: { start: at.start, end: at.end } };
}

/** A range of the design's text as a range of the file `uri`, or undefined when it lies in another file. */
export function fileRange(doc: DocumentAnalysis, uri: string, range: Range): Range | undefined {
  const location = fileLocation(doc, uri, range);
  return location.uri === uri ? location.range : undefined;
}

/** Diagnostics worked out in the design's text, per file they lie in (related locations go to their own files). */
export function diagnosticsPerFile(doc: DocumentAnalysis, uri: string, diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const perFile = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const at = fileLocation(doc, uri, diagnostic.range);
    const placed: Diagnostic = { ...diagnostic, range: at.range };
    if (diagnostic.relatedInformation) {
      placed.relatedInformation = diagnostic.relatedInformation.map((related) =>
        related.location.uri === uri ? { ...related, location: fileLocation(doc, uri, related.location.range) } : related,
      );
    }
    let list = perFile.get(at.uri);
    if (!list) perFile.set(at.uri, (list = []));
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

/** The document symbols of the file `uri` (the design's are worked out for its whole text). */
export function fileSymbols(doc: DocumentAnalysis, uri: string, symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  if (!several(doc)) return [...symbols];
  const placed: DocumentSymbol[] = [];
  for (const symbol of symbols) {
    const range = fileRange(doc, uri, symbol.range);
    const selectionRange = fileRange(doc, uri, symbol.selectionRange);
    if (!range || !selectionRange) continue;
    placed.push({ ...symbol, range, selectionRange, ...(symbol.children ? { children: fileSymbols(doc, uri, symbol.children) } : {}) });
  }
  return placed;
}

/** The folding ranges of the file `uri`. */
export function fileFoldingRanges(doc: DocumentAnalysis, uri: string, ranges: readonly FoldingRange[]): FoldingRange[] {
  if (!several(doc)) return [...ranges];
  const placed: FoldingRange[] = [];
  for (const folding of ranges) {
    const range = fileRange(doc, uri, { start: { line: folding.startLine, character: 0 }, end: { line: folding.endLine, character: 0 } });
    if (range) placed.push({ ...folding, startLine: range.start.line, endLine: range.end.line });
  }
  return placed;
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
