// Find references: every place that names the element under the cursor, path segments included.
import type { Location, Position } from 'vscode-languageserver-types';
import { occurrencesOf, symbolAt } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';

export function references(doc: DocumentAnalysis, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const symbols = doc.modelResult.symbols;
  const found = symbolAt(symbols, doc.lineIndex.offset(position));
  if (!found) return [];
  const definition = symbols.definitions.get(found.id);
  return occurrencesOf(symbols, found.id)
    .filter((span) => includeDeclaration || span !== definition?.nameSpan)
    .map((span) => ({ uri, range: toRange(doc.lineIndex, span) }));
}
