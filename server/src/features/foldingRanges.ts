// Folding: every block and link body spanning several lines, and runs of consecutive comment lines.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { BodyItem, TopItem } from '../syntax/tree';
import type { DocumentAnalysis } from '../service/languageService';
import { perVersion } from './perVersion';

export const foldingRanges = perVersion((doc: DocumentAnalysis): FoldingRange[] => {
  const ranges: FoldingRange[] = [];
  const line = (offset: number) => doc.lineIndex.position(offset).line;
  const visit = (item: TopItem | BodyItem): void => {
    if (item.kind !== 'block' && item.kind !== 'link') return;
    const start = line(item.span.start);
    // The closing brace's line stays visible, as in other languages.
    const end = line(item.span.end) - 1;
    if (end > start) ranges.push({ startLine: start, endLine: end });
    item.body.forEach(visit);
  };
  doc.parse.tree.items.forEach(visit);

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
