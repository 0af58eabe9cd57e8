// What writing a design's files into a folder meets, as `topo import --design` and the editor's
// import ask it: the files it would replace, the other `.topo` files the design would read
// (a sub-design with its own `.topo.json` is not among them), and whether a `.topo.json` is there.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { designFolderTarget, designFolderWrites } from '../../../server/src/config/designFolder';

const scratch = mkdtempSync(path.join(tmpdir(), 'topo-design-folder-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const NAMES = ['arrays.topo', 'db01.topo', 'fabric.topo'];

describe('designFolderTarget', () => {
  it('a folder that does not exist is absent, a file is not a folder', async () => {
    assert.deepEqual(await designFolderTarget(path.join(scratch, 'new'), NAMES), { kind: 'absent' });
    writeFileSync(path.join(scratch, 'a-file'), '');
    assert.deepEqual(await designFolderTarget(path.join(scratch, 'a-file'), NAMES), { kind: 'not-a-folder' });
  });

  it('an empty folder has nothing in the way', async () => {
    mkdirSync(path.join(scratch, 'empty'));
    assert.deepEqual(await designFolderTarget(path.join(scratch, 'empty'), NAMES), { kind: 'folder', replaced: [], kept: [], hasSettings: false });
  });

  it('names the files replaced and the design files kept, not a sub-design or other files', async () => {
    const folder = path.join(scratch, 'again');
    mkdirSync(path.join(folder, 'notes'), { recursive: true });
    mkdirSync(path.join(folder, 'lab'), { recursive: true });
    for (const name of ['.topo.json', 'db01.topo', 'fabric.topo', 'README.md', 'notes/old.topo', 'lab/.topo.json', 'lab/lab.topo']) writeFileSync(path.join(folder, name), '');
    assert.deepEqual(await designFolderTarget(folder, NAMES), {
      kind: 'folder',
      replaced: [path.join(folder, 'db01.topo'), path.join(folder, 'fabric.topo')],
      kept: [path.join(folder, 'notes', 'old.topo')],
      hasSettings: true,
    });
  });
});

describe('designFolderWrites', () => {
  const files = [{ name: 'db01.topo', text: 'host db01 {\n}\n' }];
  it('writes an empty .topo.json first when the folder has none, and keeps the one there', () => {
    assert.deepEqual(designFolderWrites(files, false), [{ name: '.topo.json', text: '{}\n' }, ...files]);
    assert.deepEqual(designFolderWrites(files, true), files);
  });
});
