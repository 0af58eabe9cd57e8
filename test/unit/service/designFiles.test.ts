// A design of several files is read as one text, its files one after another: the file table maps
// offsets to files and back, the parser never reads across a file's end, names resolve across
// files, and an editor's chain of edits in one file gives what a parse from scratch gives.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../bench/generate';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeNextDesignVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { withOffsets } from '../spanOffsets';

const EXAMPLE = path.join(import.meta.dirname, '../../../examples/site-a');
const exampleFiles = () =>
  readdirSync(EXAMPLE)
    .filter((name) => name.endsWith('.topo'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(EXAMPLE, name), 'utf8') }));

/** Where each problem lies, as file:line:character and code. */
function located(doc: DocumentAnalysis): string[] {
  return doc.problems.map((problem) => {
    const at = doc.files.range(problem.span);
    return `${at.file.name}:${at.start.line}:${at.start.character} ${problem.code}`;
  });
}

describe('DesignFiles', () => {
  const files = new DesignFiles([
    { name: 'a.topo', text: 'switch s1 {}\n' },
    { name: 'b.topo', text: 'switch s2 {}' },
    { name: 'c.topo', text: '' },
  ]);

  it('joins the files, each followed by a line break of its own', () => {
    assert.equal(files.text, 'switch s1 {}\n\nswitch s2 {}\n');
    assert.deepEqual(files.parts, [{ start: 0, end: 13 }, { start: 14, end: 26 }, { start: 27, end: 27 }]);
  });

  it('maps an offset to its file and a position in a file back to the offset', () => {
    assert.equal(files.fileAt(0).name, 'a.topo');
    assert.equal(files.fileAt(13).name, 'a.topo', 'the line break after a file is its end');
    assert.equal(files.fileAt(14).name, 'b.topo');
    assert.equal(files.fileAt(27).name, 'c.topo');
    const s2 = files.text.indexOf('s2');
    assert.deepEqual(files.range({ start: s2, end: s2 + 2 }), { file: files.file('b.topo'), start: { line: 0, character: 7 }, end: { line: 0, character: 9 } });
    assert.equal(files.offset('b.topo', { line: 0, character: 7 }), s2);
    assert.equal(files.offset('d.topo', { line: 0, character: 0 }), undefined);
  });

  it('applies edits to the files they begin in', () => {
    const s1 = files.text.indexOf('s1');
    const s2 = files.text.indexOf('s2');
    const edited = files.edited([
      { start: s2, end: s2 + 2, newText: 'core2' },
      { start: s1, end: s1 + 2, newText: 'core1' },
      { start: 13, end: 13, newText: 'switch s3 {}\n' },
    ]);
    assert.deepEqual(
      edited.files.map((file) => [file.name, file.text]),
      [
        ['a.topo', 'switch core1 {}\nswitch s3 {}\n'],
        ['b.topo', 'switch core2 {}'],
        ['c.topo', ''],
      ],
    );
  });
});

