// Document symbols: the outline, hosts / switches / arrays with their interfaces, LAGs, ports,
// controllers, trunks, portals and volumes nested inside. Switch ports that are only mentioned in a link or
// LAG are left out: they have no block to show.
import type { DocumentSymbol, Position } from 'vscode-languageserver-types';
import { containerIdOf, type SymbolDefinition, type SymbolKind } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { movedRange, toRange } from '../service/lspConversion';
import { frozen, movedByLines } from '../messageEncoder';
import { recordedNames } from '../model/build';
import { GRAMMAR } from '../model/grammar';
import { firstIndex } from '../firstIndex';
import { keptEnds, perVersionAfterEdit, type AnsweredBefore } from './perVersion';
import { SYMBOL_KINDS, kindLabel } from './symbolKinds';

/**
 * The kinds declared at the top level, whose ids name no container (`containerIdOf`). The
 * definitions table lists each of them followed by what is declared in its block, so the outline
 * is one walk over the table, a root at a time.
 */
const ROOT_KINDS: ReadonlySet<SymbolKind> = new Set(['host', 'switch', 'array', 'host-group']);

/**
 * A version's outline: its roots, in the table's order (that of their blocks), and their symbols.
 * `inBlocks` says whether what each root lists lies in its block, so that an edit elsewhere
 * leaves its symbol as it was, or moves it with the lines.
 */
interface KeptOutline {
  namesRevision: number;
  roots: readonly SymbolDefinition[];
  symbols: readonly DocumentSymbol[];
  inBlocks: boolean;
}

export const documentSymbols = perVersionAfterEdit((doc: DocumentAnalysis, before: AnsweredBefore<KeptOutline> | undefined) => {
  const state = (before && outlineAfterEdit(doc, before)) ?? wholeOutline(doc);
  return { answer: state.symbols as DocumentSymbol[], state };
});

function wholeOutline(doc: DocumentAnalysis): KeptOutline {
  const roots: SymbolDefinition[] = [];
  const symbols: DocumentSymbol[] = [];
  let inBlocks = true;
  let root: RootWalk | undefined;
  const end = (walk: RootWalk) => {
    const placed = walk.symbol(doc);
    roots.push(walk.root);
    symbols.push(placed.symbol);
    inBlocks &&= placed.inBlock;
  };
  for (const definition of doc.modelResult.symbols.definitionsInOrder) {
    if (definition.implicit) continue;
    if (root && !ROOT_KINDS.has(definition.kind)) {
      root.add(definition);
      continue;
    }
    if (root) end(root);
    root = new RootWalk(definition);
  }
  if (root) end(root);
  return { namesRevision: doc.modelResult.namesRevision, roots, symbols, inBlocks };
}

/**
 * The outline of a version from the one before, while every statement both versions hold names
 * what it named (the same `namesRevision`, so the same roots with the same members): the roots
 * the edit left keep their symbols (moved, after it), and the statements between are host blocks
 * whose members the model recorded. Undefined otherwise, for the walk over the whole table.
 */
