// Which design a file of the workspace belongs to, as the server finds it: the nearest folder with
// a .topo.json within the workspace folder, with every .topo file under it but those of a
// sub-design; any other file alone. Disk texts are kept until the watcher says they changed or the
// file is closed in its editor.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { WorkspaceDesigns } from '../../../server/src/service/workspaceDesigns';

const temp = mkdtempSync(path.join(tmpdir(), 'topo-workspace-designs-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const uri = (name: string) => pathToFileURL(path.join(temp, name)).href;
function write(name: string, text: string): void {
  mkdirSync(path.dirname(path.join(temp, name)), { recursive: true });
  writeFileSync(path.join(temp, name), text);
}

describe('WorkspaceDesigns', () => {
  // temp/.topo.json lies above the workspace folder (temp/ws): it makes no design of the workspace.
  write('.topo.json', '{}');
  write('ws/loose.topo', 'switch a {}\n');
  write('ws/site/.topo.json', '{}');
  write('ws/site/fabric.topo', 'switch b {}\n');
  write('ws/site/clusters/hv.topo', 'host h {}\n');
  write('ws/site/lab/.topo.json', '{}');
  write('ws/site/lab/lab.topo', 'switch b {}\n');
  const workspace = uri('ws');

  it('gives a file under a design folder every file of that design, sub-designs apart', async () => {
    const designs = new WorkspaceDesigns(1_000_000);
    const design = await designs.designOf(uri('ws/site/clusters/hv.topo'), workspace);
    assert.deepEqual(design, { folderUri: uri('ws/site'), files: [uri('ws/site/clusters/hv.topo'), uri('ws/site/fabric.topo')] });
    assert.deepEqual(await designs.designOf(uri('ws/site/lab/lab.topo'), workspace), { folderUri: uri('ws/site/lab'), files: [uri('ws/site/lab/lab.topo')] });
  });

  it('leaves a file with no .topo.json above it within its workspace folder alone', async () => {
    const designs = new WorkspaceDesigns(1_000_000);
    assert.deepEqual(await designs.designOf(uri('ws/loose.topo'), workspace), { folderUri: undefined, files: [uri('ws/loose.topo')] });
    assert.deepEqual(await designs.designOf(uri('ws/loose.topo'), undefined), { folderUri: undefined, files: [uri('ws/loose.topo')] });
  });

  it('keeps what it read until told that files changed, were created or deleted', async () => {
    const designs = new WorkspaceDesigns(1_000_000);
    assert.equal(await designs.diskText(uri('ws/site/fabric.topo')), 'switch b {}\n');
    assert.equal((await designs.designOf(uri('ws/site/fabric.topo'), workspace)).files.length, 2);
    write('ws/site/fabric.topo', 'switch c {}\n');
    write('ws/site/arrays.topo', 'array p {}\n');
    assert.equal(await designs.diskText(uri('ws/site/fabric.topo')), 'switch b {}\n');
    assert.equal((await designs.designOf(uri('ws/site/fabric.topo'), workspace)).files.length, 2);
    designs.changed([uri('ws/site/fabric.topo'), uri('ws/site/arrays.topo')]);
    assert.equal(await designs.diskText(uri('ws/site/fabric.topo')), 'switch c {}\n');
    assert.deepEqual((await designs.designOf(uri('ws/site/fabric.topo'), workspace)).files, [uri('ws/site/arrays.topo'), uri('ws/site/clusters/hv.topo'), uri('ws/site/fabric.topo')]);
    assert.equal(await designs.diskText(uri('ws/site/missing.topo')), 'missing');
  });

  it('reads a file closed in its editor again, as the editor may have saved it before the watcher says so', async () => {
    write('ws/saved/.topo.json', '{}');
    write('ws/saved/fabric.topo', 'switch b {}\n');
    const designs = new WorkspaceDesigns(1_000_000);
    assert.equal(await designs.diskText(uri('ws/saved/fabric.topo')), 'switch b {}\n');
    write('ws/saved/fabric.topo', 'switch c {}\n');
    designs.closed(uri('ws/saved/fabric.topo'));
    assert.equal(await designs.diskText(uri('ws/saved/fabric.topo')), 'switch c {}\n');
  });

  it('gives each file’s text, an open one’s as its editor has it, and keeps a file it cannot read in the design, saying why', async () => {
    write('ws/big/.topo.json', '{}');
    write('ws/big/fabric.topo', 'switch b {}\n');
    write('ws/big/hosts.topo', `# ${'x'.repeat(100)}\n`);
    write('ws/big/binary.topo', 'switch \0 {}\n');
    const designs = new WorkspaceDesigns(50);
    const files = ['binary.topo', 'fabric.topo', 'gone.topo', 'hosts.topo', 'open.topo', 'open-large.topo'].map((name) => uri(`ws/big/${name}`));
    const open = (file: string) => (file.endsWith('/open.topo') ? 'host h {}\n' : file.endsWith('/open-large.topo') ? 'x'.repeat(51) : undefined);
    const texts = await designs.texts(files, open);
    assert.deepEqual(texts, [
      { name: uri('ws/big/binary.topo'), text: '', leftOut: 'is a binary file, not a design' },
      { name: uri('ws/big/fabric.topo'), text: 'switch b {}\n' },
      { name: uri('ws/big/hosts.topo'), text: '', leftOut: 'is 1 KB; designs larger than 1 KB are not read' },
      { name: uri('ws/big/open.topo'), text: 'host h {}\n' },
      { name: uri('ws/big/open-large.topo'), text: '', leftOut: 'is 1 KB; designs larger than 1 KB are not read' },
    ]);
  });
});
