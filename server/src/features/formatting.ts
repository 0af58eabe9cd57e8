// Formatting: prints the syntax tree in the canonical layout, keeping every comment.
//
// The layout:
// - two spaces of indentation per block level; one property or nested block per line;
// - a block (or a link's `{ ... }`) written on one line stays on one line, items separated by two
//   spaces, when it holds no comment and fits in 100 columns; otherwise it is expanded;
// - an empty block prints as `{}`; properties print as `key value, value`; `;` is dropped;
// - a blank line between items is kept (several collapse to one), none is added;
// - a comment on its own line stays on its own line at the indentation of what follows; a comment
//   after code on the same line stays there, two spaces after it;
// - one newline at the end of the file, in the file's own line-break style.
// A file with syntax errors is not formatted: the printer never guesses at meaning.
import type { TextEdit } from 'vscode-languageserver-types';
import { closeBraceOf, type Block, type BodyItem, type Comment, type Document, type Link, type Property, type Session, type Span, type TopItem, type Value } from '../syntax/tree';
import { STATEMENT } from '../model/grammar';
import type { DesignFile } from '../service/designFiles';
import type { DocumentAnalysis } from '../service/languageService';
import { toRange } from '../service/lspConversion';

export const MAX_LINE_WIDTH = 100;
const INDENT = '  ';
const INLINE_SEPARATOR = '  ';

/**
 * The edit that formats one file of the design (a document's only file by default), as a range of
 * the design's text: formatting stays per file, and a syntax error in another file does not stop it.
 */
export function formatDocument(doc: DocumentAnalysis, file: DesignFile = doc.files.files[0]!): TextEdit[] {
  const end = file.start + file.text.length;
  const inFile = (node: { span: Span }) => node.span.start >= file.start && node.span.start <= end;
  if (doc.parse.errors.some(inFile)) return [];
  const { items, comments } = doc.parse.tree;
  const formatted = new Printer(doc.text, [...comments].filter(inFile), { start: file.start, end }).document([...items].filter(inFile));
  if (formatted === file.text) return [];
  return [{ range: toRange(doc.lineIndex, { start: file.start, end }), newText: formatted }];
}

/** The canonical text of a parsed document without syntax errors. */
export function formatTree(text: string, tree: Document): string {
  return new Printer(text, [...tree.comments], { start: 0, end: text.length }).document(tree.items);
}

class Printer {
  private readonly lines: string[] = [];
  private nextComment = 0;
  /** Source offset just past the last token printed. */
  private lastEnd: number;

  /** `part`: the file printed, within `text` (a design's text holds its files one after another). */
  constructor(
    private readonly text: string,
    private readonly comments: readonly Comment[],
    private readonly part: Span,
  ) {
    this.lastEnd = part.start;
  }

  document(items: Iterable<TopItem>): string {
    for (const item of items) {
      this.leading(item.span.start, 0);
      this.item(item, 0);
    }
    this.leading(this.part.end, 0);
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    if (this.lines.length === 0) return '';
    const eol = this.text.slice(this.part.start, this.part.end).includes('\r\n') ? '\r\n' : '\n';
    return this.lines.join(eol) + eol;
  }

  private item(item: TopItem | BodyItem, depth: number): void {
    switch (item.kind) {
      case 'block':
        return this.block(item, depth);
      case 'property':
        return this.line(depth, this.property(item), item.span);
      case 'link':
        return this.link(item, depth);
      case 'session':
        return this.line(depth, this.session(item), item.span);
    }
  }

  private block(block: Block, depth: number): void {
    const head = [block.keywordText, ...(block.name ? [this.value(block.name)] : [])].join(' ');
    this.bodyOf(head, block.body, block.span, depth, closeBraceOf(block) ?? block.span.end);
  }

  private link(link: Link, depth: number): void {
    const head = [link.keywordText, link.a && this.value(link.a), STATEMENT.linkOperator, link.b && this.value(link.b)]
      .filter((part): part is string => part !== undefined)
      .join(' ');
    if (link.body.length === 0) return this.line(depth, head, link.span);
    this.bodyOf(head, link.body, link.span, depth, link.span.end - 1);
  }

