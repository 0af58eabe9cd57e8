// Building for editing: a host block kept by the re-parse is added again from its record. That is
// only right if every span its model and symbols hold is a span of the block itself (so moving the
// block moves them) and if the result equals a fresh build.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { buildModel } from '../../../server/src/model/build';
import { parse } from '../../../server/src/syntax/parser';
import { reparse } from '../../../server/src/syntax/reparse';
import type { Block } from '../../../server/src/syntax/tree';
import { editingSources, spanObjects } from '../syntax/editingSources';

describe('buildModel for editing', () => {
  it("holds in a recorded host's model and symbols only spans of its own block", () => {
    for (const { name, text } of editingSources) {
      const result = buildModel(parse(text).tree, { previous: undefined });
      assert.ok(result.hostRecords && result.hostRecords.size > 0, name);
      for (const [block, record] of result.hostRecords) {
        const own = new Set(spanObjects(block));
        for (const span of spanObjects(record)) assert.ok(own.has(span), `${name}: host '${record.host.name}' holds a span not of its block`);
      }
    }
  });

  it('adds the hosts of kept blocks again as the same objects, and equals a fresh build', () => {
    const text = generateTopology({ hosts: 12, seed: 2 }).text;
    const previousParse = parse(text);
    const previous = buildModel(previousParse.tree, { previous: undefined });
    const hostsBefore = [...previous.model.hosts];
    const at = text.indexOf('\n', text.indexOf('host h00005')) + 1;
    const edited = `${text.slice(0, at)}\n${text.slice(at)}`;
    const reparsed = reparse(text, previousParse, edited);
    assert.ok(reparsed);
    const result = buildModel(reparsed.tree, { previous });
    const kept = result.model.hosts.filter((host) => hostsBefore.includes(host)).map((host) => host.name);
    assert.equal(kept.length, 9);
    assert.ok(!kept.includes('h00004') && !kept.includes('h00005') && !kept.includes('h00006'));
    const { hostRecords: _records, ...fresh } = buildModel(parse(edited).tree);
    const { hostRecords, ...built } = result;
    assert.deepEqual(built, fresh);
    assert.equal(hostRecords?.size, 12);
  });

  it('builds a kept host again when a statement before it now declares its name', () => {
    const text = 'host a {\n  nic eth0 { ip 10.0.0.1/24 }\n}\nswitch s {\n}\nhost x {\n}\nhost b {\n  nic eth0 { ip 10.0.0.2/24 }\n}\n';
    const previousParse = parse(text);
    const previous = buildModel(previousParse.tree, { previous: undefined });
    const edited = text.replace('switch s', 'switch b');
    const reparsed = reparse(text, previousParse, edited);
    assert.ok(reparsed);
    assert.ok(reparsed.tree.items.includes(previousParse.tree.items[3] as Block));
    const { hostRecords: _records, ...built } = buildModel(reparsed.tree, { previous });
    const { hostRecords: _fresh, ...fresh } = buildModel(parse(edited).tree);
    assert.deepEqual(built, fresh);
    assert.ok(built.problems.some((problem) => problem.message.includes("'b' is already defined")));
  });
});
