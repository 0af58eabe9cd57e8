// Building for editing: a host block, link or session kept by the re-parse is added again from its
// record. That is only right if every span its model, symbols and problems hold lies in the
// statement itself (so moving the statement moves them) and if the result equals a fresh build.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { buildModel } from '../../../server/src/model/build';
import { parse } from '../../../server/src/syntax/parser';
import { reparse } from '../../../server/src/syntax/reparse';
import { NodeSpan, type Block } from '../../../server/src/syntax/tree';
import { editingSources, spanObjects, versionOf } from '../syntax/editingSources';

describe('buildModel for editing', () => {
  it('holds in a record only spans held in its statement, which move with it', () => {
    let hostProblems = 0;
    for (const { name, text } of editingSources) {
      const result = buildModel(parse(text).tree, { previous: undefined });
      assert.ok(result.records && result.records.size > 0, name);
      const kinds = new Set([...result.records.values()].map((record) => record.kind));
      assert.ok(kinds.has('host') && kinds.has('connection'), name);
      for (const [statement, record] of result.records) {
        for (const span of spanObjects(record)) {
          assert.ok(span instanceof NodeSpan && span.statement === statement.span.statement, `${name}: a record of ${statement.kind} at ${statement.span.start} holds a span not of its statement`);
        }
        if (record.kind === 'host') hostProblems += record.problems.length;
      }
    }
    assert.ok(hostProblems > 0);
  });

  it('adds the hosts of kept blocks again as the same objects, and equals a fresh build', () => {
    const text = generateTopology({ hosts: 12, seed: 2 }).text;
    const previousParse = parse(text);
    const previous = buildModel(previousParse.tree, { previous: undefined });
    const hostsBefore = [...previous.model.hosts];
    const at = text.indexOf('\n', text.indexOf('host h00005')) + 1;
    const edited = `${text.slice(0, at)}\n${text.slice(at)}`;
    const reparsed = reparse(versionOf(text, previousParse), edited);
    assert.ok(reparsed);
    const result = buildModel(reparsed.tree, { previous });
    const kept = result.model.hosts.filter((host) => hostsBefore.includes(host)).map((host) => host.name);
    assert.equal(kept.length, 11);
    assert.ok(!kept.includes('h00005'));
    const { records: _records, namesRevision: _revision, ...fresh } = buildModel(parse(edited).tree);
    const { records, namesRevision: _builtRevision, ...built } = result;
    assert.deepEqual(built, fresh);
    assert.equal([...records!.values()].filter((record) => record.kind === 'host').length, 12);
  });

  it('builds a kept host again when a statement before it now declares its name', () => {
    const text = 'host a {\n  nic eth0 { ip 10.0.0.1/24 }\n}\nswitch s {\n}\nhost x {\n}\nhost b {\n  nic eth0 { ip 10.0.0.2/24 }\n}\n';
    const previousParse = parse(text);
    const previous = buildModel(previousParse.tree, { previous: undefined });
    const edited = text.replace('switch s', 'switch b');
    const reparsed = reparse(versionOf(text, previousParse), edited);
    assert.ok(reparsed);
    assert.ok([...reparsed.tree.items].includes(previousParse.tree.items.at(3) as Block));
    const { records: _records, namesRevision: _builtRevision, ...built } = buildModel(reparsed.tree, { previous });
    const { records: _fresh, namesRevision: _freshRevision, ...fresh } = buildModel(parse(edited).tree);
    assert.deepEqual(built, fresh);
    assert.ok(built.problems.some((problem) => problem.message.includes("'b' is already defined")));
  });

  it('adds the links and sessions after an edit again as the same objects, with their name spans moved', () => {
    const text = generateTopology({ hosts: 12, seed: 2 }).text;
    const previousParse = parse(text);
    const previous = buildModel(previousParse.tree, { previous: undefined });
    const before = [...previous.model.links, ...previous.model.sessions];
    const at = text.indexOf('\n', text.indexOf('host h00005')) + 1;
    const edited = `${text.slice(0, at)}\n\n${text.slice(at)}`;
    const reparsed = reparse(versionOf(text, previousParse), edited);
    assert.ok(reparsed);
    const result = buildModel(reparsed.tree, { previous });
    const kept = [...result.model.links, ...result.model.sessions].filter((element) => before.includes(element));
    assert.ok(kept.length >= before.length - 2, `${kept.length} of ${before.length} kept`);
    const { records: _records, namesRevision: _builtRevision, ...built } = result;
    const { records: _fresh, namesRevision: _freshRevision, ...fresh } = buildModel(parse(edited).tree);
    assert.deepEqual(built, fresh);
  });

  const design = [
    'host h {\n  nic eth0 { ip 10.0.0.1/24 }\n}',
    'switch sw {\n}',
    'array a {\n  controller A {\n    port p0 { ip 10.0.0.9/24 }\n  }\n}',
    'link h.eth0 -- sw:7',
    'link a.A.p0 -- sw:8',
    'session h -> a via eth0 -> a.A.p0',
  ].join('\n') + '\n';

  for (const [what, from, to] of [
    ['a switch port the link first named is now declared', 'switch sw {\n}', 'switch sw {\n  port 7 { mtu 9000 }\n}'],
    ["a session's portal is now a Fibre Channel port", 'port p0 { ip 10.0.0.9/24 }', 'port p0 { wwpn 10:00:00:00:c9:12:34:56 }'],
    ["a link's switch is now a host", 'switch sw {\n}', 'host sw {\n}'],
  ] as const) {
    it(`gives a kept link or session the model of a fresh build when ${what}`, () => {
      const previousParse = parse(design);
      const previous = buildModel(previousParse.tree, { previous: undefined });
      const edited = design.replace(from, to);
      const reparsed = reparse(versionOf(design, previousParse), edited);
      assert.ok(reparsed);
      assert.ok([...reparsed.tree.items].includes(previousParse.tree.items.at(5)!), 'the session is kept');
      const { records: _records, namesRevision: _builtRevision, ...built } = buildModel(reparsed.tree, { previous });
      const { records: _fresh, namesRevision: _freshRevision, ...fresh } = buildModel(parse(edited).tree);
      assert.deepEqual(built, fresh);
    });
  }

  it('keeps the names revision while only hosts are built again and their names reach no other statement, and makes a new one otherwise', () => {
    const text = generateTopology({ hosts: 12, seed: 2 }).text;
    let parsed = parse(text);
    let result = buildModel(parsed.tree, { previous: undefined });
    let current = text;
    const edit = (edited: string) => {
      const reparsed = reparse(versionOf(current, parsed), edited);
      assert.ok(reparsed);
      const before = result.namesRevision;
      result = buildModel(reparsed.tree, { previous: result });
      parsed = reparsed;
      current = edited;
      return result.namesRevision === before;
    };
    const host = text.indexOf('\n', text.indexOf('host h00005')) + 1;
    assert.ok(edit(`${text.slice(0, host)}  mtu 9000\n${text.slice(host)}`), 'a property of a host');
    assert.ok(edit(`${text.slice(0, host)}  nic eth9 {}\n${text.slice(host)}`), 'a NIC nothing names');
    const cabled = /^link (h00005\.\w+)/m.exec(text)![1]!.split('.')[1]!;
    const name = text.indexOf(`nic ${cabled} `, text.indexOf('host h00005')) + `nic ${cabled}`.length;
    assert.ok(!edit(`${text.slice(0, name)}x${text.slice(name)}`), 'a NIC a link names, renamed');
  });
});
