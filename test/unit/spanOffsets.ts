// A node's span holds its offsets relative to its statement, and a statement its start within a
// run of statements (syntax/tree.ts): two trees with the same offsets may hold them differently,
// as an edited tree and a fresh parse do. Tests compare what a span says, its offsets, as an answer
// sent out would carry them.
import { ChunkedList } from '../../server/src/chunkedList';
import { NodeSpan } from '../../server/src/syntax/tree';

/**
 * `value` with every node's span replaced by a plain span of its offsets: arrays, Maps and Sets
 * are copied as such, a `ChunkedList` as the array of its items (its chunks are how it was edited), other objects as plain objects of their own fields (an object met twice is
 * copied once, so a graph keeps its shape).
 */
export function withOffsets<T>(value: T, copies = new Map<object, unknown>()): T {
  if (value instanceof NodeSpan) return { start: value.start, end: value.end } as T;
  if (value instanceof ChunkedList) return withOffsets([...value] as T, copies);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(withOffsets(item, copies));
    return copy as T;
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    copies.set(value, copy);
    for (const [key, item] of value) copy.set(withOffsets(key, copies), withOffsets(item, copies));
    return copy as T;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    copies.set(value, copy);
    for (const item of value) copy.add(withOffsets(item, copies));
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  for (const [key, field] of Object.entries(value)) copy[key] = withOffsets(field, copies);
  return copy as T;
}
