// The outline's size limit (`storageTopology.outline.maxSymbols`), as VS Code's JSON language
// features cap theirs (`json.maxItemsComputed`): when a file's whole outline holds more symbols than
// the limit, it lists the top-level elements alone, without what is declared inside them. Those are
// always listed: the breadcrumbs and sticky scroll need each block. VS Code asks for the outline
// twice after every typing pause and reads each answer whole, 3.7 MB of JSON for 5,000 hosts.
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { frozen } from '../messageEncoder';

/**
 * An outline as the limit reads it: how many symbols it holds, nested ones included, and its two
 * forms, each made only when asked for (a document's outline makes the top-level one without
 * making the whole one, so that a limited outline that only moved costs its roots alone).
 */
export interface OutlineParts {
  symbolCount: number;
  whole(): readonly DocumentSymbol[];
  topLevel(): readonly DocumentSymbol[];
}

export interface BoundedOutline {
  /** The answer: the whole outline, or its top-level symbols without children. */
  symbols: readonly DocumentSymbol[];
  /** How many symbols the whole outline holds, nested ones included. */
  symbolCount: number;
  /** Whether the answer leaves out what the top-level symbols hold. */
  limited: boolean;
}

/** The bounded answer worked out last for each outline, so that the same outline asked again costs nothing. */
const bounded = new WeakMap<OutlineParts, { maxSymbols: number; outline: BoundedOutline }>();

/** `outline` within `maxSymbols`: whole when it holds no more, else its top-level symbols alone. */
export function outlineWithin(outline: OutlineParts, maxSymbols: number): BoundedOutline {
  const known = bounded.get(outline);
  if (known?.maxSymbols === maxSymbols) return known.outline;
  const { symbolCount } = outline;
  const limited = symbolCount > maxSymbols;
  const topLevel = limited ? outline.topLevel() : undefined;
  // A list of top-level symbols alone (the outline of a file too large to analyse) is whole at any limit.
  const result: BoundedOutline =
    topLevel && topLevel.length < symbolCount ? { symbols: topLevel, symbolCount, limited: true } : { symbols: outline.whole(), symbolCount, limited: false };
  bounded.set(outline, { maxSymbols, outline: result });
  return result;
}

/** The outline parts of a list of symbols (a file of a design of several, or one too large to analyse), one object per list. */
export function listOutline(symbols: readonly DocumentSymbol[]): OutlineParts {
  let parts = listParts.get(symbols);
  if (!parts) {
    let topLevel: readonly DocumentSymbol[] | undefined;
    parts = { symbolCount: countSymbols(symbols), whole: () => symbols, topLevel: () => (topLevel ??= symbols.map(withoutChildren)) };
    listParts.set(symbols, parts);
  }
  return parts;
}

const listParts = new WeakMap<readonly DocumentSymbol[], OutlineParts>();

function countSymbols(symbols: readonly DocumentSymbol[]): number {
  let count = symbols.length;
  for (const symbol of symbols) if (symbol.children) count += countSymbols(symbol.children);
  return count;
}

function withoutChildren(symbol: DocumentSymbol): DocumentSymbol {
  if (!symbol.children) return symbol;
  const { children: _children, ...copy } = symbol;
  return Object.isFrozen(symbol) ? frozen(copy) : copy;
}
