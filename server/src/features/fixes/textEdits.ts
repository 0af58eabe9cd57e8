// Minimal text edits on a `.topo` document, by the syntax tree's spans: add items to a block,
// remove an item or a whole statement line, insert comment lines. Edits keep the
// layout of what is around them (one-line blocks stay one-line, indentation follows the block).
import { closeBraceOf, openBraceOf, type Block, type BodyItem, type Property, type Span } from '../../syntax/tree';

/** Replace `[start, end)` with `newText`. Edits of one fix never overlap. */
export interface SpanEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies edits already normalised (sorted, merged, not overlapping). */
export function applyEdits(text: string, edits: readonly SpanEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of edits) {
    result += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return result + text.slice(at);
}

/**
 * Edits sorted and checked. Insertions at one offset are merged in the order given; overlapping
 * edits mean a fix would corrupt the text, so then none apply (undefined).
 */
export function normalizeEdits(edits: readonly SpanEdit[]): SpanEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: SpanEdit[] = [];
  for (const edit of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && previous.start === edit.start && previous.end === edit.start && edit.end === edit.start) {
      merged[merged.length - 1] = { ...previous, newText: previous.newText + edit.newText };
      continue;
    }
    if (previous && edit.start < previous.end) return undefined;
    merged.push(edit);
  }
  return merged;
}

export function lineStart(text: string, offset: number): number {
  let at = offset;
  while (at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r') at--;
  return at;
}

/** Offset of the line break ending the line of `offset` (or the end of the text). */
export function lineEnd(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  return at;
}

/** Offset just past the line break ending the line of `offset`. */
function nextLineStart(text: string, offset: number): number {
  const end = lineEnd(text, offset);
  if (text.startsWith('\r\n', end)) return end + 2;
  return end < text.length ? end + 1 : end;
}

export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function isInline(text: string, block: Block): boolean {
  const closeBrace = closeBraceOf(block);
  return closeBrace !== undefined && !/[\r\n]/.test(text.slice(openBraceOf(block), closeBrace + 1));
}

/** The indentation of a block's children: that of its first child, else the block's plus two spaces. */
function childIndent(text: string, block: Block): string {
  const first = block.body[0];
  if (first && !isInline(text, block)) return indentAt(text, first.span.start);
  return `${indentAt(text, block.span.start)}  `;
}

export function findProperty(block: Block, key: string): Property | undefined {
  return block.body.find((item): item is Property => item.kind === 'property' && item.keyText === key);
}

/**
 * Adds items (`key value` lines or whole blocks written on one line) to a block: on a one-line
 * block inside the braces, two spaces apart; otherwise each on its own line, after the last
 * property, or after the last child when `afterChildren` is set.
 */
export function insertItems(text: string, block: Block, items: readonly string[], afterChildren = false): SpanEdit {
  const closeBrace = closeBraceOf(block);
  if (closeBrace !== undefined && isInline(text, block)) {
    if (block.body.length === 0) return { start: openBraceOf(block) + 1, end: closeBrace, newText: ` ${items.join('  ')} ` };
    const last = block.body[block.body.length - 1];
    return { start: last.span.end, end: last.span.end, newText: `  ${items.join('  ')}` };
  }
  const indent = childIndent(text, block);
  const newline = eol(text);
  const anchorItem = afterChildren ? block.body[block.body.length - 1] : lastProperty(block.body);
  const anchor = anchorItem ? lineEnd(text, anchorItem.span.end) : lineEnd(text, openBraceOf(block) + 1);
  return { start: anchor, end: anchor, newText: items.map((item) => `${newline}${indent}${item}`).join('') };
}

function lastProperty(body: readonly BodyItem[]): BodyItem | undefined {
  const properties = body.filter((item) => item.kind === 'property');
  return properties[properties.length - 1];
}

/**
 * Removes an item: its whole line(s) when nothing else shares them (a trailing comment goes
 * with it), otherwise just the item and the white space before it.
 */
export function removeItem(text: string, span: Span): SpanEdit {
  const start = lineStart(text, span.start);
  const before = text.slice(start, span.start);
  const restOfLine = text.slice(span.end, lineEnd(text, span.end));
  if (before.trim() === '' && (restOfLine.trim() === '' || restOfLine.trim().startsWith('#'))) {
    return { start, end: nextLineStart(text, span.end), newText: '' };
  }
  let from = span.start;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { start: from, end: span.end, newText: '' };
}

/** Inserts whole lines before the line holding `offset`, at that line's indentation. */
export function insertLinesBefore(text: string, offset: number, lines: readonly string[]): SpanEdit {
  const at = lineStart(text, offset);
  const indent = indentAt(text, offset);
  const newline = eol(text);
  return { start: at, end: at, newText: lines.map((line) => `${indent}${line}${newline}`).join('') };
}

/**
 * Removes the comment lines written directly above the run of statements holding `offset` (the
 * lines above it up to a blank line, at its indentation): they describe that run, which the fix
 * changes, so they would no longer be true. A line opening a block ends the run: a comment above
 * the block describes the block, not its first child.
 */
export function runCommentRemoval(text: string, offset: number): SpanEdit | undefined {
  const indent = indentAt(text, offset);
  const lineAbove = (at: number): { start: number; text: string } | undefined => {
    if (at === 0) return undefined;
    const start = lineStart(text, at - 1);
    return { start, text: text.slice(start, lineEnd(text, start)) };
  };
  const isComment = (line: string) => line.trimStart().startsWith('#') && /^[ \t]*/.exec(line)?.[0] === indent;
  let runStart = lineStart(text, offset);
  for (let line = lineAbove(runStart); line && !isComment(line.text); line = lineAbove(runStart)) {
    if (line.text.trim() === '' || line.text.trimStart().startsWith('#') || /\{\s*(#.*)?$/.test(line.text)) return undefined;
    runStart = line.start;
  }
  let from = runStart;
  for (let line = lineAbove(from); line && isComment(line.text); line = lineAbove(from)) from = line.start;
  return from < runStart ? { start: from, end: runStart, newText: '' } : undefined;
}

/** The comment edits for several changed runs, each run's comment once. */
export function runCommentRemovals(text: string, offsets: readonly number[]): SpanEdit[] {
  const edits = new Map<number, SpanEdit>();
  for (const offset of offsets) {
    const edit = runCommentRemoval(text, offset);
    if (edit) edits.set(edit.start, edit);
  }
  return [...edits.values()];
}

/** Removes a comment that ends the line of `offset` (with the white space before it): it spoke of the value the fix replaces. */
export function trailingCommentRemoval(text: string, offset: number): SpanEdit | undefined {
  const end = lineEnd(text, offset);
  const match = /^(\s*)#.*$/.exec(text.slice(offset, end));
  return match ? { start: offset, end, newText: '' } : undefined;
}
