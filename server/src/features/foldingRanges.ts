// Folding: every block and link body spanning several lines, and runs of consecutive comment lines.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { BodyItem, Comment, TopItem } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';
import { perVersion } from './perVersion';

/** In order of their first lines (a statement's before a comment run's on the same line). */
export const foldingRanges = perVersion((doc: DocumentAnalysis): FoldingRange[] => {
  const line = (offset: number) => doc.lineIndex.position(offset).line;
  const comments = commentRuns(doc, line);
  const ranges: FoldingRange[] = [];
  let next = 0;
  for (const item of doc.parse.tree.items) {
    if (item.kind !== 'block' && item.kind !== 'link') continue;
    for (const range of statementRanges(item, line)) {
      while (next < comments.length && comments[next].startLine < range.startLine) ranges.push(comments[next++]);
      ranges.push(range);
    }
  }
  while (next < comments.length) ranges.push(comments[next++]);
  return ranges;
});

/** Runs of two or more comments, each alone on its line, on consecutive lines. */
function commentRuns(doc: DocumentAnalysis, line: (offset: number) => number): FoldingRange[] {
  const runs: FoldingRange[] = [];
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) runs.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const comment of doc.parse.tree.comments) {
    const at = line(comment.span.start);
    if (!aloneOnLine(doc, comment, at)) {
      flush();
      continue;
    }
    if (run && at === run.end + 1) run.end = at;
    else {
      flush();
      run = { start: at, end: at };
    }
  }
  flush();
  return runs;
}

function aloneOnLine(doc: DocumentAnalysis, comment: Comment, line: number): boolean {
  for (let at = doc.lineIndex.offset({ line, character: 0 }); at < comment.span.start; at++) {
    const code = doc.text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09) return false;
  }
  return true;
}

/**
 * The ranges of each statement as placed at the line it started on, kept with the statement: a
 * re-parse keeps the statements an edit did not touch, whose ranges only move with their first
 * line, so a keystroke works out those of the statements it changed. A statement on one line
 * has none, wherever it moves.
 */
const rangesOfStatement = new WeakMap<TopItem, { firstLine: number; ranges: readonly FoldingRange[] }>();

function statementRanges(item: TopItem, line: (offset: number) => number): readonly FoldingRange[] {
  const kept = rangesOfStatement.get(item);
  if (kept?.ranges.length === 0) return kept.ranges;
  const firstLine = line(item.span.start);
  if (kept?.firstLine === firstLine) return kept.ranges;
  const ranges = kept
    ? kept.ranges.map((range) => ({ startLine: range.startLine + firstLine - kept.firstLine, endLine: range.endLine + firstLine - kept.firstLine }))
    : blockRanges(item, line);
  rangesOfStatement.set(item, { firstLine, ranges });
  return ranges;
}

function blockRanges(item: TopItem, line: (offset: number) => number): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const visit = (node: TopItem | BodyItem): void => {
    if (node.kind !== 'block' && node.kind !== 'link') return;
    const start = line(node.span.start);
    // The closing brace's line stays visible, as in other languages.
    const end = line(node.span.end) - 1;
    if (end > start) ranges.push({ startLine: start, endLine: end });
    node.body.forEach(visit);
  };
  visit(item);
  return ranges;
}
