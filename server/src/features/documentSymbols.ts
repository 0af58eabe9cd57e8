// Document symbols: the outline, hosts / switches / arrays with their interfaces, LAGs, ports,
// controllers, trunks, portals and volumes nested inside. Switch ports that are only mentioned in a link or
// LAG are left out: they have no block to show.
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { containerIdOf, type SymbolDefinition } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';
import { perVersion } from './perVersion';
import { SYMBOL_KINDS, kindLabel } from './symbolKinds';

export const documentSymbols = perVersion((doc): DocumentSymbol[] => {
  const byId = new Map<string, DocumentSymbol>();
  const roots: DocumentSymbol[] = [];
  for (const definition of doc.modelResult.symbols.definitions.values()) {
    if (definition.implicit) continue;
    const symbol = toSymbol(doc, definition);
    byId.set(definition.id, symbol);
    const containerId = containerIdOf(definition);
    const parent = containerId === undefined ? undefined : byId.get(containerId);
    if (parent) (parent.children ??= []).push(symbol);
    else roots.push(symbol);
  }
  return roots;
});

function toSymbol(doc: DocumentAnalysis, definition: SymbolDefinition): DocumentSymbol {
  const selection = toRange(doc.lineIndex, definition.nameSpan);
  const range = toRange(doc.lineIndex, definition.span);
  return {
    name: definition.name,
    detail: kindLabel(definition.kind),
    kind: SYMBOL_KINDS[definition.kind],
    // The selection must lie inside the range; a name outside its block would be a builder bug.
    range: contains(range, selection) ? range : selection,
    selectionRange: selection,
  };
}

function contains(outer: DocumentSymbol['range'], inner: DocumentSymbol['range']): boolean {
  const before = (a: typeof outer.start, b: typeof outer.start) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
