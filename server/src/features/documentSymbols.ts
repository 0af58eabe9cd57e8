// Document symbols: the outline, hosts / switches / arrays with their interfaces, LAGs, ports,
// controllers, trunks, portals and volumes nested inside. Switch ports that are only mentioned in a link or
// LAG are left out: they have no block to show.
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { containerIdOf, type SymbolDefinition, type SymbolKind } from '../model/symbols';
import type { DocumentAnalysis } from '../service/languageService';
import { movedRange, toRange } from '../service/lspConversion';
import { frozen, movedByLines } from '../messageEncoder';
import { recordedNames } from '../model/build';
import { GRAMMAR } from '../model/grammar';
import { firstIndex } from '../firstIndex';
import { keptEnds, perVersion, perVersionAfterEdit, type AnsweredBefore } from './perVersion';
import type { OutlineParts } from './outlineLimit';
import { SYMBOL_KINDS, kindLabel } from './symbolKinds';

/**
 * The kinds declared at the top level, whose ids name no container (`containerIdOf`). The
 * definitions table lists each of them followed by what is declared in its block, so the outline
 * is one walk over the table, a root at a time.
 */
const ROOT_KINDS: ReadonlySet<SymbolKind> = new Set(['host', 'switch', 'array', 'host-group']);

/**
 * One root of a version's outline: the definition, what is declared in it (itself first, in the
 * table's order), and where its block starts. Its symbols are made only when asked for, whole or
 * top-level alone (`OutlineParts`), so that an outline that only moved costs one number per root.
 */
interface PlacedRoot {
  root: SymbolDefinition;
  members: readonly SymbolDefinition[];
  line: number;
  character: number;
  /** Whether every member lies in the root's block, so that its symbols move with the block. */
  inBlock: boolean;
}

/** A version's outline: its roots, in the table's order (that of their blocks). */
interface KeptOutline {
  namesRevision: number;
  placed: readonly PlacedRoot[];
}

const keptOutline = perVersionAfterEdit((doc: DocumentAnalysis, before: AnsweredBefore<KeptOutline> | undefined) => {
  const state = (before && outlineAfterEdit(doc, before)) ?? wholeOutline(doc);
  return { answer: state, state };
});

/** The outline of a version, every symbol with what is declared in it. */
export const documentSymbols = perVersion((doc: DocumentAnalysis): DocumentSymbol[] => keptOutline(doc).placed.map((placed) => wholeSymbol(doc, placed)));

/** The outline of a version as `outlineWithin` reads it: the top-level symbols are made without the rest. */
export const documentOutline = perVersion(
  (doc: DocumentAnalysis): OutlineParts => {
    const { placed } = keptOutline(doc);
    let symbolCount = 0;
    for (const root of placed) symbolCount += root.members.length;
    let topLevel: DocumentSymbol[] | undefined;
    return { symbolCount, whole: () => documentSymbols(doc), topLevel: () => (topLevel ??= placed.map((root) => topLevelSymbol(doc, root))) };
  },
);

function wholeOutline(doc: DocumentAnalysis): KeptOutline {
  const placed: PlacedRoot[] = [];
  let root: RootWalk | undefined;
  const end = (walk: RootWalk) => placed.push(placedAt(doc, walk.root, walk.members()));
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
  return { namesRevision: doc.modelResult.namesRevision, placed };
}

/**
 * The outline of a version from the one before, while every statement both versions hold names
 * what it named (the same `namesRevision`, so the same roots with the same members) and all that
 * each root lists lies in its block (so that an edit elsewhere leaves it where it was, or moves it
 * with the lines): the roots the edit left keep their places (moved, after it), and the statements
 * between are host blocks whose members the model recorded. Undefined otherwise, for the walk over
 * the whole table.
 */
function outlineAfterEdit(doc: DocumentAnalysis, before: AnsweredBefore<KeptOutline>): KeptOutline | undefined {
  const { state, lineShift } = before;
  const { modelResult } = doc;
  if (state.namesRevision !== modelResult.namesRevision || !state.placed.every((root) => root.inBlock)) return undefined;
  const { definitions } = modelResult.symbols;
  const roots = state.placed.map((placedRoot) => placedRoot.root);
  const { head, tail } = keptEnds(roots, Infinity, before, (i) => definitions.get(roots[i]!.id) === roots[i], (root) => doc.lineIndex.position(root.span.start).line);
  const placed = state.placed.slice(0, head);
  const tailStart = roots.length - tail;
  const from = head > 0 ? roots[head - 1]!.span.end : 0;
  const to = tail > 0 ? roots[tailStart]!.span.start : Infinity;
  const { items } = doc.parse.tree;
  for (let at = firstIndex(items, (item) => item.span.start >= from); at < items.length && items.at(at)!.span.start < to; at++) {
    const item = items.at(at)!;
    if (item.kind !== 'block') continue;
    const recorded = item.keywordText === GRAMMAR.host.keyword ? recordedNames(modelResult, item) : undefined;
    if (!recorded) return undefined;
    const members = recorded.definitions.filter((definition) => !definition.implicit && definitions.get(definition.id) === definition);
    if (members.length === 0) continue;
    const root = members[0]!;
    if (root.span !== item.span) return undefined;
    const placedRoot = placedAt(doc, root, members);
    if (!placedRoot.inBlock) return undefined;
    placed.push(placedRoot);
  }
  for (let i = tailStart; i < roots.length; i++) {
    const kept = state.placed[i]!;
    placed.push(lineShift === 0 ? kept : { ...kept, line: kept.line + lineShift });
  }
  return { namesRevision: modelResult.namesRevision, placed };
}

