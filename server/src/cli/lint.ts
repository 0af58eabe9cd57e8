// Checks design files with the language service and turns its problems into located messages
// (1-based lines and columns, as terminals, ESLint and SARIF count them).
import type { Problem, Severity } from '../problem';
import { analyzeDocument } from '../service/languageService';
import type { LineIndex } from '../syntax/lineIndex';
import type { Span } from '../syntax/tree';
import type { Settings } from '../config/schema';

export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LintMessage extends Region {
  code: string;
  severity: Severity;
  message: string;
  /** A lexer or parser error (TOPO1xx, TOPO2xx): the file did not parse completely. */
  fatal: boolean;
  related: Array<Region & { message: string }>;
}

export interface FileResult {
  /** Absolute path. */
  file: string;
  messages: LintMessage[];
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  fatal: number;
}

export function lintText(file: string, text: string, settings: Settings): FileResult {
  const { lineIndex, problems } = analyzeDocument(text, settings);
  return { file, messages: problems.map((problem) => toMessage(problem, lineIndex)) };
}

export function isSyntaxCode(code: string): boolean {
  return /^TOPO[12]\d\d$/.test(code);
}

export function countMessages(messages: readonly LintMessage[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0, fatal: 0 };
  for (const message of messages) {
    if (message.severity === 'error') counts.errors++;
    else if (message.severity === 'warning') counts.warnings++;
    else counts.infos++;
    if (message.fatal) counts.fatal++;
  }
  return counts;
}

export function toMessage(problem: Problem, lines: LineIndex): LintMessage {
  return {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    fatal: isSyntaxCode(problem.code),
    ...region(problem.span, lines),
    related: (problem.related ?? []).map((related) => ({ message: related.message, ...region(related.span, lines) })),
  };
}

function region(span: Span, lines: LineIndex): Region {
  const start = lines.position(span.start);
  const end = lines.position(span.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
