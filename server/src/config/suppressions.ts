// Suppression comments: a small, ESLint-like set, written as `#` comments in the .topo file.
//
//   # topo-disable-next-line single-switch, spof     the diagnostics that start on the next line
//   host lab01 { ... }  # topo-disable-line single-path   the diagnostics that start on this line
//   # topo-disable failover-only-policy               the whole file, wherever the comment is
//
// Rule ids are separated by commas; with no id the comment covers every rule. Text after ` -- `
// is a free reason (`# topo-disable-next-line single-switch -- lab, one switch on purpose`).
// A rule id no rule has is reported (`unknown-rule`, warning, on the id). A suppression that
// covers nothing is reported as `unused-suppression` (info, shown faded), except for rules that
// are switched off in the settings: there the comment may matter to someone with other settings.
import { firstIndex } from '../firstIndex';
import { withoutSorted, type Problem } from '../problem';
import type { ChunkedList } from '../chunkedList';
import type { LineIndex } from '../syntax/lineIndex';
import { spanWithin, type Comment, type Span } from '../syntax/tree';
import { CONFIG_CODES } from './codes';
import { didYouMean } from './suggest';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable';

export interface Directive {
  kind: DirectiveKind;
  /** The rules it names, each with the span of its id; empty means every rule. */
  rules: { id: string; span: Span }[];
  /** The whole comment. */
  span: Span;
  /** 0-based line whose diagnostics it covers; absent for `disable` (the whole file). */
  line?: number;
  /** For `disable` in a design of several files: the file's part of the text, which it covers. */
  file?: Span;
}

export interface Suppressions {
  directives: Directive[];
  /** Unknown rule ids in the comments. */
  problems: Problem[];
  /** Positions in the document the comments came from. */
  lines: LineIndex;
}

const DIRECTIVE = /^#?\s*topo-(disable-next-line|disable-line|disable)(?=\s|$)/;

/** A suppression comment as its text reads: a version adds the line and the file it covers. */
interface ReadDirective {
  kind: DirectiveKind;
  rules: { id: string; span: Span }[];
  span: Span;
}

/** What a comment says: its directive, if it is one that suppresses, and the unknown rule ids it names. */
interface ReadComment {
  directive?: ReadDirective;
  problems: Problem[];
}

/** What the comments of one chunk say. */
interface ReadChunk {
  directives: ReadDirective[];
  problems: Problem[];
}

/** The readings of comments, and of chunks of them, per list of known rule ids. */
interface Readings {
  chunks: WeakMap<readonly Comment[], ReadChunk>;
  comments: WeakMap<Comment, ReadComment>;
}

/**
 * A re-parse shares the chunks of comments an edit left and keeps the comments themselves
 * (syntax/reparse.ts), so a keystroke reads the comments of one chunk, from what each comment said
 * unless it is new: the problems read are the same objects from one version to the next (their
 * spans move with the comments), and their diagnostics are kept.
 */
const readingsByRuleIds = new WeakMap<readonly string[], Readings>();

/** Reads the suppression comments of a document: the parser's comments, and the lines of the text. */
export function parseSuppressions(
  comments: ChunkedList<Comment>,
  knownRuleIds: readonly string[],
  lines: LineIndex,
  /** The file an offset lies in, for a design of several files (a `disable` covers its own file). */
  fileOf?: (offset: number) => Span,
): Suppressions {
  let readings = readingsByRuleIds.get(knownRuleIds);
  if (!readings) readingsByRuleIds.set(knownRuleIds, (readings = { chunks: new WeakMap(), comments: new WeakMap() }));
  const { comments: readComments } = readings;
  const readChunk = (chunk: readonly Comment[]): ReadChunk => {
    const read: ReadChunk = { directives: [], problems: [] };
    for (const comment of chunk) {
      let said = readComments.get(comment);
      if (!said) readComments.set(comment, (said = readComment(comment, knownRuleIds)));
      if (said.directive) read.directives.push(said.directive);
      for (const problem of said.problems) read.problems.push(problem);
    }
    return read;
  };
  const directives: Directive[] = [];
  const problems: Problem[] = [];
  for (const chunk of comments.chunkValues(readings.chunks, readChunk)) {
    for (const { kind, rules, span } of chunk.directives) {
      const commentLine = lines.position(span.start).line;
      directives.push({
        kind,
        rules,
        span,
        line: kind === 'disable' ? undefined : kind === 'disable-next-line' ? commentLine + 1 : commentLine,
        ...(kind === 'disable' && fileOf ? { file: fileOf(span.start) } : {}),
      });
    }
    for (const problem of chunk.problems) problems.push(problem);
  }
  return { directives, problems, lines };
}

