// Document symbols: the outline, hosts / switches / arrays with their interfaces, LAGs, ports,
// controllers, trunks, portals and volumes nested inside. Switch ports that are only mentioned in a link or
// LAG are left out: they have no block to show.
import type { DocumentSymbol, Position, Range } from 'vscode-languageserver-types';
import { containerIdOf, type SymbolDefinition, type SymbolKind } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';
import { frozen } from '../messageEncoder';
import { perVersion } from './perVersion';
import { SYMBOL_KINDS, kindLabel } from './symbolKinds';

/**
 * The kinds declared at the top level, whose ids name no container (`containerIdOf`). The
 * definitions table lists each of them followed by what is declared in its block, so the outline
 * is one walk over the table, a root at a time.
 */
const ROOT_KINDS: ReadonlySet<SymbolKind> = new Set(['host', 'switch', 'array', 'host-group']);

export const documentSymbols = perVersion((doc): DocumentSymbol[] => {
  const symbols: DocumentSymbol[] = [];
  let root: RootWalk | undefined;
  for (const definition of doc.modelResult.symbols.definitions.values()) {
    if (definition.implicit) continue;
    if (root && !ROOT_KINDS.has(definition.kind)) {
      root.add(definition);
      continue;
    }
    if (root) symbols.push(root.symbol(doc));
    root = new RootWalk(definition);
  }
  if (root) symbols.push(root.symbol(doc));
  return symbols;
});

/**
 * The symbol of each host, switch, array and host group, with what is declared in it, as placed
 * where its block started. The element stays the same object while the statement it is built
 * from is kept by a re-parse; when what is declared in it is also the same and all of it lies in
 * its block, its symbols only move with the block, so a keystroke works out those of the
 * elements it changed, and moves those of the blocks after a line it added or removed.
 */
interface KeptRoot {
  start: Position;
  /** The root and what is declared in it, in the table's order. */
  members: readonly SymbolDefinition[];
  symbol: DocumentSymbol;
}

const keptRoots = new WeakMap<SymbolDefinition, KeptRoot>();

/**
 * One root and the definitions after it in the table: compared with its kept members one by one,
 * and listed only from the first that differs.
 */
class RootWalk {
  private readonly kept: KeptRoot | undefined;
  /** How many of the kept members the table repeated so far. */
  private matched = 1;
  /** The members, once they differ from the kept ones. */
  private members: SymbolDefinition[] | undefined;

  constructor(private readonly root: SymbolDefinition) {
    this.kept = keptRoots.get(root);
    if (!this.kept) this.members = [root];
  }

  add(definition: SymbolDefinition): void {
    if (this.members) this.members.push(definition);
    else if (this.kept!.members[this.matched] === definition) this.matched++;
    else this.members = [...this.kept!.members.slice(0, this.matched), definition];
  }

  symbol(doc: DocumentAnalysis): DocumentSymbol {
    const { root, kept } = this;
    const start = doc.lineIndex.position(root.span.start);
    if (kept && !this.members && this.matched === kept.members.length && kept.start.character === start.character) {
      if (kept.start.line === start.line) return kept.symbol;
      const moved = frozen(movedSymbol(kept.symbol, start.line - kept.start.line));
      keptRoots.set(root, { ...kept, start, symbol: moved });
      return moved;
    }
    const members = this.members ?? kept!.members.slice(0, this.matched);
    const made = nestedSymbol(doc, members);
    if (members.every((member) => member.span.start >= root.span.start && member.span.end <= root.span.end)) keptRoots.set(root, { start, members, symbol: frozen(made) });
    return made;
  }
}

/** The symbol of `members[0]`, with the others nested in it as their ids say. */
function nestedSymbol(doc: DocumentAnalysis, members: readonly SymbolDefinition[]): DocumentSymbol {
  const byId = new Map<string, DocumentSymbol>();
  const rootSymbol = toSymbol(doc, members[0]);
  byId.set(members[0].id, rootSymbol);
  for (let i = 1; i < members.length; i++) {
    const member = members[i];
    const made = toSymbol(doc, member);
    const containerId = containerIdOf(member);
    const parent = (containerId !== undefined && byId.get(containerId)) || rootSymbol;
    (parent.children ??= []).push(made);
    byId.set(member.id, made);
  }
  return rootSymbol;
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
