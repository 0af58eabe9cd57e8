// A re-parse reads the edited statements from the new text, and the tree keeps them after that
// text is gone: what they keep must be their own characters, not every edited version of the
// document. Checked in a heap snapshot, since whether a string shares memory with another is
// invisible to the program.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapSnapshot } from 'node:v8';
import { parse } from '../../../server/src/syntax/parser';
import type { ParseResult } from '../../../server/src/syntax/tree';
import { reparse } from '../../../server/src/syntax/reparse';
import { Substrings } from '../../../server/src/syntax/substrings';
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

describe('Substrings', () => {
  it('cuts a part of a text by offsets into the whole text', () => {
    const text = 'host storage-host-0 { os windows-server-2022 }';
    const part = new Substrings(text, 5, 44);
    assert.equal(part.cut(5, 19), 'storage-host-0');
    assert.equal(part.cut(25, 44), 'windows-server-2022');
    assert.equal(new Substrings(text, 0, text.length).cut(0, 4), 'host');
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
