import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildModel } from '../../../server/src/model/build';
import { validateModel } from '../../../server/src/model/schema';
import { parse } from '../../../server/src/syntax/parser';

const files = readdirSync('examples').filter((name) => name.endsWith('.topo')).sort();

test('the bundled examples are all there', () => {
  assert.deepEqual(files, [
    'dual-fabric-mpio.topo',
    'fc-dual-fabric.topo',
    'infortrend-trunk-mcs.topo',
    'linux-dm-multipath.topo',
    'serverfault-lacp-team.topo',
    'vmware-esxi-port-binding.topo',
  ]);
});

for (const file of files) {
  const text = readFileSync(`examples/${file}`, 'utf8');

  test(`${file} parses with no syntax error`, () => {
    const { tree, errors } = parse(text);
    assert.deepEqual(errors, []);
    assert.ok(tree.items.length > 0);
  });

  test(`${file} builds a valid model with no problem`, () => {
    const { model, problems } = buildModel(parse(text).tree);
    assert.deepEqual(problems.map((problem) => `${problem.code} ${problem.message}`), []);
    assert.deepEqual(validateModel(model), []);
    assert.ok(model.hosts.length > 0 && model.arrays.length > 0 && model.links.length > 0);
  });

  test(`${file} opens with a header comment and reads comfortably`, () => {
    const lines = text.split('\n');
    assert.match(lines[0], /^# \S/);
    assert.ok(lines.length >= 40 && lines.length <= 120, `${lines.length} lines`);
    for (const [index, line] of lines.entries()) {
      assert.ok(line.length <= 100, `line ${index + 1} is ${line.length} characters long`);
      assert.doesNotMatch(line, /\s$/, `line ${index + 1} ends in white space`);
    }
  });
}

test('every topo code block in docs/language.md parses with no syntax error', () => {
  const blocks = [...readFileSync('docs/language.md', 'utf8').matchAll(/```topo\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 7, `only ${blocks.length} topo blocks`);
  for (const block of blocks) assert.deepEqual(parse(block).errors, [], block);
});

test('the walk-through in docs/language.md shows the serverfault example as it is', () => {
  const example = readFileSync('examples/serverfault-lacp-team.topo', 'utf8');
  const design = example.slice(example.indexOf('host hv01 {')).trimEnd();
  assert.ok(readFileSync('docs/language.md', 'utf8').includes('```topo\n' + design + '\n```'));
});
