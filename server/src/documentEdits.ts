// What changed in each open document since the text last analysed, told by the ranges the editor
// sends with each change: the analysis re-parses around that range instead of comparing the two
// texts to find it (service/languageService.ts, KnownEdits).
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextEdit } from './syntax/reparse';

/** An edit of a text, and how much longer it made the text (`delta`). */
export interface GrowingEdit extends TextEdit {
  delta: number;
}

/**
 * `edit` (from an earlier text to the text now, or nothing yet) followed by the change of
 * `[start, end)` of the text now into `length` characters: one edit of the earlier text. What lies
 * after both changed ranges is the earlier text's end, moved by the length both added.
 */
export function followedBy(edit: GrowingEdit | undefined, start: number, end: number, length: number): GrowingEdit {
  const delta = length - (end - start);
  if (!edit) return { prefix: start, changeEnd: end, delta };
  return { prefix: Math.min(edit.prefix, start), changeEnd: Math.max(edit.changeEnd, end - edit.delta), delta: edit.delta + delta };
}

interface Changes {
  /** The text the changes were made to. */
  from: string;
  /** The text they made. */
  to: string;
  edit: GrowingEdit | undefined;
}

export class DocumentEdits {
  private readonly changes = new Map<string, Changes>();

  /**
   * `TextDocuments`' update: applies the changes in order, each one's range being in the text the
   * ones before it made (as LSP orders them), and records the range of the text they cover.
   */
  readonly update = (document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument => {
    const before = document.getText();
    const recorded = this.changes.get(document.uri);
    // The changes go on from those recorded, unless the document was given another text since.
    const goesOn = recorded !== undefined && recorded.to === before;
    let edit = goesOn ? recorded.edit : undefined;
    const from = goesOn ? recorded.from : before;
    for (const change of changes) {
      const [start, end] = 'range' in change ? offsetsOf(document, change.range) : [0, document.getText().length];
      document = TextDocument.update(document, [change], version);
      edit = followedBy(edit, start, end, change.text.length);
    }
    this.changes.set(document.uri, { from, to: document.getText(), edit });
    return document;
  };

  /**
   * The edit that made `text` from `previous`, when the editor's changes since `previous` made
   * `text` and no more; what is recorded then starts again from the document's text.
   */
  take(uri: string, previous: string, text: string): TextEdit | undefined {
    const recorded = this.changes.get(uri);
    if (!recorded) return undefined;
    this.changes.set(uri, { from: recorded.to, to: recorded.to, edit: undefined });
    if (!recorded.edit || recorded.from !== previous || recorded.to !== text) return undefined;
    return { prefix: recorded.edit.prefix, changeEnd: recorded.edit.changeEnd };
  }

  forget(uri: string): void {
    this.changes.delete(uri);
  }
}

function offsetsOf(document: TextDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }): [number, number] {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return start <= end ? [start, end] : [end, start];
}
