// Re-parsing only the statements an edit touched must give exactly the tree of a full parse, and
// must actually keep the rest: an edit inside one statement reuses every other, also while the
// text around the edit has syntax errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../bench/generate';
import { parse } from '../../../server/src/syntax/parser';
import { reparse } from '../../../server/src/syntax/reparse';
import { SyntaxCode } from '../../../server/src/syntax/tokens';
import { editingSources, versionOf } from './editingSources';
import { withOffsets } from '../spanOffsets';

const EDITS = Number(process.env.FC_RUNS ?? 60) * 4;

const PIECES = [' ', '\n', '  ', 'x', '7', '.', ':', '{', '}', '--', '->', '#', '"', '# note\n', 'mtu 9000\n', 'link a.b -- c:1\n', 'host y {}\n', ','];

describe('reparse', () => {
  for (const { name, text: start } of editingSources) {
    it(`gives the tree of a full parse after random edits of ${name}, reusing statements for many`, () => {
      const random = seededRandom(name.length * 31);
      let text = start;
      let previous = parse(text);
      let reused = 0;
      let reusedWithErrors = 0;
      for (let i = 0; i < EDITS; i++) {
        // The walk goes on from broken text too (half-typed lines are where editing is), but not
        // from an unclosed block, which an editor's auto-closed braces make rare, and starts
        // afresh now and then so that errors do not pile up.
        if (i % 25 === 0) {
          text = start;
          previous = parse(text);
        }
        const at = Math.floor(random() * (text.length + 1));
        const remove = random() < 0.3 ? Math.min(text.length - at, Math.floor(random() * 4)) : 0;
        const insert = PIECES[Math.floor(random() * PIECES.length)]!;
        const edited = text.slice(0, at) + insert + text.slice(at + remove);
        const expected = parse(edited);
        const startsBefore = new Map([...previous.tree.items].map((item) => [item, item.span.start]));
        const result = reparse(versionOf(text, previous), edited);
        if (result) {
          reused++;
          if (result.errors.length > 0 || previous.errors.length > 0) reusedWithErrors++;
          const where = `edit ${i}: ${JSON.stringify({ at, remove, insert })}`;
          assert.deepEqual(withOffsets(result), withOffsets(expected), where);
          // The model reads where the statements it built from lay: those replaced have not moved.
          const kept = new Set(result.tree.items);
          for (const [item, start] of startsBefore) if (!kept.has(item)) assert.equal(item.span.start, start, `${where}: a replaced statement moved`);
        }
        if (!expected.errors.some((error) => error.code === SyntaxCode.UnclosedBlock)) {
          text = edited;
          previous = result ?? expected;
        }
      }
      assert.ok(reused > EDITS / 4, `only ${reused} of ${EDITS} edits were re-parsed incrementally`);
      assert.ok(reusedWithErrors > EDITS / 20, `only ${reusedWithErrors} edits with syntax errors were re-parsed incrementally`);
    });
  }

  it('keeps the statements outside the edit as the same objects, those after it moved', () => {
    const text = 'host a {\n  nic eth0 { ip 10.0.0.1/24 }\n}\nhost b {\n  os linux\n}\nhost c {\n  os linux\n}\nhost d {\n  os linux\n}\nhost e {\n  os linux\n}\nlink a.eth0 -- sw1:1\n';
    const previous = parse(text);
    const [a, b, c, d, e, link] = previous.tree.items;
    const at = text.indexOf('os linux', text.indexOf('host c'));
    const edited = `${text.slice(0, at)}os  linux${text.slice(at + 'os linux'.length)}`;
    const result = reparse(versionOf(text, previous), edited);
    assert.ok(result);
    // The edited statement is parsed again with one statement on either side, which are written
    // as before and so kept.
    assert.deepEqual([...result.tree.items].map((item) => [a, b, d, e, link].includes(item)), [true, true, false, true, true, true]);
    assert.ok(![...result.tree.items].includes(c!));
    assert.deepEqual(withOffsets(d!.span), { start: edited.indexOf('host d'), end: edited.indexOf('host e') - 1 });
    assert.deepEqual(withOffsets(link!.span), { start: edited.indexOf('link'), end: edited.length - 1 });
    assert.deepEqual(withOffsets(result), withOffsets(parse(edited)));
  });

  it('leaves the statements it replaced where they were, also those that began a run of statements', () => {
    // 64 statements make a run (syntax/tree.ts): `host y`, whose syntax error keeps it from being
    // kept, begins the second, which moves whole with the statements after the edit.
    const runOfStatements = Array.from({ length: 63 }, (_, i) => `host h${i} {}\n`).join('');
    const text = `${runOfStatements}host x {\n  os linux\n}\nhost y {\n  os\n}\nhost z {}\n`;
    const previous = parse(text);
    const starts = new Map([...previous.tree.items].map((item) => [item, item.span.start]));
    const edited = text.replace('linux', 'windows');
    const result = reparse(versionOf(text, previous), edited);
    assert.ok(result);
    assert.deepEqual(withOffsets(result), withOffsets(parse(edited)));
    const replaced = [...previous.tree.items].filter((item) => ![...result.tree.items].includes(item));
    assert.deepEqual(replaced.map((item) => [item.span.start, starts.get(item)]), [
      [text.indexOf('host x'), text.indexOf('host x')],
      [text.indexOf('host y'), text.indexOf('host y')],
    ]);
  });

  it('re-parses around a syntax error inside a statement, and declines for an unclosed block', () => {
    const valid = 'host a {\n  os linux\n}\nhost b {\n  os linux\n}\nhost c {\n  os linux\n}\nhost d {\n  os linux\n}\n';
    const missingValue = valid.replace('os linux\n}\nhost c', 'os\n}\nhost c');
    const result = reparse(versionOf(valid, parse(valid)), missingValue);
    assert.ok(result);
    assert.ok(result.errors.length > 0);
    assert.deepEqual(withOffsets(result), withOffsets(parse(missingValue)));
    const unclosed = valid.replace('host b {\n  os linux\n}', 'host b {\n  os linux\n');
    assert.equal(reparse(versionOf(valid, parse(valid)), unclosed), undefined);
    assert.equal(reparse(versionOf(unclosed, parse(unclosed)), valid), undefined);
  });
});
