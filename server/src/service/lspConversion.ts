// Converts the service's offsets and problems into LSP shapes. Spans are character offsets; LSP
// wants 0-based line/character positions, which the document's LineIndex computes.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { Problem, Severity } from '../problem';
import type { LineIndex } from '../syntax/lineIndex';
import type { Span } from '../syntax/tree';

export function toRange(lineIndex: LineIndex, span: Span): Range {
  return { start: lineIndex.position(span.start), end: lineIndex.position(span.end) };
}

/**
 * `range` with its positions from line `fromLine` on moved down by `lines` lines (up when
 * negative), at the same characters: itself when neither moves. Made frozen, as the answers'
 * items that hold a moved range are (messageEncoder.ts, `movedByLines`).
 */
export function movedRange(range: Range, lines: number, fromLine = 0): Range {
  const start = movedPosition(range.start, lines, fromLine);
  const end = movedPosition(range.end, lines, fromLine);
  return start === range.start && end === range.end ? range : Object.freeze({ start, end });
}

function movedPosition(position: Position, lines: number, fromLine: number): Position {
  return position.line < fromLine ? position : Object.freeze({ line: position.line + lines, character: position.character });
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function toSpan(lineIndex: LineIndex, range: Range): Span {
  return { start: lineIndex.offset(range.start), end: lineIndex.offset(range.end) };
}

/** Where the documentation of each diagnostic code lives, as absolute URIs. */
export interface DocLinks {
  /** The page of a code, or undefined when the code has none. */
  href(code: string): string | undefined;
}

/** Syntax (TOPO1xx), parser (TOPO2xx) and model (TOPO3xx) codes are documented in the language page. */
const languageCode = /^TOPO\d+$/;

/**
 * Doc links relative to a base URI: the extension's root folder, which ships `docs/`. Rule ids
 * link to `docs/rules/<id>.md` (or the rule's own `docsPath`), language codes to `docs/language.md`.
 */
export function docLinksFrom(baseUri: string, ruleDocsPath: (code: string) => string | undefined): DocLinks {
  const base = baseUri.endsWith('/') ? baseUri : `${baseUri}/`;
  return {
    href(code) {
      if (languageCode.test(code)) return `${base}docs/language.md`;
      const docsPath = ruleDocsPath(code);
      return docsPath === undefined ? undefined : base + docsPath.replace(/^\/+/, '');
    },
  };
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(problem: Problem, lineIndex: LineIndex, uri: string, links: DocLinks): Diagnostic {
  return diagnosticAt(problem, (span) => ({ uri, range: toRange(lineIndex, span) }), links);
}

/** A problem as a diagnostic, each of its spans where `locate` says it is written (a design's related locations may lie in other files). */
export function diagnosticAt(problem: Problem, locate: (span: Span) => Location, links: DocLinks): Diagnostic {
  const diagnostic: Diagnostic = {
    range: locate(problem.span).range,
    severity: severities[problem.severity],
    code: problem.code,
    source: 'topo',
    message: problem.message,
  };
  const href = links.href(problem.code);
  if (href !== undefined) diagnostic.codeDescription = { href };
  if (problem.related?.length) {
    diagnostic.relatedInformation = problem.related.map((related): DiagnosticRelatedInformation => ({ location: locate(related.span), message: related.message }));
  }
  if (problem.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  if (problem.data) diagnostic.data = problem.data;
  return diagnostic;
}
