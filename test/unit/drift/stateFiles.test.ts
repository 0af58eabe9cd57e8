// Reading the state a `.topo.json` names, as the language server does: outputs read and joined as
// `topo import` reads them, and every file or folder that is no output named, never thrown.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { observedPathStates } from '../../../server/src/drift';
import { matchDesign } from '../../../server/src/drift/context';
import { readState } from '../../../server/src/drift/stateFiles';
import { analyzeDocument } from '../../../server/src/service/languageService';

const FIXTURES = path.resolve(__dirname, '../../fixtures/drift');
const scratch = mkdtempSync(path.join(tmpdir(), 'topo-state-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function folderWith(name: string, fixture: string): string {
  const dir = path.join(scratch, name);
  cpSync(path.join(FIXTURES, fixture, 'state'), path.join(dir, 'state'), { recursive: true });
  return dir;
}

describe('readState', () => {
  it('reads a folder per machine as topo import does, files named from the settings folder', async () => {
    const dir = folderWith('plain', 'drift-cable');
    const state = await readState(dir, ['state/']);
    assert.deepEqual(state.problems, []);
    assert.ok(state.files.every((file) => file.read.format !== undefined));
    assert.ok(state.files.some((file) => file.file === 'state/db01/lldpctl-keyvalue.txt' && file.folder === 'state/db01'));
    assert.deepEqual(state.observed.hosts.map((host) => host.name), ['db01']);
  });

  it('names what is not an output — binary, empty, a FIFO, a missing path — on its entry, and reads the rest', async () => {
    const dir = folderWith('hostile', 'drift-cable');
    writeFileSync(path.join(dir, 'state/db01/core'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    writeFileSync(path.join(dir, 'state/db01/empty.txt'), '');
    execFileSync('mkfifo', [path.join(dir, 'state/db01/fifo')]);
    mkdirSync(path.join(dir, 'nothing'));
    const state = await readState(dir, ['state', 'gone', 'nothing', 'state/db01/fifo']);
    assert.deepEqual(
      state.problems.map((problem) => [problem.entry, problem.severity, problem.message]),
      [
        [0, 'info', "3 file(s) of state 'state' not read: state/db01/core: a binary file, not a command output; not read; state/db01/empty.txt: empty: the command printed nothing; state/db01/fifo: not a regular file; not read"],
        [1, 'error', "state 'gone' cannot be read: no such file or folder"],
        [2, 'warning', "state folder 'nothing' has no files"],
        [3, 'error', "state 'state/db01/fifo' is not a regular file or folder"],
      ],
    );
    assert.deepEqual(state.observed.hosts.map((host) => host.name), ['db01']);
  });

  it('follows a symbolic link to a machine folder, as topo import does', async () => {
    const dir = folderWith('linked', 'drift-cable');
    renameSync(path.join(dir, 'state/db01'), path.join(dir, 'db01-collected'));
    symlinkSync(path.join(dir, 'db01-collected'), path.join(dir, 'state/db01'));
    const state = await readState(dir, ['state']);
    assert.deepEqual(state.problems, []);
    assert.ok(state.files.some((file) => file.file === 'state/db01/lldpctl-keyvalue.txt'));
    assert.deepEqual(state.observed.hosts.map((host) => host.name), ['db01']);
  });

  it('stops at the file and byte limits with a message instead of reading on', async () => {
    const dir = folderWith('limits', 'drift-cable');
    const byFiles = await readState(dir, ['state'], { maxFiles: 3, maxBytes: 1 << 30 });
    assert.equal(byFiles.files.length, 3);
    assert.deepEqual(byFiles.problems.map((problem) => problem.message), ["state 'state' holds more than 3 files; the rest are not read"]);
    const byBytes = await readState(dir, ['state'], { maxFiles: 100, maxBytes: 1000 });
    assert.ok(byBytes.files.length < 10);
    assert.match(byBytes.problems[0].message, /^state 'state' holds more than 0 MB of outputs; state\/.+ and the files after it are not read$/);
  });

  it('says so when nothing in the state is an output', async () => {
    const dir = path.join(scratch, 'notes');
    mkdirSync(path.join(dir, 'state'), { recursive: true });
    writeFileSync(path.join(dir, 'state/README.md'), '# collected on Monday\n');
    const state = await readState(dir, ['state']);
    assert.deepEqual(state.problems.map((problem) => problem.severity), ['error']);
    assert.match(state.problems[0].message, /^none of the 1 file\(s\) of state 'state' is a command output the import reads/);
  });
});

describe('observed path states', () => {
  async function states(fixture: string) {
    const dir = path.join(FIXTURES, fixture);
    const document = analyzeDocument(readFileSync(path.join(dir, 'design.topo'), 'utf8'));
    const { observed } = await readState(dir, ['state']);
    return observedPathStates(matchDesign(document.modelResult.model, document.analysis, observed));
  }

  it('a failed LUN path is failed for its volume only; paths to the other controller stand by (ALUA), the rest are active', async () => {
    assert.deepEqual(Object.fromEntries(await states('drift-path-state')), {
      'db01.ens1f0->e4000.A.p0@e4000.pgdata': 'failed',
      'db01.ens1f0->e4000.B.p0@e4000.pgdata': 'standby',
      'db01.ens2f0->e4000.A.p1@e4000.pgdata': 'active',
      'db01.ens2f0->e4000.B.p1@e4000.pgdata': 'standby',
      'db01.ens1f0->e4000.A.p0@e4000.pgwal': 'standby',
      'db01.ens1f0->e4000.B.p0@e4000.pgwal': 'active',
      'db01.ens2f0->e4000.A.p1@e4000.pgwal': 'standby',
      'db01.ens2f0->e4000.B.p1@e4000.pgwal': 'active',
    });
  });

  it('a designed path without a session is missing, for every volume it serves', async () => {
    const result = await states('drift-missing-path');
    const missing = [...result].filter(([, state]) => state === 'missing').map(([id]) => id);
    assert.deepEqual(missing, ['db01.ens2f0->e4000.B.p1@e4000.pgdata', 'db01.ens2f0->e4000.B.p1@e4000.pgwal']);
  });
});
