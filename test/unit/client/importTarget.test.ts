// Where the editor's import writes a design folder and what it asks before writing where files are
// in the way: every file replaced is named, as is every `.topo` file left to be read with the design.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { anotherFolderBeside, anotherFolderName, designFolderName, notAFolderQuestion, targetQuestion } from '../../../client/src/importTarget';
import { firstDesignFile } from '../../../server/src/import/write';

describe('the design folder of an import', () => {
  it('is named after the folder of outputs', () => {
    assert.equal(designFolderName('topo-state'), 'topo-state-design');
  });

  it('opens on the first host file, else the fabric file', () => {
    assert.equal(firstDesignFile(['arrays.topo', 'db01.topo', 'db02.topo', 'fabric.topo']), 'db01.topo');
    assert.equal(firstDesignFile(['arrays.topo', 'fabric.topo']), 'fabric.topo');
    assert.equal(firstDesignFile(['arrays.topo']), 'arrays.topo');
    assert.equal(firstDesignFile([]), undefined);
  });
});

describe('anotherFolderName', () => {
  it('offers a new folder beside the declined one, numbered past the names taken', () => {
    assert.equal(anotherFolderName('topo-state-design', new Set(['topo-state', 'topo-state-design'])), 'topo-state-design-2');
    assert.equal(anotherFolderName('topo-state-design', new Set(['topo-state-design', 'topo-state-design-2', 'topo-state-design-3'])), 'topo-state-design-4');
  });

  it('counts on from a declined folder that is numbered already', () => {
    assert.equal(anotherFolderName('site-design-2', new Set(['site-design-2'])), 'site-design-3');
    assert.equal(anotherFolderName('site-design-9', new Set(['site-design-9', 'site-design-10'])), 'site-design-11');
  });
});

describe('anotherFolderBeside', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'topo-another-folder-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('offers a path beside the declined folder, past the names its folder holds', async () => {
    const parent = path.join(temp, 'outputs');
    for (const name of ['topo-state', 'topo-state-design', 'topo-state-design-2']) mkdirSync(path.join(parent, name), { recursive: true });
    assert.equal(await anotherFolderBeside(path.join(parent, 'topo-state-design')), path.join(parent, 'topo-state-design-3'));
  });

  it('says, naming it, that the folder holding the declined one is gone or is no longer a folder', async () => {
    const parent = path.join(temp, 'removed');
    mkdirSync(path.join(parent, 'topo-state-design'), { recursive: true });
    rmSync(parent, { recursive: true });
    await assert.rejects(anotherFolderBeside(path.join(parent, 'topo-state-design')), {
      message: `cannot offer another folder beside 'topo-state-design' in '${parent}': it no longer exists`,
    });
    const file = path.join(temp, 'replaced');
    writeFileSync(file, '');
    await assert.rejects(anotherFolderBeside(path.join(file, 'topo-state-design')), {
      message: `cannot offer another folder beside 'topo-state-design' in '${file}': it is no longer a folder`,
    });
  });
});

describe('targetQuestion', () => {
  it('asks nothing when nothing is in the way', () => {
    assert.equal(targetQuestion('site-design', [], []), undefined);
  });

  it('names the files replaced and the files kept in the design', () => {
    assert.deepEqual(targetQuestion('site-design', ['db01.topo', 'fabric.topo'], ['notes/old.topo']), {
      message: 'site-design already has 2 files the import writes. Replace them?',
      detail: 'Replaced by the import:\n  db01.topo\n  fabric.topo\n\nKept, and read as part of the imported design:\n  notes/old.topo',
      confirm: 'Replace',
    });
    assert.deepEqual(targetQuestion('site-design', ['db01.topo'], []), {
      message: 'site-design already has a file the import writes. Replace it?',
      detail: 'Replaced by the import:\n  db01.topo',
      confirm: 'Replace',
    });
  });

  it('asks to write beside design files that are only kept', () => {
    assert.deepEqual(targetQuestion('site-design', [], ['old.topo']), {
      message: 'site-design already holds design files. Write the import beside them?',
      detail: 'Kept, and read as part of the imported design:\n  old.topo',
      confirm: 'Write Beside Them',
    });
  });

  it('lists ten names of a kind and counts the rest', () => {
    const names = Array.from({ length: 13 }, (_, n) => `h${n}.topo`);
    const detail = targetQuestion('site-design', names, [])!.detail.split('\n');
    assert.equal(detail.length, 12);
    assert.equal(detail[10], '  h9.topo');
    assert.equal(detail[11], '  and 3 more');
  });

  it('has no confirm when the name is taken by a file', () => {
    assert.equal(notAFolderQuestion('site-design').confirm, undefined);
    assert.match(notAFolderQuestion('site-design').message, /^site-design exists and is not a folder/);
  });
});