function readComment(comment: Comment, knownRuleIds: readonly string[]): ReadComment {
  const source = comment.text;
  const match = DIRECTIVE.exec(source);
  if (!match) return { problems: [] };
  const kind = match[1] as DirectiveKind;
  const reasonAt = source.indexOf(' --', match[0].length);
  const listEnd = reasonAt === -1 ? source.length : reasonAt;
  const rules: ReadDirective['rules'] = [];
  const problems: Problem[] = [];
  const idPattern = /[^\s,]+/g;
  idPattern.lastIndex = match[0].length;
  for (let id = idPattern.exec(source); id && id.index < listEnd; id = idPattern.exec(source)) {
    const start = comment.span.start + id.index;
    const span = spanWithin(comment.span, start, start + id[0].length);
    if (knownRuleIds.includes(id[0])) rules.push({ id: id[0], span });
    else
      problems.push({
        code: CONFIG_CODES.unknownRule,
        severity: 'warning',
        message: `unknown rule '${id[0]}' in suppression comment${didYouMean(id[0], knownRuleIds)}`,
        span,
      });
  }
  // A comment naming only unknown ids suppresses nothing rather than everything.
  if (rules.length === 0 && problems.length > 0) return { problems };
  return { directive: { kind, rules, span: comment.span }, problems };
}

/**
 * Splits rule problems, sorted by position, into those that stay and those suppressed by a comment,
 * and reports the suppressions that covered nothing. `activeRuleIds` are the rules that ran (not
 * switched off). A directive of a line looks only at the problems on it, found by halving.
 */
export function applySuppressions(
  problems: readonly Problem[],
  suppressions: Suppressions,
  activeRuleIds: ReadonlySet<string>,
): { kept: readonly Problem[]; suppressed: Problem[]; unused: Problem[] } {
  const used = new Set<string>();
  const suppressed = new Set<Problem>();
  suppressions.directives.forEach((directive, index) => {
    for (const problem of inReach(problems, suppressions.lines, directive)) {
      if (directive.rules.length === 0) {
        used.add(`${index}`);
        suppressed.add(problem);
        continue;
      }
      directive.rules.forEach((rule, ruleIndex) => {
        if (rule.id !== problem.code) return;
        used.add(`${index}:${ruleIndex}`);
        suppressed.add(problem);
      });
    }
  });

  const unused: Problem[] = [];
  suppressions.directives.forEach((directive, index) => {
    if (directive.rules.length === 0) {
      if (!used.has(`${index}`)) unused.push(unusedProblem('this suppression comment covers no problem', directive.span));
      return;
    }
    directive.rules.forEach((rule, ruleIndex) => {
      if (used.has(`${index}:${ruleIndex}`) || !activeRuleIds.has(rule.id)) return;
      unused.push(unusedProblem(`'${rule.id}' is suppressed here but reports no problem ${scope(directive)}`, rule.span));
    });
  });
  const kept = suppressed.size === 0 ? problems : withoutSorted(problems, suppressed, byStart);
  return { kept, suppressed: [...suppressed].sort(byStart), unused };
}

/** The problems a directive can cover: those on its line, or in its file, or every one. */
function inReach(problems: readonly Problem[], lines: LineIndex, directive: Directive): readonly Problem[] {
  if (directive.line !== undefined) {
    if (directive.line >= lines.lineCount) return [];
    const nextLine = directive.line + 1 < lines.lineCount ? lines.offset({ line: directive.line + 1, character: 0 }) : Infinity;
    return startingIn(problems, lines.offset({ line: directive.line, character: 0 }), nextLine);
  }
  return directive.file ? startingIn(problems, directive.file.start, directive.file.end + 1) : problems;
}

/** The problems that start in `[start, end)`. */
function startingIn(problems: readonly Problem[], start: number, end: number): readonly Problem[] {
  return problems.slice(firstIndex(problems, (problem) => problem.span.start >= start), firstIndex(problems, (problem) => problem.span.start >= end));
}

function byStart(a: Problem, b: Problem): number {
  return a.span.start - b.span.start;
}

function scope(directive: Directive): string {
  if (directive.kind === 'disable') return 'in this file';
  return directive.kind === 'disable-next-line' ? 'on the next line' : 'on this line';
}

/**
 * The unused-suppression problems made, by the span they are on: the comment's, read once per chunk
 * of comments (`parseSuppressions`), so the next version finds the same problem, and its diagnostic
 * is kept, while the suppression stays unused.
 */
const unusedOn = new WeakMap<Span, Problem>();

function unusedProblem(message: string, span: Span): Problem {
  const kept = unusedOn.get(span);
  if (kept?.message === message) return kept;
  const problem: Problem = { code: CONFIG_CODES.unusedSuppression, severity: 'info', message, span, unnecessary: true };
  unusedOn.set(span, problem);
  return problem;
}
