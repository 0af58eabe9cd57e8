// V8 gives an array grown by `push` room for 17 elements at its first push. Most arrays a model or
// an analysis keeps are short (a NIC's addresses, a path's hops) and live as long as the document
// is open; kept that way, their spare room is megabytes on a 5,000-host design. A copy has its
// exact length.

/**
 * `items` at their exact length: for an array built by `push` that outlives its builder. An empty
 * one is returned as it is: never pushed to, it has no room to give back.
 */
export function trimmed<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}

/**
 * Trims the lists of a map built by `push` to their exact length, in place. A list of one is still
 * the literal it started as, exactly its length.
 */
export function trimLists<T>(lists: Map<string, T[]>): void {
  for (const [key, list] of lists) if (list.length > 1) lists.set(key, trimmed(list));
}
