// A problem found in a document, by any stage: lexer, parser, model builder or a rule.
// Stages report problems with spans (character offsets); the language service turns them into
// LSP diagnostics and the CLI into lines and columns.
import type { Span } from './syntax/tree';

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  span: Span;
  message: string;
}

export interface Problem {
  /** Stable code: TOPO1xx lexer, TOPO2xx parser, TOPO3xx model, or a rule id such as `single-switch`. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedLocation[];
  /** The element is unused or redundant (shown faded by editors). */
  unnecessary?: boolean;
  /** Facts a quick fix needs (ids of the team, host, switch involved), passed through untouched. */
  data?: Record<string, string>;
}
