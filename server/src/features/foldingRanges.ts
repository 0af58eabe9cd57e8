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

/**
 * At most `limit` of `ranges` (in order of their first lines), the ones VS Code keeps when a
 * provider gives it more than its limit (`sanitizeRanges`): every range nested less deeply than
 * some depth and, of that depth, the first ones, so the outermost blocks stay foldable. As there,
 * a range starting on the line of the one it is in is dropped, and a range overlapping the one
 * before it counts at that one's depth.
 */
export function foldingRangesWithin(ranges: FoldingRange[], limit: number | undefined): FoldingRange[] {
  if (limit === undefined || ranges.length <= limit) return ranges;
  const depths: number[] = [];
  const counts: number[] = [];
  const open: FoldingRange[] = [];
  for (const range of ranges) {
    let top = open[open.length - 1];
    let depth: number;
    if (top && top.startLine === range.startLine) depth = -1;
    else if (!top || range.endLine <= top.endLine) {
      depth = open.length;
      open.push(range);
    } else if (range.startLine > top.endLine) {
      while (top && range.startLine > top.endLine) {
        open.pop();
        top = open[open.length - 1];
      }
      depth = open.length;
      open.push(range);
    } else depth = open.length - 1;
    depths.push(depth);
    if (depth >= 0) counts[depth] = (counts[depth] ?? 0) + 1;
  }
  // Every range of the depths before `cut`, and of depth `cut` as many as there is room for, first ones first.
  let cut = 0;
  let room = limit;
  while (cut < counts.length && (counts[cut] ?? 0) <= room) room -= counts[cut++] ?? 0;
  return ranges.filter((_, i) => depths[i] >= 0 && (depths[i] < cut || (depths[i] === cut && room-- > 0)));
}
