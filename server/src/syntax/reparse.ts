// Re-parses only the top-level statements an edit touched and keeps the rest of the previous
// tree: the statements before the edit as they are, those after it moved by the edit's length
// change (a statement's spans are relative to its start, and statements move in runs: tree.ts).
// A keystroke in a large design then costs the parse of a few statements, and the model builder
// can recognise the unchanged statements by identity (model/build.ts, `previous`).
//
// The result equals `parse(text)` exactly, because reuse is limited to the case where that is
// certain: the window starts at the beginning of a line with an unchanged statement, no block is
// left unclosed (that alone makes the parser read the whole file again), no syntax error lies
// after the window, and the last statement of the window is unchanged and ends where it ended
// before. Tokens never span lines and the parser looks at most two tokens ahead, so the statements
// outside the window parse as they did. Anything else returns undefined and the caller parses the
// whole text.
import type { ChunkedList } from '../chunkedList';
import { firstIndex } from '../firstIndex';
import type { LineIndex } from './lineIndex';
import { parseRange } from './parser';
import { SyntaxCode } from './tokens';
import { StatementRun, movedBy, moveStatement, moveStatementsAfter, type Document, type ParseResult, type Span, type SyntaxError, type TopItem } from './tree';

/** The version of a document an edit starts from: its text, its parse and its lines. */
export interface PreviousVersion {
  text: string;
  parse: ParseResult;
  lineIndex: LineIndex;
}

/**
 * The parse of `text`, built from the previous version's. It takes that parse over: the
 * statements after the edit are moved (their starts), so the previous parse (and anything holding
 * spans in its statements, such as a model built from it) is out of date once this returns a result.
 *
 * `part`, for a text made of parts (parseParts: a design's files), is the part of the previous
 * text the edit lies in: the window stays inside it, and the statements, comments and errors of
 * the later parts are moved by the edit's length change.
 */
