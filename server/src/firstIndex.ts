/** A list read by index: an array, a typed array or a `ChunkedList`. */
export interface Indexed<E> {
  readonly length: number;
  at(index: number): E | undefined;
}

/**
 * The first index in `[from, to)` whose element satisfies `after` (false up to some index, true
 * from there on), else `to`: a binary search.
 */
export function firstIndex<E>(list: Indexed<E>, after: (element: E) => boolean, from = 0, to = list.length): number {
  let low = from;
  let high = to;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (after(list.at(mid)!)) high = mid;
    else low = mid + 1;
  }
  return low;
}
