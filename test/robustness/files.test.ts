// Paths the user names to `topo import` and `topo drift` (collected command outputs): a FIFO, a
// device or a folder's FIFO gets the treatment a design file gets — refused by name, exit 2 —
// never a hang or a read without end. The timeout is a hang guard: each case ends in milliseconds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/cli';

const HANG_GUARD = { timeout: 30_000 };
const temp = mkdtempSync(path.join(tmpdir(), 'topo-files-'));

async function topo(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(args, {
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    cwd: temp,
    env: {},
    isTTY: false,
    bundleDir: temp,
    startServer: () => assert.fail('no server here'),
  });
  return { code, stderr };
}

describe('robustness: files the user names to import and drift', () => {
  after(() => rmSync(temp, { recursive: true, force: true }));
  const design = path.join(temp, 'design.topo');
  writeFileSync(design, 'host h { nic eth0 { speed 10G } }\n');
  mkdirSync(path.join(temp, 'machine'));
  spawnSync('mkfifo', [path.join(temp, 'machine/multipath.txt')]);
  spawnSync('mkfifo', [path.join(temp, 'pipe.txt')]);

  for (const [input, shown] of [['/dev/zero', '/dev/zero'], ['pipe.txt', 'pipe.txt'], ['machine', 'machine/multipath.txt']] as const) {
    it(`topo import ${input} refuses '${shown}' by name`, HANG_GUARD, async () => {
      const { code, stderr } = await topo(['import', input]);
      assert.equal(code, 2);
      assert.equal(stderr, `topo: '${shown}' is not a regular file\n`);
    });

    it(`topo drift design.topo ${input} refuses '${shown}' by name`, HANG_GUARD, async () => {
      const { code, stderr } = await topo(['drift', 'design.topo', input]);
      assert.equal(code, 2);
      assert.equal(stderr, `topo: '${shown}' is not a regular file\n`);
    });
  }
});