  /** Prints `head { body }` inline when it was written inline and still fits, else expanded. */
  private bodyOf(head: string, body: readonly BodyItem[], span: Span, depth: number, closeStart: number): void {
    if (body.length === 0 && !this.hasComment(span)) return this.line(depth, `${head} {}`, span);
    const inline = this.inline(body);
    const inlineText = `${head} { ${inline} }`;
    const writtenInline = !/[\r\n]/.test(this.text.slice(span.start, span.end)) && !this.hasComment(span);
    if (writtenInline && INDENT.length * depth + inlineText.length <= MAX_LINE_WIDTH) {
      return this.line(depth, inlineText, span);
    }
    this.line(depth, `${head} {`, { start: span.start, end: this.headEnd(body, span) });
    for (const child of body) {
      this.leading(child.span.start, depth + 1);
      this.item(child, depth + 1);
    }
    this.leading(closeStart, depth + 1, false);
    this.line(depth, '}', { start: closeStart, end: span.end });
  }

  /** End of a block's header, so a comment after `{` on that line stays a trailing comment. */
  private headEnd(body: readonly BodyItem[], span: Span): number {
    const open = this.text.indexOf('{', span.start);
    return open >= 0 && (body.length === 0 || open < body[0].span.start) ? open + 1 : span.start;
  }

  private inline(body: readonly BodyItem[]): string {
    return body
      .map((child) => {
        if (child.kind === 'property') return this.property(child);
        const head = [child.keywordText, ...(child.name ? [this.value(child.name)] : [])].join(' ');
        return child.body.length === 0 ? `${head} {}` : `${head} { ${this.inline(child.body)} }`;
      })
      .join(INLINE_SEPARATOR);
  }

  private property(property: Property): string {
    const values = property.values.map((value) => this.value(value)).join(', ');
    return values === '' ? property.keyText : `${property.keyText} ${values}`;
  }

  private session(session: Session): string {
    let text = session.keywordText;
    if (session.host) text += ` ${this.value(session.host)}`;
    if (session.target) text += ` ${STATEMENT.arrow} ${this.value(session.target)}`;
    if (session.connections.length > 0) {
      const connections = session.connections.map((connection) =>
        connection.portal ? `${this.value(connection.initiator)} ${STATEMENT.arrow} ${this.value(connection.portal)}` : this.value(connection.initiator),
      );
      text += ` ${STATEMENT.via} ${connections.join(', ')}`;
    }
    return text;
  }

  private value(value: Value): string {
    return this.text.slice(value.span.start, value.span.end);
  }

  /** Emits a line of code, then the comments written inside its span (as trailing comments). */
  private line(depth: number, code: string, span: Span): void {
    this.lines.push(INDENT.repeat(depth) + code);
    this.lastEnd = span.end;
    while (this.nextComment < this.comments.length && this.comments[this.nextComment].span.start < span.end) {
      this.trailing(this.comments[this.nextComment++], depth);
    }
  }

  /**
   * Emits the comments before `position`: those on the line of the last printed token as
   * trailing comments, the rest on their own lines; keeps one blank line where there was one.
   */
  private leading(position: number, depth: number, allowBlankBefore = true): void {
    while (this.nextComment < this.comments.length && this.comments[this.nextComment].span.start < position) {
      const comment = this.comments[this.nextComment++];
      if (this.lines.length > 0 && !/[\r\n]/.test(this.text.slice(this.lastEnd, comment.span.start))) {
        this.trailing(comment, depth);
        continue;
      }
      this.blankLineBefore(comment.span.start);
      this.lines.push(INDENT.repeat(depth) + this.commentText(comment));
      this.lastEnd = comment.span.end;
    }
    if (allowBlankBefore && position < this.part.end) this.blankLineBefore(position);
  }

  private trailing(comment: Comment, depth: number): void {
    const last = this.lines.length - 1;
    if (last >= 0 && this.lines[last].trim() !== '') this.lines[last] += `  ${this.commentText(comment)}`;
    else this.lines.push(INDENT.repeat(depth) + this.commentText(comment));
    this.lastEnd = Math.max(this.lastEnd, comment.span.end);
  }

  private blankLineBefore(position: number): void {
    const last = this.lines[this.lines.length - 1];
    if (last === undefined || last === '' || last.endsWith('{')) return;
    const gap = this.text.slice(this.lastEnd, position);
    if ((gap.match(/\r\n|\r|\n/g) ?? []).length >= 2) this.lines.push('');
  }

  private commentText(comment: Comment): string {
    return this.text.slice(comment.span.start, comment.span.end).trimEnd();
  }

  private hasComment(span: Span): boolean {
    return this.comments.some((comment) => comment.span.start >= span.start && comment.span.start < span.end);
  }
}
