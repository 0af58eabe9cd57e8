// Syntax nodes are their own spans (syntax/tree.ts), so a span a test reads may be a node
// with more fields than its offsets; tests compare the offsets alone.
import { offsetsOf, type Span } from '../../../server/src/syntax/tree';

export function offsets(span: Span): Span;
export function offsets(span: Span | undefined): Span | undefined;
export function offsets(span: Span | undefined): Span | undefined {
  return span && offsetsOf(span);
}
