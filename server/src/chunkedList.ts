// A list that an edit replaces a few items of, many times, keeping every version as it was: the
// top-level statements, and the comments, of a document's trees. It is held in chunks, and the list after an edit
// shares every chunk the edit left with the list before it, so making it copies one chunk and one
// reference per chunk, not every item. The versions stay values: what compares an earlier
// version's list with a later one (the answers that take an earlier version over) reads both.

/** Items to a chunk when a list is made from an array; chunks an edit makes hold half to all of it. */
const CHUNK = 256;

export class ChunkedList<T> implements Iterable<T> {
  readonly length: number;
  /** The index of each chunk's first item. */
  private readonly firsts: readonly number[];

  private constructor(private readonly chunks: readonly (readonly T[])[]) {
    const firsts: number[] = [];
    let count = 0;
    for (const chunk of chunks) {
      firsts.push(count);
      count += chunk.length;
    }
    this.firsts = firsts;
    this.length = count;
  }

  static of<T>(items: readonly T[]): ChunkedList<T> {
    return new ChunkedList(inChunks(items));
  }

  /** The item at `index`, undefined outside the list (as an array's). */
  at(index: number): T | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const chunk = this.chunkOf(index);
    return this.chunks[chunk]![index - this.firsts[chunk]!];
  }

  /** The items `[from, to)`, as an array (`to` defaults to the end). */
  slice(from: number, to = this.length): T[] {
    const items: T[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) items.push(this.at(i)!);
    return items;
  }

  /**
   * Each chunk's value, worked out once per chunk and kept in `values`: the lists that share a chunk
   * (a version and the next) share its value. In the order of the chunks.
   */
  chunkValues<V>(values: WeakMap<readonly T[], V>, valueOf: (chunk: readonly T[]) => V): V[] {
    return this.chunks.map((chunk) => {
      let value = values.get(chunk);
      if (value === undefined) values.set(chunk, (value = valueOf(chunk)));
      return value;
    });
  }

  *[Symbol.iterator](): Iterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /**
   * This list with its items `[from, to)` replaced by `items`. The chunks that held them are made
   * again, with a neighbour when what is left of them is under half a chunk, so chunks stay between
   * half a chunk and a whole one and an edit's cost does not grow with how many came before it.
   */
  replaced(from: number, to: number, items: readonly T[]): ChunkedList<T> {
    if (from === to && items.length === 0) return this;
    if (this.chunks.length === 0) return ChunkedList.of(items);
    let first = this.chunkOf(Math.min(from, this.length - 1));
    let last = to > from ? this.chunkOf(to - 1) : first;
    const held = first === last ? this.chunks[first]! : ([] as T[]).concat(...this.chunks.slice(first, last + 1));
    const start = this.firsts[first]!;
    let region = held.slice(0, from - start).concat(items, held.slice(to - start));
    if (region.length < CHUNK / 2 && last + 1 < this.chunks.length) region = region.concat(this.chunks[++last]!);
    else if (region.length < CHUNK / 2 && first > 0) region = this.chunks[--first]!.concat(region);
    return new ChunkedList(this.chunks.slice(0, first).concat(inChunks(region), this.chunks.slice(last + 1)));
  }

  /** The chunk holding `index` (a valid one): the last whose first item is at or before it. */
  private chunkOf(index: number): number {
    let low = 0;
    let high = this.firsts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.firsts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** `items` in chunks of equal length (within one), each at most `CHUNK`; none when it is empty. */
function inChunks<T>(items: readonly T[]): T[][] {
  const count = Math.ceil(items.length / CHUNK);
  const chunks: T[][] = [];
  for (let c = 0; c < count; c++) chunks.push(items.slice(Math.floor((items.length * c) / count), Math.floor((items.length * (c + 1)) / count)));
  return chunks;
}
