// `topo report` as a process: every format on the examples, the checked-in Markdown report of one,
// and bad arguments as one-line usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function topo(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('topo report', () => {
  it('writes the Markdown report of an example as checked in', () => {
    const result = topo(['report', 'examples/dual-fabric-mpio.topo', '--format', 'markdown']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, readFileSync(path.join(ROOT, 'test', 'fixtures', 'report', 'dual-fabric-mpio.md'), 'utf8'));
  });

  it('reports every design of a folder by default, as text', () => {
    const result = topo(['report'], path.join(ROOT, 'examples'));
    assert.equal(result.code, 0, result.stderr);
    for (const name of ['serverfault-lacp-team.topo', 'fc-dual-fabric.topo', 'vmware-esxi-port-binding.topo']) assert.match(result.stdout, new RegExp(`^${name.replace('.', '\\.')}$`, 'm'));
    assert.match(result.stdout, /after losing switch core1:\n {4}hv01 loses every path to eonstor\.vms/);
  });

  it('writes JSON a tool can read', () => {
    const result = topo(['report', 'examples/serverfault-lacp-team.topo', 'examples/fc-dual-fabric.topo', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const reports = JSON.parse(result.stdout);
    assert.deepEqual(reports.map((r: { file: string }) => r.file), ['examples/fc-dual-fabric.topo', 'examples/serverfault-lacp-team.topo']);
    assert.equal(reports[1].report.pairs[0].aloneMbps, 10_000);
  });

  it('warns about a design that does not parse and reports what did', () => {
    const result = topo(['report', 'test/fixtures/syntax/err']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^topo: warning: .* syntax error\(s\); the report covers what parsed$/m);
  });

  it('rejects an unknown format and a missing file in one line', () => {
    for (const args of [['report', '--format', 'html'], ['report', 'no-such-file.topo']]) {
      const result = topo(args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });
});
