// The outline's size limit (`storageTopology.outline.maxSymbols`), as VS Code's JSON language
// features cap theirs (`json.maxItemsComputed`): when a file's whole outline holds more symbols than
// the limit, it lists the top-level elements alone, without what is declared inside them. Those are
// always listed: the breadcrumbs and sticky scroll need each block. VS Code asks for the outline
// twice after every typing pause and reads each answer whole, 3.7 MB of JSON for 5,000 hosts.
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { frozen } from '../messageEncoder';

export interface BoundedOutline {
  /** The answer: the whole outline, or its top-level symbols without children. */
  symbols: readonly DocumentSymbol[];
  /** How many symbols the whole outline holds, nested ones included. */
  symbolCount: number;
  /** Whether the answer leaves out what the top-level symbols hold. */
  limited: boolean;
}

/** The bounded answer worked out last for each outline list, so that the same list asked again costs nothing. */
const bounded = new WeakMap<readonly DocumentSymbol[], { maxSymbols: number; outline: BoundedOutline }>();

/**
 * A frozen top-level symbol without its children, one frozen object while the symbol is the same,
 * so that the encoder copies its text from answer to answer.
 */
const childless = new WeakMap<DocumentSymbol, DocumentSymbol>();

/** `outline` within `maxSymbols`: itself when it holds no more, else its top-level symbols alone. */
export function outlineWithin(outline: readonly DocumentSymbol[], maxSymbols: number): BoundedOutline {
  const known = bounded.get(outline);
  if (known?.maxSymbols === maxSymbols) return known.outline;
  const symbolCount = countSymbols(outline);
  // A list of top-level symbols alone (the outline of a file too large to analyse) is whole at any limit.
  const limited = symbolCount > maxSymbols && symbolCount > outline.length;
  const result: BoundedOutline = { symbols: limited ? outline.map(withoutChildren) : outline, symbolCount, limited };
  bounded.set(outline, { maxSymbols, outline: result });
  return result;
}

function countSymbols(symbols: readonly DocumentSymbol[]): number {
  let count = symbols.length;
  for (const symbol of symbols) if (symbol.children) count += countSymbols(symbol.children);
  return count;
}

function withoutChildren(symbol: DocumentSymbol): DocumentSymbol {
  if (!symbol.children) return symbol;
  const kept = childless.get(symbol);
  if (kept) return kept;
  const { children: _children, ...copy } = symbol;
  // A symbol that is not frozen may still change: its copy, which shares its ranges, is made anew each time.
  if (!Object.isFrozen(symbol)) return copy;
  childless.set(symbol, frozen(copy));
  return copy;
}
