import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../bench/generate';
import { LineIndex } from '../../../server/src/syntax/lineIndex';
import { changedRange } from '../../../server/src/syntax/reparse';

describe('LineIndex', () => {
  it('maps offsets to positions across \\n, \\r\\n and \\r line breaks', () => {
    const index = new LineIndex('ab\r\ncd\re\nf');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.position(0), { line: 0, character: 0 });
    assert.deepEqual(index.position(2), { line: 0, character: 2 });
    assert.deepEqual(index.position(4), { line: 1, character: 0 });
    assert.deepEqual(index.position(7), { line: 2, character: 0 });
    assert.deepEqual(index.position(9), { line: 3, character: 0 });
    assert.deepEqual(index.position(10), { line: 3, character: 1 });
  });

  it('places an offset between \\r and \\n at the end of its line', () => {
    assert.deepEqual(new LineIndex('ab\r\ncd').position(3), { line: 0, character: 2 });
  });

  it('clamps offsets outside the text', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.position(-5), { line: 0, character: 0 });
    assert.deepEqual(index.position(99), { line: 1, character: 2 });
  });

  it('maps positions back to offsets and clamps them', () => {
    const index = new LineIndex('ab\r\ncd\nef');
    assert.equal(index.offset({ line: 1, character: 1 }), 5);
    assert.equal(index.offset({ line: 1, character: 50 }), 6);
    assert.equal(index.offset({ line: 0, character: 9 }), 2);
    assert.equal(index.offset({ line: -1, character: 3 }), 0);
    assert.equal(index.offset({ line: 9, character: 0 }), 9);
    assert.equal(index.offset({ line: 2, character: -4 }), 7);
  });

  it('round-trips every offset of a mixed text', () => {
    const text = 'host a {\r\n  nic e0 { speed 10G }\n}\r# done\n';
    const index = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
      assert.equal(index.offset(index.position(offset)), offset);
    }
  });

  it('agrees with the text itself whether its breaks are all alike or turn mixed after many lines', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`);
    const texts = [
      lines.join('\n'),
      lines.join('\r\n') + '\r\n',
      lines.join('\r'),
      lines.slice(0, 30).join('\r\n') + '\n' + lines.slice(30).join('\n'),
      lines.slice(0, 30).join('\n') + '\r\n' + lines.slice(30).join('\r\n'),
    ];
    for (const text of texts) {
      const index = new LineIndex(text);
      const starts = [0];
      for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
      assert.equal(index.lineCount, starts.length);
      for (let offset = 0; offset <= text.length; offset++) {
        let line = starts.length - 1;
        while (starts[line] > offset) line--;
        const lineText = text.slice(starts[line], starts[line + 1] ?? text.length).replace(/\r?\n$|\r$/, '');
        const character = Math.min(offset - starts[line], lineText.length);
        assert.deepEqual(index.position(offset), { line, character }, JSON.stringify({ offset, text: text.slice(0, 20) }));
        assert.equal(index.offset({ line, character: 99 }), starts[line] + lineText.length);
      }
    }
  });

  it('counts UTF-16 code units, as LSP does', () => {
    const index = new LineIndex('"😀" x');
    assert.deepEqual(index.position(5), { line: 0, character: 5 });
  });

  it('handles the empty text', () => {
    const index = new LineIndex('');
    assert.equal(index.lineCount, 1);
    assert.deepEqual(index.position(0), { line: 0, character: 0 });
    assert.equal(index.offset({ line: 0, character: 3 }), 0);
  });

  it('after an edit, equals the index of the edited text built from scratch', () => {
    const random = seededRandom(19);
    const pieces = ['a', ' ', '\n', '\r', '\r\n', 'host x {\n', '\n\n'];
    for (const breakText of ['\n', '\r\n']) {
      let text = Array.from({ length: 40 }, (_, i) => `line ${i}`).join(breakText) + breakText;
      let index = new LineIndex(text);
      for (let i = 0; i < 400; i++) {
        const at = Math.floor(random() * (text.length + 1));
        const remove = Math.min(Math.floor(random() * 12), text.length - at);
        const insert = random() < 0.8 ? pieces[Math.floor(random() * pieces.length)]! : '';
        const edited = text.slice(0, at) + insert + text.slice(at + remove);
        index = LineIndex.afterEdit(index, edited, changedRange(text, edited));
        text = edited;
        const fresh = new LineIndex(text);
        assert.equal(index.lineCount, fresh.lineCount, `edit ${i}`);
        for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(index.position(offset), fresh.position(offset), `edit ${i}, offset ${offset}`);
      }
    }
  });
});
