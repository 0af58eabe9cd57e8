// A node's span holds its offsets relative to its statement (syntax/tree.ts); tests compare what
// it says, the offsets, as an answer sent out would carry them.
import { NodeSpan } from '../../server/src/syntax/tree';

/** `value` with every node's span replaced by a plain span of its offsets. */
export function withOffsets<T>(value: T): T {
  if (value instanceof NodeSpan) return { start: value.start, end: value.end } as T;
  if (Array.isArray(value)) return value.map(withOffsets) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withOffsets(field)])) as T;
  }
  return value;
}
