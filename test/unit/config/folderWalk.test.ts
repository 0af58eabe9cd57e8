// The one folder walk of the CLI and the server: symbolic links followed to files and folders,
// each real folder once (a link to a parent or a ring of links ends), and what cannot be read
// (a link to nothing, a FIFO) listed for its reader to name, never skipped unsaid.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { walkFolder } from '../../../server/src/config/folderWalk';
import { findTopoFiles } from '../../../server/src/service/workspaceFiles';
import { pathToFileURL } from 'node:url';

const scratch = mkdtempSync(path.join(tmpdir(), 'topo-walk-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A linted folder whose links reach a design and a folder outside it, itself, its parent, the root, a ring, nothing and a FIFO. */
function linkedFolder(name: string): string {
  const outside = path.join(scratch, name, 'outside');
  mkdirSync(path.join(outside, 'shared'), { recursive: true });
  writeFileSync(path.join(outside, 'site.topo'), 'host a {\n}\n');
  writeFileSync(path.join(outside, 'shared', 'common.topo'), 'host b {\n}\n');
  execFileSync('mkfifo', [path.join(outside, 'pipe')]);
  const folder = path.join(scratch, name, 'designs');
  mkdirSync(path.join(folder, 'own'), { recursive: true });
  writeFileSync(path.join(folder, 'own', 'main.topo'), 'host c {\n}\n');
  symlinkSync(path.join(outside, 'site.topo'), path.join(folder, 'linked.topo'));
  symlinkSync(path.join(outside, 'shared'), path.join(folder, 'shared'));
  symlinkSync(path.join(outside, 'shared'), path.join(folder, 'shared-again'));
  symlinkSync(folder, path.join(folder, 'own', 'up'));
  symlinkSync(path.dirname(folder), path.join(folder, 'parent'));
  symlinkSync(path.parse(folder).root, path.join(folder, 'root'));
  symlinkSync(path.join(folder, 'ring-b.topo'), path.join(folder, 'ring-a.topo'));
  symlinkSync(path.join(folder, 'ring-a.topo'), path.join(folder, 'ring-b.topo'));
  symlinkSync(path.join(outside, 'gone.topo'), path.join(folder, 'dangling.topo'));
  symlinkSync(path.join(outside, 'pipe'), path.join(folder, 'pipe.topo'));
  return folder;
}

describe('walkFolder', () => {
  it('follows links to files and folders, walks each real folder once, never a folder holding it, and lists what it cannot follow', async () => {
    const folder = linkedFolder('walk');
    const { files, truncated, unreadable } = await walkFolder(folder, { select: (name) => name.endsWith('.topo') });
    assert.deepEqual(
      files.map((file) => path.relative(folder, file)),
      ['dangling.topo', 'linked.topo', 'own/main.topo', 'pipe.topo', 'ring-a.topo', 'ring-b.topo', 'shared/common.topo'],
    );
    assert.equal(truncated, false);
    assert.deepEqual(unreadable, []);
  });

  it('stops at maxFiles and says so; names a folder it cannot list', async () => {
    const folder = linkedFolder('bounded');
    const bounded = await walkFolder(folder, { maxFiles: 2 });
    assert.equal(bounded.files.length, 2);
    assert.equal(bounded.truncated, true);
    const missing = await walkFolder(path.join(folder, 'nowhere'));
    assert.deepEqual(missing.unreadable, [{ folder: path.join(folder, 'nowhere'), reason: 'no such file' }]);
  });

  it('workspace symbols find the designs a link reaches, once each, without hanging on a loop', async () => {
    const folder = linkedFolder('workspace');
    const found = await findTopoFiles(pathToFileURL(folder));
    assert.ok(found.includes(path.join(folder, 'linked.topo')));
    assert.ok(found.includes(path.join(folder, 'shared/common.topo')));
    assert.ok(!found.some((file) => file.includes('shared-again') || file.includes(`${path.sep}up${path.sep}`)));
  });
});
