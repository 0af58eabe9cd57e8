// A read-only map whose lookups are answered by a function and whose entries are listed only when
// someone iterates it: the analysis's design-wide tables are views over each host's part, so an
// edit that changed one host does not rebuild a table of every path or component.
export class MapView<K, V> implements ReadonlyMap<K, V> {
  private listed: Map<K, V> | undefined;

  constructor(
    private readonly lookup: (key: K) => V | undefined,
    /** Every entry, in the order iteration gives them; only called when the map is iterated or sized. */
    private readonly list: () => Iterable<[K, V]>,
  ) {}

  get(key: K): V | undefined {
    return this.lookup(key);
  }

  has(key: K): boolean {
    return this.lookup(key) !== undefined;
  }

  get size(): number {
    return this.all().size;
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.all()) callback(value, key, this);
  }

  entries(): MapIterator<[K, V]> {
    return this.all().entries();
  }

  keys(): MapIterator<K> {
    return this.all().keys();
  }

  values(): MapIterator<V> {
    return this.all().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.all().entries();
  }

  private all(): Map<K, V> {
    this.listed ??= new Map(this.list());
    return this.listed;
  }
}
