// The word table must give back exactly the word asked for, however many words it holds and
// whatever their hashes: it replaces cutting the word out of the text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WordTable } from '../../../server/src/syntax/words';

describe('WordTable', () => {
  it('gives each word back as written, the first time and every time after, past many growths', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `h${i}` : i % 3 === 1 ? `eth${i % 7}` : `é${i}ü`));
    const text = words.join(' ');
    const table = new WordTable();
    for (let round = 0; round < 2; round++) {
      let at = 0;
      for (const word of words) {
        assert.equal(table.intern(text, at, at + word.length), word);
        at += word.length + 1;
      }
    }
  });

  it('tells apart words of one length that share a prefix, and the empty word', () => {
    const text = 'ab ac ab ba ';
    const table = new WordTable();
    assert.deepEqual([table.intern(text, 0, 2), table.intern(text, 3, 5), table.intern(text, 6, 8), table.intern(text, 9, 11), table.intern(text, 2, 2)], ['ab', 'ac', 'ab', 'ba', '']);
  });
});
