// Document highlight: the definition (write) and references (read) of the element under the cursor.
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-types';
import { occurrencesOf, symbolAt } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';

export function documentHighlights(doc: DocumentAnalysis, position: Position): DocumentHighlight[] {
  const symbols = doc.modelResult.symbols;
  const found = symbolAt(symbols, doc.lineIndex.offset(position));
  if (!found) return [];
  const definition = symbols.definitions.get(found.id);
  return occurrencesOf(symbols, found.id).map((span) => ({
    range: toRange(doc.lineIndex, span),
    kind: span === definition?.nameSpan && !definition.implicit ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
