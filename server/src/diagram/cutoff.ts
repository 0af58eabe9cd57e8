// Early cutoff for the diagram: whether an edit changed nothing the diagram is made of, so that
// the previous diagram, its spans moved, is the new one and nothing is built. The diagram is a
// function of the model, its analysis (itself a function of the model and the settings) and the
// problems; the model is a function of the significant tokens (kind, text, and the layout the
// parser reads: which start a line, and their columns when it recovers from errors) and of
// where they are. So when the edited lines hold the same tokens, laid out alike, the settings
// are equal and the problems are the same ones moved, the diagram is the same one moved: a
// whitespace or comment edit never builds, lays out or draws anything.
import type { Problem } from '../problem';
import { scan } from '../syntax/lexer';
import { changedRange } from '../syntax/reparse';
import { moveSpan, moveSpanBy, type SpanShift } from './patch';

/** Where two texts differ: `[start, beforeEnd)` of `before` became `[start, afterEnd)` of `after`. */
export interface TextEdit {
  start: number;
  beforeEnd: number;
  afterEnd: number;
}

/** The one edit that turns `before` into `after` (their common prefix and suffix left out); undefined when equal. */
export function textEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  // The re-parse's comparison, which compares blocks of text before characters.
  const { prefix, changeEnd } = changedRange(before, after);
  return { start: prefix, beforeEnd: changeEnd, afterEnd: changeEnd + after.length - before.length };
}

/** How the spans after an edit move. */
export function shiftOf(edit: TextEdit | undefined): SpanShift | undefined {
  if (edit === undefined || edit.afterEnd === edit.beforeEnd) return undefined;
  return { at: edit.beforeEnd, by: edit.afterEnd - edit.beforeEnd };
}

const isLineEnd = (code: number) => code === 0x0a || code === 0x0d;

function lineStart(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && !isLineEnd(text.charCodeAt(at - 1))) at--;
  return at;
}

function lineEnd(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && !isLineEnd(text.charCodeAt(at))) at++;
  return at;
}

/**
 * Whether the lines an edit touched hold the same significant tokens in both texts, laid out
 * alike for the parser. Strings and comments end at the end of their line, so lexing from a line
 * start reads each version as the whole-text lexer did.
 */
export function sameTokens(before: string, after: string, edit: TextEdit, compareColumns: boolean): boolean {
  const shift = shiftOf(edit);
  const from = lineStart(before, edit.start);
  const old = scan(before, from, lineEnd(before, edit.beforeEnd));
  const now = scan(after, from, lineEnd(after, edit.afterEnd));
  if (old.kinds.length !== now.kinds.length) return false;
  for (let i = 0; i < old.kinds.length; i++) {
    if (old.kinds[i] !== now.kinds[i]) return false;
    // Every token moves as the shift moves spans, so the spans the model made of them do too.
    const span = moveSpan({ start: old.starts[i]!, end: old.ends[i]! }, shift);
    if (span.start !== now.starts[i] || span.end !== now.ends[i]) return false;
    if (before.slice(old.starts[i], old.ends[i]) !== after.slice(now.starts[i], now.ends[i])) return false;
    if (i > 0 && (old.lines[i] === old.lines[i - 1]) !== (now.lines[i] === now.lines[i - 1])) return false;
    if (compareColumns && old.columns[i] !== now.columns[i]) return false;
  }
  return true;
}

/** What the diagram shows of a problem, copied out: a problem's span may be a syntax node's, which a re-parse moves in place. */
export interface ProblemMark {
  code: string;
  severity: Problem['severity'];
  message: string;
  span: { start: number; end: number };
}

/**
 * The problems a diagram was built with: `marks`, their spans moved by `shifts` (oldest first), so
 * that an edit that only moved them takes the earlier marks over instead of copying every problem.
 */
export interface ProblemMarks {
  readonly marks: readonly ProblemMark[];
  readonly shifts: readonly SpanShift[];
}

/** Shifts taken over before the marks are copied again: each costs every comparison a step per problem. */
const MAX_MARK_SHIFTS = 8;

export function problemMarks(problems: readonly Problem[]): ProblemMarks {
  const marks = problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, span: { start: p.span.start, end: p.span.end } }));
  return { marks, shifts: [] };
}

/** The marks of `problems`, which are those of `before` moved by `shift` (sameProblems said so). */
export function movedMarks(before: ProblemMarks, shift: SpanShift | undefined, problems: readonly Problem[]): ProblemMarks {
  if (shift === undefined) return before;
  return before.shifts.length < MAX_MARK_SHIFTS ? { marks: before.marks, shifts: [...before.shifts, shift] } : problemMarks(problems);
}

/** Whether `after` are the problems of `before` (code, severity, message), moved by `shift`. */
export function sameProblems(before: ProblemMarks, after: readonly Problem[], shift: SpanShift | undefined): boolean {
  if (before.marks.length !== after.length) return false;
  const shifts = shift === undefined ? before.shifts : [...before.shifts, shift];
  for (let i = 0; i < after.length; i++) {
    const a = before.marks[i]!;
    const b = after[i]!;
    if (a.code !== b.code || a.severity !== b.severity || a.message !== b.message) return false;
    const span = moveSpanBy(a.span, shifts);
    if (span.start !== b.span.start || span.end !== b.span.end) return false;
  }
  return true;
}
