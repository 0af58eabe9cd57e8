// Folding: every block and link body spanning several lines, and runs of consecutive comment lines.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { BodyItem, TopItem } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';
import { perVersion } from './perVersion';

export const foldingRanges = perVersion((doc: DocumentAnalysis): FoldingRange[] => {
  const ranges: FoldingRange[] = [];
  const line = (offset: number) => doc.lineIndex.position(offset).line;
  for (const item of doc.parse.tree.items) {
    if (item.kind !== 'block' && item.kind !== 'link') continue;
    for (const range of statementRanges(item, line(item.span.start), line)) ranges.push(range);
  }

  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const comment of doc.parse.tree.comments) {
    const at = line(comment.span.start);
    const ownLine = doc.text.slice(doc.lineIndex.offset({ line: at, character: 0 }), comment.span.start).trim() === '';
    if (!ownLine) {
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
  return ranges.sort((a, b) => a.startLine - b.startLine);
});

/**
 * The ranges of each statement as placed at the line it started on, kept with the statement: a
 * re-parse keeps the statements an edit did not touch, whose ranges only move with their first
 * line, so a keystroke works out those of the statements it changed.
 */
const rangesOfStatement = new WeakMap<TopItem, { firstLine: number; ranges: FoldingRange[] }>();

function statementRanges(item: TopItem, firstLine: number, line: (offset: number) => number): FoldingRange[] {
  const kept = rangesOfStatement.get(item);
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