describe('a design of several files', () => {
  it('ends a block left unclosed at its file’s end, with the error it has at the end of a text', () => {
    const fabric = { name: 'fabric.topo', text: 'switch sw1 {\n  mtu 9216\n' };
    const doc = analyzeDesign(new DesignFiles([fabric, { name: 'hosts.topo', text: 'host h1 {\n  os linux\n}\n' }]));
    const alone = analyzeDesign(new DesignFiles([fabric]));
    assert.deepEqual(doc.parse.errors, alone.parse.errors);
    assert.deepEqual(located(doc).filter((problem) => problem.startsWith('fabric')), ['fabric.topo:1:10 TOPO201']);
    assert.deepEqual([...doc.parse.tree.items].map((item) => item.kind === 'block' && item.name?.text), ['sw1', 'h1']);
  });

  it('resolves names across files and reports a name defined twice on both definitions', () => {
    const doc = analyzeDesign(new DesignFiles([
      { name: 'arrays.topo', text: 'switch sw1 {}\n' },
      { name: 'fabric.topo', text: 'switch sw1 {}\nswitch sw2 {}\n' },
      { name: 'hosts.topo', text: 'host h1 {\n  os linux\n  nic eth0 { ip 10.0.0.1/24 }\n}\nlink h1.eth0 -- sw2:1\n' },
    ]));
    const duplicates = doc.problems.filter((problem) => problem.code === 'TOPO303');
    assert.deepEqual(
      duplicates.map((problem) => [doc.files.range(problem.span).file.name, doc.files.range(problem.related![0]!.span).file.name]),
      [
        ['arrays.topo', 'fabric.topo'],
        ['fabric.topo', 'arrays.topo'],
      ],
    );
    assert.ok(!doc.problems.some((problem) => problem.code === 'TOPO330' || /unknown|not defined/.test(problem.message)), located(doc).join('\n'));
  });

  it('reports a name defined twice in one file on both definitions, each pointing at the other', () => {
    const text = 'switch sw1 {}\nhost h1 {}\nswitch sw1 {}\n';
    const doc = analyzeDesign(new DesignFiles([{ name: 'fabric.topo', text }]));
    const duplicates = doc.problems.filter((problem) => problem.code === 'TOPO303');
    const first = text.indexOf('sw1');
    const second = text.lastIndexOf('sw1');
    assert.deepEqual(
      duplicates.map((problem) => [problem.span.start, problem.related![0]!.span.start, problem.message]),
      [
        [first, second, "'sw1' is defined again below; a name is defined once in a design"],
        [second, first, "'sw1' is already defined as a switch"],
      ],
    );
  });

  it('says on a file it could not read that the design is checked without it', () => {
    const doc = analyzeDesign(new DesignFiles([
      { name: 'a.topo', text: 'switch s1 {\n  mtu 9216\n}\n' },
      { name: 'b.topo', text: '', leftOut: 'is 5 MB; designs larger than 4 MB are not read' },
      { name: 'c.topo', text: 'switch s2 {\n  mtu 9216\n}\n' },
    ]));
    assert.deepEqual(located(doc), ['b.topo:0:0 design-file-unreadable']);
    assert.equal(doc.problems[0]!.message, 'This file is 5 MB; designs larger than 4 MB are not read: the design is checked without it');
    assert.equal(doc.problems[0]!.severity, 'error');
  });

  it('keeps a file-wide suppression comment to its own file', () => {
    const host = (name: string, address: string) => `host ${name} {\n  os linux\n  nic eth0 { ip ${address} }\n}\n`;
    const doc = analyzeDesign(new DesignFiles([
      { name: 'a.topo', text: `# topo-disable uncabled\n${host('h1', '10.0.0.1/24')}` },
      { name: 'b.topo', text: host('h2', '10.0.0.2/24') },
    ]));
    assert.deepEqual(located(doc), ['b.topo:2:2 uncabled']);
  });

  it('places the example design’s finding in the file it is written in', () => {
    const doc = analyzeDesign(new DesignFiles(exampleFiles()), DEFAULT_SETTINGS);
    const singleSwitch = doc.problems.filter((problem) => problem.code === 'single-switch');
    assert.deepEqual(
      singleSwitch.map((problem) => [problem.data?.host, doc.files.range(problem.span).file.name, doc.files.range(problem.related![0]!.span).file.name]),
      [
        ['db01', 'cluster-db.topo', 'fabric.topo'],
        ['db02', 'cluster-db.topo', 'fabric.topo'],
      ],
    );
    const swA = doc.files.range(singleSwitch[0]!.related![0]!.span);
    assert.equal(swA.file.text.split('\n')[swA.start.line], 'switch sw-a {');
  });

  it('gives, after each edit of one file, what a parse of the whole design gives', () => {
    const random = seededRandom(23);
    let files = new DesignFiles(exampleFiles());
    let doc = analyzeDesign(files);
    const pieces = [' ', '\n', '}', '{', 'x', 'mtu 9000 ', 'host z {\n', '#', '10.20.1.'];
    for (let step = 0; step < 80; step++) {
      const file = files.files[Math.floor(random() * files.files.length)]!;
      const at = Math.floor(random() * (file.text.length + 1));
      const remove = Math.min(file.text.length - at, Math.floor(random() * 4));
      const insert = pieces[Math.floor(random() * pieces.length)]!;
      files = new DesignFiles(files.files.map((each) => ({ name: each.name, text: each === file ? each.text.slice(0, at) + insert + each.text.slice(at + remove) : each.text })));
      doc = analyzeNextDesignVersion(files, DEFAULT_SETTINGS, doc);
      const scratch = analyzeDesign(files);
      assert.deepEqual(withOffsets(doc.problems), withOffsets(scratch.problems), `step ${step}`);
      assert.deepEqual(JSON.parse(JSON.stringify(doc.parse)), JSON.parse(JSON.stringify(scratch.parse)), `step ${step}`);
    }
  });
});
