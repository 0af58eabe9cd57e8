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
import type { Problem } from '../problem';
import { LineIndex } from '../syntax/lineIndex';
import type { Comment, Span } from '../syntax/tree';
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

/** Reads the suppression comments of a document. `comments` are the parser's, spans into `text`. */
export function parseSuppressions(
  text: string,
  comments: readonly Comment[],
  knownRuleIds: readonly string[],
  lines: LineIndex = new LineIndex(text),
  /** The file an offset lies in, for a design of several files (a `disable` covers its own file). */
  fileOf?: (offset: number) => Span,
): Suppressions {
  const directives: Directive[] = [];
  const problems: Problem[] = [];
  for (const comment of comments) {
    const source = text.slice(comment.span.start, comment.span.end);
    const match = DIRECTIVE.exec(source);
    if (!match) continue;
    const kind = match[1] as DirectiveKind;
    const reasonAt = source.indexOf(' --', match[0].length);
    const listEnd = reasonAt === -1 ? source.length : reasonAt;
    const rules: Directive['rules'] = [];
    const idPattern = /[^\s,]+/g;
    idPattern.lastIndex = match[0].length;
    for (let id = idPattern.exec(source); id && id.index < listEnd; id = idPattern.exec(source)) {
      const span = { start: comment.span.start + id.index, end: comment.span.start + id.index + id[0].length };
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
    if (rules.length === 0 && problems.some((problem) => within(problem.span, comment.span))) continue;
    const commentLine = lines.position(comment.span.start).line;
    directives.push({
      kind,
      rules,
      span: comment.span,
      line: kind === 'disable' ? undefined : kind === 'disable-next-line' ? commentLine + 1 : commentLine,
      ...(kind === 'disable' && fileOf ? { file: fileOf(comment.span.start) } : {}),
    });
  }
  return { directives, problems, lines };
}

/**
 * Splits rule problems into those that stay and those suppressed by a comment, and reports the
 * suppressions that covered nothing. `activeRuleIds` are the rules that ran (not switched off).
 */
export function applySuppressions(
  problems: readonly Problem[],
  suppressions: Suppressions,
  activeRuleIds: ReadonlySet<string>,
): { kept: Problem[]; suppressed: Problem[]; unused: Problem[] } {
  const used = new Set<string>();
  const kept: Problem[] = [];
  const suppressed: Problem[] = [];
  for (const problem of problems) {
    const line = suppressions.lines.position(problem.span.start).line;
    let covered = false;
    suppressions.directives.forEach((directive, index) => {
      if (directive.line !== undefined && directive.line !== line) return;
      if (directive.file && (problem.span.start < directive.file.start || problem.span.start > directive.file.end)) return;
      if (directive.rules.length === 0) {
        used.add(`${index}`);
        covered = true;
        return;
      }
      directive.rules.forEach((rule, ruleIndex) => {
        if (rule.id !== problem.code) return;
        used.add(`${index}:${ruleIndex}`);
        covered = true;
      });
    });
    (covered ? suppressed : kept).push(problem);
  }

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
  return { kept, suppressed, unused };
}

function scope(directive: Directive): string {
  if (directive.kind === 'disable') return 'in this file';
  return directive.kind === 'disable-next-line' ? 'on the next line' : 'on this line';
}

function unusedProblem(message: string, span: Span): Problem {
  return { code: CONFIG_CODES.unusedSuppression, severity: 'info', message, span, unnecessary: true };
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
