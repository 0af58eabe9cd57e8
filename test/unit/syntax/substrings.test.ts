// The tree outlives the text it was read from (a re-parse reads the edited statements from the new
// text and keeps the others): what it keeps must be its own characters, not every version of the
// document it read. Checked in a heap snapshot, since whether a string shares memory with another is
// invisible to the program.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapSnapshot } from 'node:v8';
import { parse } from '../../../server/src/syntax/parser';
import type { ParseResult } from '../../../server/src/syntax/tree';
import { reparse } from '../../../server/src/syntax/reparse';
import { ownSlice } from '../../../server/src/syntax/substrings';
import { versionOf } from './editingSources';

/** A design whose names are long enough (13 characters or more) for V8 to cut them as views. */
function design(header: string, hosts: number, tail = ''): string {
  const blocks = Array.from({ length: hosts }, (_, i) => `host storage-host-${i} {\n  os windows-server-2022\n  nic eth0 { ip 172.24.${i % 250}.${(i % 200) + 10}/24 }\n}\n`);
  return `# ${header}\n${blocks.join('')}${tail}`;
}

/** Sizes of the strings in the heap that begin with `prefix`. */
async function heapStringSizes(prefix: string): Promise<number[]> {
  const chunks: string[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(String(chunk));
  const snapshot = JSON.parse(chunks.join(''));
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const sizes: number[] = [];
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (types[snapshot.nodes[i + typeAt]] !== 'string') continue;
    if ((snapshot.strings[snapshot.nodes[i + nameAt]] as string).startsWith(prefix)) sizes.push(snapshot.nodes[i + sizeAt]);
  }
  return sizes;
}

describe('the strings the tree keeps', () => {
  it('ownSlice cuts what slice cuts', () => {
    const text = 'host storage-host-0 { os windows-server-2022 }';
    assert.equal(ownSlice(text, 5, 19), 'storage-host-0');
    assert.equal(ownSlice(text, 25, 44), 'windows-server-2022');
    assert.equal(ownSlice(text, 0, 4), 'host');
    assert.equal(ownSlice(text, 4, 4), '');
  });

  it('lets the text of a whole parse go once the tree is all that is left of it', async () => {
    const hosts = 400;
    const tree = (() => {
      const text = design('a whole parse', hosts, '# a comment long enough to be cut as a view\nhost "a quoted name long enough" {}\n');
      const parsed = parse(text);
      // The last match of a regular expression (one per process, replaced by the next) holds the
      // string it matched, which may be a view into the text: it is not the tree's.
      /./.exec('-');
      return { length: text.length, parse: parsed };
    })();
    const held = (await heapStringSizes('# a whole parse')).filter((size) => size >= tree.length);
    assert.deepEqual(held, [], 'no string the length of the text');
    assert.ok(tree.parse.tree.items.length > hosts);
  });

  it('lets an edited version of the text go once the next edit replaced it', async () => {
    const hosts = 400;
    // Version two re-parses its first statements, version three its last: the tree of version
    // three still holds the statements read from version two.
    const third = (() => {
      const first = design('version one', hosts);
      const edited = design('version two', hosts);
      const second = reparse(versionOf(first, parse(first)), edited) as ParseResult;
      assert.ok(second, 'the edit of the header re-parses part of the text');
      const text = design('version two', hosts, 'host storage-host-last { os windows-server-2022 }\n');
      return { text, secondLength: edited.length, parse: reparse(versionOf(edited, second), text) };
    })();
    assert.ok(third.parse, 'the edit at the end re-parses part of the text');
    const held = (await heapStringSizes('# version two')).filter((size) => size >= third.secondLength);
    // Version three's own text, and no copy of version two.
    assert.equal(held.length, 1, `strings the length of a whole version: ${held.join(', ')}`);
    assert.ok(third.parse.tree.items.length > hosts);
  });
});