export function reparse(version: PreviousVersion, text: string, part?: Span, edit: TextEdit = changedRange(version.text, text)): ParseResult | undefined {
  const { text: previousText, parse: previous } = version;
  // An unclosed block made the parser read the whole text a second time, by other rules.
  if (previous.errors.some(unclosed)) return undefined;
  const items = previous.tree.items;
  const { prefix, changeEnd } = edit;
  const delta = text.length - previousText.length;
  const bounds = part ?? { start: 0, end: previousText.length };
  if (prefix < bounds.start || changeEnd > bounds.end) return undefined;
  // The part's statements are items[low, high); the statements are in order and do not overlap.
  const low = firstIndex(items, (item) => item.span.start >= bounds.start);
  const high = firstIndex(items, (item) => item.span.start >= bounds.end, low);

  // The window: from one statement before the first the edit touches to one after the last.
  let first = firstIndex(items, (item) => item.span.end >= prefix, low, high) - 1;
  // The statements before the edit lie in unchanged text, whose lines the previous index knows.
  while (first >= low && version.lineIndex.position(items.at(first)!.span.start).character !== 0) first--;
  let last = firstIndex(items, (item) => item.span.start > changeEnd, low, high);
  const start = first >= low ? items.at(first)!.span.start : bounds.start;
  // Statements with an error are never moved (the errors after the window are not kept): an error
  // after the window stretches it to the end of the part.
  // A part's errors may lie at its very end; the next part begins after the line break that follows it.
  const inPart = (error: SyntaxError) => error.span.start <= bounds.end;
  if (last < high && previous.errors.some((error) => inPart(error) && error.span.end > items.at(last)!.span.end)) last = high;
  const end = last < high ? items.at(last)!.span.end : bounds.end;
  // Errors before the window are kept as they are, so nothing they point at may be in it.
  const errorsBefore = previous.errors.filter((error) => error.span.start < start);
  if (errorsBefore.some((error) => error.span.end > start || error.related?.some((related) => related.span.end > start))) return undefined;
  const laterParts = previous.errors.filter((error) => !inPart(error));

  // The text before the window is unchanged, so are its lines (counted from the part's first).
  const firstLine = version.lineIndex.position(start).line - version.lineIndex.position(bounds.start).line;
  const window = parseRange(text, start, end + delta, firstLine);
  if (window.errors.some(unclosed)) return undefined;
  const windowItems = [...window.tree.items];
  if (last < high) {
    const lastParsed = windowItems.at(-1);
    const expected = items.at(last)!.span;
    if (!lastParsed || lastParsed.span.start !== expected.start + delta || lastParsed.span.end !== expected.end + delta) return undefined;
  }
  // The statements on either side of the edit were parsed again only to find where it ends: one
  // written exactly as before is the previous one (moved), so the later stages know it by identity.
  const kept = (at: number, old: TopItem): boolean => {
    const parsed = windowItems[at];
    if (!parsed || text.slice(parsed.span.start, parsed.span.end) !== previousText.slice(old.span.start, old.span.end)) return false;
    if (window.errors.some((error) => touches(error.span, parsed.span)) || previous.errors.some((error) => touches(error.span, old.span))) return false;
    const moved = parsed.span.start - old.span.start;
    if (moved !== 0) moveStatement(old, moved);
    windowItems[at] = old;
    return true;
  };
  const keptFirst = first >= low && kept(0, items.at(first)!);
  const keptLast = last < high && (windowItems.length > 1 || !keptFirst) && kept(windowItems.length - 1, items.at(last)!);
  const isKept = (at: number) => (at === 0 && keptFirst) || (at === windowItems.length - 1 && keptLast);

  // The statements before the window are kept as they are; those from `afterWindow` on are moved.
  const beforeWindow = Math.max(low, first);
  const afterWindow = last < high ? last + 1 : high;
  // The window's new statements join the run of the statement before them (the first ones, with
  // none before, the run of the statement after them), so runs stay statements next to each other.
  let run = (items.at(beforeWindow - 1) ?? windowItems.find((_, at) => isKept(at)) ?? items.at(afterWindow))?.span.statement.run;
  for (const [at, item] of windowItems.entries()) {
    if (isKept(at)) run = item.span.statement.run;
    else if (run) item.span.statement.join(run);
  }
  // The statements the window replaced stay where they were (the model finds its records of them
  // there): they leave their runs, which may move.
  const replaced = new StatementRun();
  for (let at = beforeWindow + (keptFirst ? 1 : 0); at < afterWindow - (keptLast ? 1 : 0); at++) items.at(at)!.span.statement.join(replaced);
  // The comments in the window are the window's; they join the run of the comment before them, as
  // its statements do, and those after it move as the statements after it do.
  const { comments } = previous.tree;
  const commentsFrom = firstIndex(comments, (comment) => comment.span.end > start);
  const commentsAfter = firstIndex(comments, (comment) => comment.span.start >= end, commentsFrom);
  const windowComments = [...window.tree.comments];
  const commentRun = (comments.at(commentsFrom - 1) ?? comments.at(commentsAfter))?.span.statement.run;
  if (commentRun) for (const comment of windowComments) comment.span.statement.join(commentRun);
  if (delta !== 0) {
    moveStatementsAfter(windowItems.at(-1) ?? items.at(beforeWindow - 1), items, afterWindow, delta);
    moveStatementsAfter(windowComments.at(-1) ?? comments.at(commentsFrom - 1), comments, commentsAfter, delta);
  }
  const tree: Document = {
    kind: 'document',
    items: items.replaced(beforeWindow, afterWindow, windowItems),
    comments: comments.replaced(commentsFrom, commentsAfter, windowComments),
    span: { start: 0, end: text.length },
  };
  keptStatements.set(tree, { before: items, head: beforeWindow + (keptFirst ? 1 : 0), tail: items.length - afterWindow + (keptLast ? 1 : 0) });
  return { tree, errors: [...errorsBefore, ...window.errors, ...laterParts.map((error) => movedBy(error, delta))] };
}

/** Of a tree `reparse` made: the statements of the tree it took over, and how many of them it kept at the start and at the end. */
export interface KeptStatements {
  before: ChunkedList<TopItem>;
  head: number;
  tail: number;
}

const keptStatements = new WeakMap<Document, KeptStatements>();

/** What `reparse` kept of the tree before, when it made `tree`: the model builder then compares only the statements between. */
export function keptByReparse(tree: Document): KeptStatements | undefined {
  return keptStatements.get(tree);
}

function touches(a: Span, b: Span): boolean {
  return a.start <= b.end && a.end >= b.start;
}

function unclosed(error: SyntaxError): boolean {
  return error.code === SyntaxCode.UnclosedBlock;
}

/** Where two versions of a text differ: the length of their common prefix, and where the changed part of the old text ends. */
export interface TextEdit {
  prefix: number;
  changeEnd: number;
}

/** Compared a block at a time (a native comparison of two slices) before character by character. */
const BLOCK = 4096;

/** The edit between two texts. */
export function changedRange(before: string, after: string): TextEdit {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix + BLOCK <= limit && before.slice(prefix, prefix + BLOCK) === after.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const suffixLimit = limit - prefix;
  while (
    suffix + BLOCK <= suffixLimit &&
    before.slice(before.length - suffix - BLOCK, before.length - suffix) === after.slice(after.length - suffix - BLOCK, after.length - suffix)
  ) {
    suffix += BLOCK;
  }
  while (suffix < suffixLimit && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { prefix, changeEnd: before.length - suffix };
}