/** `root` with `members` (itself first) as placed in this version: the members kept for it while they are the same. */
function placedAt(doc: DocumentAnalysis, root: SymbolDefinition, members: readonly SymbolDefinition[]): PlacedRoot {
  const { line, character } = doc.lineIndex.position(root.span.start);
  const kept = keptMembers.get(root);
  const same = kept !== undefined && (kept === members || sameMembers(kept, members));
  const placedMembers = same ? kept : members;
  if (!same) keptMembers.set(root, members);
  const inBlock = placedMembers.every((member) => member.span.start >= root.span.start && member.span.end <= root.span.end);
  return { root, members: placedMembers, line, character, inBlock };
}

/** The members last listed for each root, so that a root whose members are the same keeps one list of them, which its symbols are kept for. */
const keptMembers = new WeakMap<SymbolDefinition, readonly SymbolDefinition[]>();

/**
 * A root's symbols as last made, with where its block started then. The element stays the same
 * object while the statement it is built from is kept by a re-parse; when what is declared in it
 * is also the same and all of it lies in its block, its symbols only move with the block, so a
 * version works out those of the elements it changed, and moves those of the blocks after a line
 * it added or removed, when they are asked for.
 */
interface MadeSymbol {
  members: readonly SymbolDefinition[];
  line: number;
  character: number;
  symbol: DocumentSymbol;
}

const wholeSymbols = new WeakMap<SymbolDefinition, MadeSymbol>();
const topLevelSymbols = new WeakMap<SymbolDefinition, MadeSymbol>();

/** The symbol of a root with what is declared in it nested. */
function wholeSymbol(doc: DocumentAnalysis, placed: PlacedRoot): DocumentSymbol {
  return symbolOf(wholeSymbols, placed, () => nestedSymbol(doc, placed.members));
}

/** The symbol of a root alone, as the outline lists it over its limit. */
function topLevelSymbol(doc: DocumentAnalysis, placed: PlacedRoot): DocumentSymbol {
  return symbolOf(topLevelSymbols, placed, () => toSymbol(doc, placed.root));
}

/** The kept symbol of `placed`, moved to its line if it moved; else one `make`s, kept while its members lie in its block. */
function symbolOf(made: WeakMap<SymbolDefinition, MadeSymbol>, placed: PlacedRoot, make: () => DocumentSymbol): DocumentSymbol {
  const kept = made.get(placed.root);
  if (kept && kept.members === placed.members && kept.character === placed.character) {
    if (kept.line === placed.line) return kept.symbol;
    const lines = placed.line - kept.line;
    const moved = movedByLines(kept.symbol, lines, movedSymbol(kept.symbol, lines));
    made.set(placed.root, { ...kept, line: placed.line, symbol: moved });
    return moved;
  }
  const symbol = make();
  if (!placed.inBlock) return symbol;
  made.set(placed.root, { members: placed.members, line: placed.line, character: placed.character, symbol: frozen(symbol) });
  return symbol;
}

/**
 * One root and the definitions after it in the table: compared with its kept members one by one,
 * and listed only from the first that differs.
 */
class RootWalk {
  private readonly kept: readonly SymbolDefinition[] | undefined;
  /** How many of the kept members the table repeated so far. */
  private matched = 1;
  /** The members, once they differ from the kept ones. */
  private listed: SymbolDefinition[] | undefined;

  constructor(readonly root: SymbolDefinition) {
    this.kept = keptMembers.get(root);
    if (!this.kept) this.listed = [root];
  }

  add(definition: SymbolDefinition): void {
    if (this.listed) this.listed.push(definition);
    else if (this.kept![this.matched] === definition) this.matched++;
    else this.listed = [...this.kept!.slice(0, this.matched), definition];
  }

  members(): readonly SymbolDefinition[] {
    const { kept } = this;
    if (kept && !this.listed && this.matched === kept.length) return kept;
    return this.listed ?? kept!.slice(0, this.matched);
  }
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
