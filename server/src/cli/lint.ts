// Checks design files with the language service and turns its problems into located messages
// (1-based lines and columns, as terminals, ESLint and SARIF count them).
import type { Problem, Severity } from '../problem';
import { DesignFiles } from '../service/designFiles';
import { analyzeDesign, analyzeDocument } from '../service/languageService';
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
  /** Related locations; `file` (absolute) when one lies in another file of the design. */
  related: Array<Region & { message: string; file?: string }>;
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

/**
 * Checks a design of several files as one (names resolve across them) and gives the messages of
 * the files in `reported`, each in the file it lies in.
 */
export function lintDesign(files: readonly { name: string; text: string }[], settings: Settings, reported: ReadonlySet<string>): FileResult[] {
  const design = new DesignFiles(files);
  return fileResults(design, analyzeDesign(design, settings).problems, reported);
}

/** Problems found in a design's text as the messages of the files in `reported`, each in the file it lies in. */
export function fileResults(design: DesignFiles, problems: readonly Problem[], reported: ReadonlySet<string>): FileResult[] {
  const results = new Map(design.files.filter(({ name }) => reported.has(name)).map(({ name }): [string, FileResult] => [name, { file: name, messages: [] }]));
  for (const problem of problems) {
    const at = design.range(problem.span);
    results.get(at.file.name)?.messages.push({
      code: problem.code,
      severity: problem.severity,
      message: problem.message,
      fatal: isSyntaxCode(problem.code),
      ...regionOf(at),
      related: (problem.related ?? []).map((related) => {
        const where = design.range(related.span);
        return { message: related.message, ...regionOf(where), ...(where.file === at.file ? {} : { file: where.file.name }) };
      }),
    });
  }
  return [...results.values()];
}

function regionOf(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Region {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
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
