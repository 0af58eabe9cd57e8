// Re-parsing only the statements an edit touched must give exactly the tree of a full parse, and
// must actually keep the rest: an edit inside one statement of a valid file reuses every other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../bench/generate';
import { parse } from '../../../server/src/syntax/parser';
import { reparse } from '../../../server/src/syntax/reparse';
import { editingSources, spanObjects } from './editingSources';

const EDITS = Number(process.env.FC_RUNS ?? 60) * 4;

const PIECES = [' ', '\n', '  ', 'x', '7', '.', ':', '{', '}', '--', '->', '#', '"', '# note\n', 'mtu 9000\n', 'link a.b -- c:1\n', 'host y {}\n', ','];

describe('reparse', () => {
  for (const { name, text: start } of editingSources) {
    it(`gives the tree of a full parse after random edits of ${name}, reusing statements for many`, () => {
      const random = seededRandom(name.length * 31);
      let text = start;
      let previous = parse(text);
      let reused = 0;
      for (let i = 0; i < EDITS; i++) {
        const at = Math.floor(random() * (text.length + 1));
        const remove = random() < 0.3 ? Math.min(text.length - at, Math.floor(random() * 4)) : 0;
        const insert = PIECES[Math.floor(random() * PIECES.length)]!;
        const edited = text.slice(0, at) + insert + text.slice(at + remove);
        const expected = parse(edited);
        const result = reparse(text, previous, edited);
        if (result) {
          reused++;
          assert.deepEqual(result, expected, `edit ${i}: ${JSON.stringify({ at, remove, insert })}`);
        }
        // Undo edits that break the syntax, so the walk stays mostly in valid files, where reuse applies.
        if (expected.errors.length === 0) {
          text = edited;
          previous = result ?? expected;
        } else previous = parse(text);
      }
      assert.ok(reused > EDITS / 4, `only ${reused} of ${EDITS} edits were re-parsed incrementally`);
    });
  }

  it('keeps the statements outside the edit as the same objects, those after it moved', () => {
    const text = 'host a {\n  nic eth0 { ip 10.0.0.1/24 }\n}\nhost b {\n  os linux\n}\nhost c {\n  os linux\n}\nhost d {\n  os linux\n}\nhost e {\n  os linux\n}\nlink a.eth0 -- sw1:1\n';
    const previous = parse(text);
    const [a, b, c, d, e, link] = previous.tree.items;
    const at = text.indexOf('os linux', text.indexOf('host c'));
    const edited = `${text.slice(0, at)}os  linux${text.slice(at + 'os linux'.length)}`;
    const result = reparse(text, previous, edited);
    assert.ok(result);
    // The edited statement is parsed again with one statement on either side.
    assert.deepEqual(
      result.tree.items.map((item) => item === a || item === e || item === link),
      [true, false, false, false, true, true],
    );
    assert.ok(![b, c, d].some((item) => result.tree.items.includes(item!)));
    assert.deepEqual(link!.span, { start: edited.indexOf('link'), end: edited.length - 1 });
    assert.deepEqual(result, parse(edited));
  });

  it('declines when the previous tree or the edited window has a syntax error', () => {
    const valid = 'host a {\n  os linux\n}\nhost b {\n  os linux\n}\n';
    const broken = valid.replace('host b {', 'host b');
    assert.equal(reparse(valid, parse(valid), broken), undefined);
    assert.equal(reparse(broken, parse(broken), valid), undefined);
  });

  it('an error-free tree shares no span object between two nodes, so a move moves each once', () => {
    for (const { name, text } of editingSources) {
      const result = parse(text);
      if (result.errors.length > 0) continue;
      const spans = spanObjects(result.tree);
      assert.equal(new Set(spans).size, spans.length, name);
    }
  });
});