function outlineAfterEdit(doc: DocumentAnalysis, before: AnsweredBefore<KeptOutline>): KeptOutline | undefined {
  const { state, lineShift } = before;
  const { modelResult } = doc;
  if (state.namesRevision !== modelResult.namesRevision || !state.inBlocks) return undefined;
  const { definitions } = modelResult.symbols;
  const { head, tail } = keptEnds(state.roots, Infinity, before, (i) => definitions.get(state.roots[i]!.id) === state.roots[i], (root) => doc.lineIndex.position(root.span.start).line);
  const roots = state.roots.slice(0, head);
  const symbols = state.symbols.slice(0, head);
  const tailStart = state.roots.length - tail;
  const from = head > 0 ? state.roots[head - 1]!.span.end : 0;
  const to = tail > 0 ? state.roots[tailStart]!.span.start : Infinity;
  const { items } = doc.parse.tree;
  for (let at = firstIndex(items, (item) => item.span.start >= from); at < items.length && items[at]!.span.start < to; at++) {
    const item = items[at]!;
    if (item.kind !== 'block') continue;
    const recorded = item.keywordText === GRAMMAR.host.keyword ? recordedNames(modelResult, item) : undefined;
    if (!recorded) return undefined;
    const members = recorded.definitions.filter((definition) => !definition.implicit && definitions.get(definition.id) === definition);
    if (members.length === 0) continue;
    const root = members[0]!;
    if (root.span !== item.span) return undefined;
    const placed = placedRoot(doc, root, members);
    if (!placed.inBlock) return undefined;
    roots.push(root);
    symbols.push(placed.symbol);
  }
  for (let i = tailStart; i < state.roots.length; i++) {
    roots.push(state.roots[i]!);
    symbols.push(lineShift === 0 ? state.symbols[i]! : movedRoot(state.roots[i]!, state.symbols[i]!, lineShift));
  }
  return { namesRevision: modelResult.namesRevision, roots, symbols, inBlocks: true };
}

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

  constructor(readonly root: SymbolDefinition) {
    this.kept = keptRoots.get(root);
    if (!this.kept) this.members = [root];
  }

  add(definition: SymbolDefinition): void {
    if (this.members) this.members.push(definition);
    else if (this.kept!.members[this.matched] === definition) this.matched++;
    else this.members = [...this.kept!.members.slice(0, this.matched), definition];
  }

  symbol(doc: DocumentAnalysis): { symbol: DocumentSymbol; inBlock: boolean } {
    const { kept } = this;
    if (kept && !this.members && this.matched === kept.members.length) return placedRoot(doc, this.root, kept.members);
    return placedRoot(doc, this.root, this.members ?? kept!.members.slice(0, this.matched));
  }
}

/** The symbol of `root` with `members` (itself first) nested in it, the kept one while they are those it was made of. */
function placedRoot(doc: DocumentAnalysis, root: SymbolDefinition, members: readonly SymbolDefinition[]): { symbol: DocumentSymbol; inBlock: boolean } {
  const kept = keptRoots.get(root);
  const start = doc.lineIndex.position(root.span.start);
  if (kept && (kept.members === members || sameMembers(kept.members, members)) && kept.start.character === start.character) {
    if (kept.start.line === start.line) return { symbol: kept.symbol, inBlock: true };
    const lines = start.line - kept.start.line;
    const moved = movedByLines(kept.symbol, lines, movedSymbol(kept.symbol, lines));
    keptRoots.set(root, { ...kept, start, symbol: moved });
    return { symbol: moved, inBlock: true };
  }
  const made = nestedSymbol(doc, members);
  const inBlock = members.every((member) => member.span.start >= root.span.start && member.span.end <= root.span.end);
  if (inBlock) keptRoots.set(root, { start, members, symbol: frozen(made) });
  return { symbol: made, inBlock };
}

/** The symbol of `root` moved by `lines`, kept for it in place of `symbol`, so that one copy of each root's symbol is kept. */
function movedRoot(root: SymbolDefinition, symbol: DocumentSymbol, lines: number): DocumentSymbol {
  const moved = movedByLines(symbol, lines, movedSymbol(symbol, lines));
  const kept = keptRoots.get(root);
  if (kept?.symbol === symbol) keptRoots.set(root, { ...kept, start: { line: kept.start.line + lines, character: kept.start.character }, symbol: moved });
  return moved;
}

function sameMembers(a: readonly SymbolDefinition[], b: readonly SymbolDefinition[]): boolean {
  return a.length === b.length && a.every((member, i) => member === b[i]);
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

/**
 * `symbol` moved down by `lines` (up when negative): new ranges, the same names, as `toSymbol`
 * makes them; made frozen, parts first, as `movedByLines` keeps it.
 */
function movedSymbol(symbol: DocumentSymbol, lines: number): DocumentSymbol {
  const moved: DocumentSymbol = { name: symbol.name, detail: symbol.detail, kind: symbol.kind, range: movedRange(symbol.range, lines), selectionRange: movedRange(symbol.selectionRange, lines) };
  const { children } = symbol;
  if (children) {
    const movedChildren = new Array<DocumentSymbol>(children.length);
    for (let i = 0; i < children.length; i++) movedChildren[i] = movedSymbol(children[i]!, lines);
    moved.children = Object.freeze(movedChildren) as DocumentSymbol[];
  }
  return Object.freeze(moved);
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
