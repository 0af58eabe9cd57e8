// Folding: every block and link body spanning several lines, and runs of consecutive comment lines.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { BodyItem, Comment, TopItem } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';
import type { ChunkedList } from '../chunkedList';
import { firstIndex } from '../firstIndex';
import { keptEnds, perVersionAfterEdit, type AnsweredBefore } from './perVersion';

/**
 * The statements' ranges of a version, in order, and where each statement's begin: what the next
 * version takes over for the statements an edit left, those after it moved by the lines it added.
 */
interface KeptRanges {
  statements: ChunkedList<TopItem>;
  ranges: readonly FoldingRange[];
  /** Where each statement's ranges begin in `ranges`, and, last, how many there are. */
  offsets: Int32Array;
}

/** In order of their first lines (a statement's before a comment run's on the same line). */
export const foldingRanges = perVersionAfterEdit((doc: DocumentAnalysis, before: AnsweredBefore<KeptRanges> | undefined) => {
  const line = (offset: number) => doc.lineIndex.position(offset).line;
  const state = statementsRanges(doc.parse.tree.items, before, line);
  return { answer: withCommentRuns(state.ranges, commentRuns(doc, line)), state };
});

/**
 * The ranges of each statement: those of the statements the version before had, unchanged, taken
 * over from it (moved, after the edit), and those of the others worked out (`blockRanges`).
 */
function statementsRanges(statements: ChunkedList<TopItem>, before: AnsweredBefore<KeptRanges> | undefined, line: (offset: number) => number): KeptRanges {
  const kept = before?.state;
  const { head, tail } = kept
    ? keptEnds(kept.statements, statements.length, before, (i, j) => kept.statements.at(i) === statements.at(j), (item) => line(item.span.start))
    : { head: 0, tail: 0 };
  const count = statements.length;
  const offsets = new Int32Array(count + 1);
  const ranges: FoldingRange[] = kept ? kept.ranges.slice(0, kept.offsets[head]) : [];
  if (kept) offsets.set(kept.offsets.subarray(0, head));
  for (let at = head; at < count - tail; at++) {
    offsets[at] = ranges.length;
    for (const range of blockRanges(statements.at(at)!, line)) ranges.push(range);
  }
  if (kept && tail > 0) {
    const from = kept.statements.length - tail;
    const moved = ranges.length - kept.offsets[from]!;
    for (let i = 0; i < tail; i++) offsets[count - tail + i] = kept.offsets[from + i]! + moved;
    const lines = before.lineShift;
    for (let i = kept.offsets[from]!; i < kept.ranges.length; i++) {
      const range = kept.ranges[i]!;
      ranges.push(lines === 0 ? range : { startLine: range.startLine + lines, endLine: range.endLine + lines });
    }
  }
  offsets[count] = ranges.length;
  return { statements, ranges, offsets };
}

/** The statements' ranges with the comment runs among them, each after the statements' that start on its line or before. */
function withCommentRuns(ranges: readonly FoldingRange[], runs: readonly FoldingRange[]): FoldingRange[] {
  if (runs.length === 0) return ranges as FoldingRange[];
  const all: FoldingRange[] = [];
  let from = 0;
  for (const run of runs) {
    const at = firstIndex(ranges, (range) => range.startLine > run.startLine);
    for (; from < at; from++) all.push(ranges[from]!);
    all.push(run);
  }
  for (; from < ranges.length; from++) all.push(ranges[from]!);
  return all;
}

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

/** The ranges of a statement and of the blocks nested in it. */
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
