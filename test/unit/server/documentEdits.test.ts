import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument, type Range, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { seededRandom } from '../../../bench/generate';
import { DocumentEdits } from '../../../server/src/documentEdits';

const URI = 'file:///design.topo';

/** A change of `remove` characters at `at` into `insert`, as LSP writes it: its range in `text`. */
function changeOf(text: string, at: number, remove: number, insert: string): { range: Range; text: string } {
  const positions = TextDocument.create(URI, 'topo', 0, text);
  return { range: { start: positions.positionAt(at), end: positions.positionAt(at + remove) }, text: insert };
}

/** Whether `edit` covers every difference between `before` and `after`: both texts are the same before `prefix` and after its end. */
function covers(edit: { prefix: number; changeEnd: number }, before: string, after: string): boolean {
  const suffix = before.length - edit.changeEnd;
  return (
    edit.prefix <= edit.changeEnd &&
    edit.changeEnd <= before.length &&
    edit.prefix + suffix <= after.length &&
    before.slice(0, edit.prefix) === after.slice(0, edit.prefix) &&
    before.slice(edit.changeEnd) === after.slice(after.length - suffix)
  );
}

test('events of several changes, each in the text the ones before left, are one edit covering all of them', () => {
  const random = seededRandom(3);
  const edits = new DocumentEdits();
  let document = TextDocument.create(URI, 'topo', 1, 'host a {\n  os linux\n}\nhost b {\n  os linux\n}\n'.repeat(4));
  let analysed = document.getText();
  for (let event = 0; event < 400; event++) {
    const changes: TextDocumentContentChangeEvent[] = [];
    let text = document.getText();
    for (let count = 1 + Math.floor(random() * 3); count > 0; count--) {
      const at = Math.floor(random() * (text.length + 1));
      const remove = Math.min(Math.floor(random() * 8), text.length - at);
      const insert = ['', 'x', '\n', 'eth0 '][Math.floor(random() * 4)]!;
      changes.push(changeOf(text, at, remove, insert));
      text = text.slice(0, at) + insert + text.slice(at + remove);
    }
    document = edits.update(document, changes, document.version + 1);
    assert.equal(document.getText(), text, `event ${event}: the document is the editor's text`);
    // Now and then the analysis skips versions: the edit then covers every change since the last.
    if (random() < 0.5) continue;
    const edit = edits.take(URI, analysed, text);
    assert.ok(edit && covers(edit, analysed, text), `event ${event}: ${JSON.stringify(edit)} covers the changes`);
    analysed = text;
  }
});

test('a change in the range covers what it was given, though its text was written as it was', () => {
  const edits = new DocumentEdits();
  const text = 'host a {\n  os linux\n}\n';
  const document = edits.update(TextDocument.create(URI, 'topo', 1, text), [changeOf(text, 11, 5, 'linux')], 2);
  assert.deepEqual(edits.take(URI, text, document.getText()), { prefix: 11, changeEnd: 16 });
});

test('a change of the whole text, and a range given end first, are recorded as what they replace', () => {
  const edits = new DocumentEdits();
  let document = TextDocument.create(URI, 'topo', 1, 'host a {}\n');
  document = edits.update(document, [{ text: 'host b {}\nhost c {}\n' }], 2);
  assert.deepEqual(edits.take(URI, 'host a {}\n', document.getText()), { prefix: 0, changeEnd: 10 });
  const before = document.getText();
  const backwards = changeOf(before, 5, 1, 'x');
  document = edits.update(document, [{ range: { start: backwards.range.end, end: backwards.range.start }, text: 'x' }], 3);
  assert.equal(document.getText(), 'host x {}\nhost c {}\n');
  assert.deepEqual(edits.take(URI, before, document.getText()), { prefix: 5, changeEnd: 6 });
});

test('no edit is known from a text other than the one the changes were made to, or for a text they did not make', () => {
  const edits = new DocumentEdits();
  const text = 'host a {}\n';
  let document = edits.update(TextDocument.create(URI, 'topo', 1, text), [changeOf(text, 5, 1, 'b')], 2);
  assert.equal(edits.take(URI, 'host z {}\n', document.getText()), undefined);
  // Taken (and refused): what is recorded starts again from the document's text.
  const second = document.getText();
  document = edits.update(document, [changeOf(second, 5, 1, 'c')], 3);
  assert.equal(edits.take(URI, second, 'host d {}\n'), undefined, 'a text the changes did not make');
  assert.equal(edits.take('file:///other.topo', second, document.getText()), undefined, 'a document with no changes recorded');
  const third = document.getText();
  document = edits.update(document, [changeOf(third, 5, 1, 'e')], 4);
  edits.forget(URI);
  assert.equal(edits.take(URI, third, document.getText()), undefined, 'a closed document');
});
