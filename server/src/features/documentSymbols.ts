// Document symbols: the outline, hosts / switches / arrays with their interfaces, LAGs, ports,
// controllers, trunks, portals and volumes nested inside. Switch ports that are only mentioned in a link or
// LAG are left out: they have no block to show.
import type { DocumentSymbol, Position, Range } from 'vscode-languageserver-types';
import { containerIdOf, type SymbolDefinition } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';
import { perVersion } from './perVersion';
import { SYMBOL_KINDS, kindLabel } from './symbolKinds';

export const documentSymbols = perVersion((doc): DocumentSymbol[] => {
  const byId = new Map<string, SymbolDefinition>();
  const children = new Map<SymbolDefinition, SymbolDefinition[]>();
  const roots: SymbolDefinition[] = [];
  for (const definition of doc.modelResult.symbols.definitions.values()) {
    if (definition.implicit) continue;
    byId.set(definition.id, definition);
    const containerId = containerIdOf(definition);
    const parent = containerId === undefined ? undefined : byId.get(containerId);
    if (!parent) roots.push(definition);
    else if (children.has(parent)) children.get(parent)!.push(definition);
    else children.set(parent, [definition]);
  }
  return roots.map((root) => rootSymbol(doc, root, children));
});

/**
 * The symbol of each host, switch, array and host group, with what is declared in it, as placed
 * where its block started. The element stays the same object while the statement it is built
 * from is kept by a re-parse; when what is declared in it is also the same and all of it lies in
 * its block, its symbols only move with the block, so a keystroke works out those of the
 * elements it changed.
 */
const symbolOfRoot = new WeakMap<SymbolDefinition, { start: Position; members: SymbolDefinition[]; symbol: DocumentSymbol }>();

function rootSymbol(doc: DocumentAnalysis, root: SymbolDefinition, children: ReadonlyMap<SymbolDefinition, SymbolDefinition[]>): DocumentSymbol {
  const start = doc.lineIndex.position(root.span.start);
  const kept = symbolOfRoot.get(root);
  const members: SymbolDefinition[] = [];
  const symbol = (definition: SymbolDefinition): DocumentSymbol => {
    members.push(definition);
    const made = toSymbol(doc, definition);
    const nested = children.get(definition);
    if (nested) made.children = nested.map(symbol);
    return made;
  };
  if (kept && kept.start.character === start.character && sameMembers(kept.members, root, children)) {
    if (kept.start.line === start.line) return kept.symbol;
    const moved = movedSymbol(kept.symbol, start.line - kept.start.line);
    symbolOfRoot.set(root, { ...kept, start, symbol: moved });
    return moved;
  }
  const made = symbol(root);
  if (members.every((member) => member.span.start >= root.span.start && member.span.end <= root.span.end)) symbolOfRoot.set(root, { start, members, symbol: made });
  return made;
}

/** Whether the definitions under `root` are `members`, in the same order. */
function sameMembers(members: readonly SymbolDefinition[], root: SymbolDefinition, children: ReadonlyMap<SymbolDefinition, SymbolDefinition[]>): boolean {
  let at = 0;
  const same = (definition: SymbolDefinition): boolean => members[at++] === definition && (children.get(definition) ?? []).every(same);
  return same(root) && at === members.length;
}

function movedSymbol(symbol: DocumentSymbol, lines: number): DocumentSymbol {
  const move = (range: Range): Range => ({ start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } });
  const moved: DocumentSymbol = { ...symbol, range: move(symbol.range), selectionRange: move(symbol.selectionRange) };
  if (symbol.children) moved.children = symbol.children.map((child) => movedSymbol(child, lines));
  return moved;
}

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
