// `topo import` as a process: a folder per machine in, a design out (stdout or -o) that `topo lint`
// reads without a language error, the report of what could not be placed on stderr or in JSON, and
// one-line usage errors.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DesignFiles } from '../../server/src/service/designFiles';
import { analyzeDesign, analyzeDocument, type DocumentAnalysis } from '../../server/src/service/languageService';
import { simulateOutputs } from '../import/simulate';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/import');
const temp = mkdtempSync(path.join(tmpdir(), 'topo-import-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function topo(args: string[], cwd = temp) {
  // A bound, so that a command that hangs (writing to a FIFO) fails its test instead of the run.
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A design file, or the files of a design folder. */
function analyzeDesignAt(file: string): DocumentAnalysis {
  if (!existsSync(path.join(file, '.topo.json'))) return analyzeDocument(readFileSync(file, 'utf8'));
  const names = readdirSync(file).filter((name) => name.endsWith('.topo')).sort();
  return analyzeDesign(new DesignFiles(names.map((name) => ({ name, text: readFileSync(path.join(file, name), 'utf8') }))));
}

/** The outputs each machine of an example (or of a design the repository names by its path) would print, in a folder per machine. */
function collected(example: string): string {
  const dir = path.join(temp, path.basename(example).replace('.topo', ''));
  const original = analyzeDesignAt(path.join(ROOT, example.includes('/') ? example : path.join('examples', example)));
  for (const output of simulateOutputs(original.modelResult.model, original.analysis)) {
    mkdirSync(path.dirname(path.join(dir, output.file)), { recursive: true });
    writeFileSync(path.join(dir, output.file), output.text);
  }
  return dir;
}

describe('topo import', () => {
  it('writes the design of a folder per machine to stdout and its report to stderr', () => {
    const dir = collected('serverfault-lacp-team.topo');
    const result = topo(['import', path.basename(dir)]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^host hv01 \{/m);
    assert.match(result.stdout, /team team0 \{ members eth0, eth1 {2}mode lacp {2}ip 172\.24\.0\.10\/24 \}\s+# serverfault-lacp-team\/hv01\/Get-NetLbfoTeam\.txt:2/);
    assert.match(result.stderr, /^topo import: \d+ output\(s\) read: 1 host\(s\), 1 switch\(es\), 1 array\(s\)$/m);
    assert.match(result.stderr, /Not placed in the design \(\d+\):\n {2}serverfault-lacp-team\/hv01\/Get-IscsiConnection\.json:2: which controller/);
  });

  it('-o writes a design that lint checks as usual: the team carrying iSCSI is flagged', () => {
    const dir = collected('serverfault-lacp-team.topo');
    const out = path.join(temp, 'imported.topo');
    assert.equal(topo(['import', dir, '-o', out]).code, 0);
    const lint = topo(['lint', '--format', 'json', out]);
    const [entry] = JSON.parse(lint.stdout);
    assert.equal(entry.errorCount, 0);
    assert.ok(entry.messages.some((message: { ruleId: string }) => message.ruleId === 'iscsi-over-team'));
  });

  it('writes ESXi vSwitches, vmks on them, routes and gateways, each naming its output, and lint reads them', () => {
    const dir = collected('test/fixtures/rules/routed-host-routes.topo');
    const out = path.join(temp, 'routed.topo');
    const result = topo(['import', dir, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    const design = readFileSync(out, 'utf8');
    assert.match(design, /^ {2}route to-10-80-0-0-16 \{ to 10\.80\.0\.0\/16 {2}gateway 10\.70\.1\.1 \}\s+# routed-host-routes\/lnx01\/ip-route\.txt:3$/m);
    assert.match(design, /^ {2}nic ens2 \{ ip 10\.70\.2\.12\/24 {2}mtu 1500 {2}gateway 10\.70\.2\.1 \}\s+# routed-host-routes\/lnx02\/ip-addr\.txt:9, routed-host-routes\/lnx02\/ip-route\.txt:4$/m);
    assert.match(design, /^ {2}vswitch vSwitch1 \{ uplinks vmnic2, vmnic3 {2}mtu 1500 {2}teaming originating-port \}\s+# routed-host-routes\/esx70\/vswitch-standard-list\.txt:2, routed-host-routes\/esx70\/vswitch-policy-failover\.txt:1$/m);
    assert.match(design, /^ {2}vmk vmk1 \{ ip 10\.70\.1\.31\/24 {2}mtu 1500 {2}vswitch vSwitch1 {2}active vmnic2 {2}gateway 10\.70\.1\.1 {2}bound on \}/m);
    const lint = topo(['lint', '--format', 'json', out]);
    const [entry] = JSON.parse(lint.stdout);
    assert.deepEqual(entry.messages.filter((message: { ruleId: string }) => /^TOPO/.test(message.ruleId)), [], 'no language error');
    assert.ok(entry.messages.some((message: { ruleId: string }) => message.ruleId === 'esxi-port-binding'), 'bound vmks towards routed portals are flagged as in the design');
  });

  it('follows a symbolic link to a machine folder, and one back to the collection does not loop', () => {
    const dir = collected('serverfault-lacp-team.topo');
    const linking = path.join(temp, 'linking-collection');
    mkdirSync(linking);
    symlinkSync(path.join(dir, 'hv01'), path.join(linking, 'hv01'));
    symlinkSync(linking, path.join(linking, 'hv01-again'));
    const result = topo(['import', linking]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^host hv01 \{/m);
    assert.match(result.stdout, /# linking-collection\/hv01\/Get-NetLbfoTeam\.txt:2/);
  });

  it('--design writes a folder that lint checks as one design, with the findings of the one-file import', () => {
    const dir = collected('examples/site-a');
    const single = path.join(temp, 'site-a.topo');
    assert.equal(topo(['import', dir, '-o', single]).code, 0);
    const result = topo(['import', path.basename(dir), '--design', 'site-a-design']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^topo import: \d+ output\(s\) read: 4 host\(s\), 2 switch\(es\), 1 array\(s\) written to site-a-design \(7 files\)$/m);
    const folder = path.join(temp, 'site-a-design');
    assert.deepEqual(readdirSync(folder).sort(), ['.topo.json', 'arrays.topo', 'db01.topo', 'db02.topo', 'fabric.topo', 'hv01.topo', 'hv02.topo']);
    assert.match(readFileSync(path.join(folder, 'hv01.topo'), 'utf8'), /^link hv01\.eth0 -- sw-a:1\s+# site-a\/sw-a\/show-lldp-neighbors\.txt:\d+$/m);
    assert.match(readFileSync(path.join(folder, 'fabric.topo'), 'utf8'), /^switch sw-b \{\s+# site-a\/sw-b\//m);

    const findings = (file: string) =>
      JSON.parse(topo(['lint', '--format', 'json', file]).stdout).flatMap((entry: { filePath: string; messages: Array<{ ruleId: string; message: string; line: number }> }) =>
        entry.messages.map((message) => {
          const line = readFileSync(entry.filePath, 'utf8').split('\n')[message.line - 1];
          return `${message.ruleId} ${message.message} @ ${line}`;
        }),
      );
    const split = findings('site-a-design');
    assert.ok(split.some((finding: string) => finding.startsWith('single-switch ')), split.join('\n'));
    assert.deepEqual(split.sort(), findings('site-a.topo').sort());
  });

  it('--design refuses to replace a file, or to write beside another design file, unless --force', () => {
    const dir = collected('serverfault-lacp-team.topo');
    assert.equal(topo(['import', dir, '--design', 'again']).code, 0);
    const refused = topo(['import', dir, '--design', 'again']);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr, "topo: cannot write 'again/arrays.topo': it exists, as do 2 other file(s) the import writes; --force replaces them\n");
    writeFileSync(path.join(temp, 'again', 'notes.topo'), '# the team\'s notes\n');
    assert.equal(topo(['import', dir, '--design', 'again', '--force']).stderr.split('\n')[0], "topo: warning: 'again/notes.topo' was left as it was and is read as part of the design");
    rmSync(path.join(temp, 'again', 'hv01.topo'));
    rmSync(path.join(temp, 'again', 'arrays.topo'));
    rmSync(path.join(temp, 'again', 'fabric.topo'));
    const beside = topo(['import', dir, '--design', 'again']);
    assert.equal(beside.stderr, "topo: 'again/notes.topo' would be read as part of the imported design; move it out of 'again', or --force keeps it in the design\n");
    writeFileSync(path.join(temp, 'a-file'), '');
    for (const [args, message] of [
      [['--design', 'a-file'], "topo: cannot write to 'a-file': it is not a folder; --design names the folder of the design's files"],
      [['--design', 'x', '-o', 'x.topo'], 'topo: import writes one design: -o FILE or --design FOLDER, not both'],
      [['-o', 'x.topo', '--force'], 'topo: --force lets --design FOLDER replace its files (-o FILE always replaces the file it names)'],
    ] as const) {
      const result = topo(['import', dir, ...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `${message}\n`);
    }
  });

  it('-o that is a FIFO is refused by name instead of waiting for a reader', () => {
    const dir = collected('serverfault-lacp-team.topo');
    const fifo = path.join(temp, 'imported-fifo.topo');
    spawnSync('mkfifo', [fifo]);
    const result = topo(['import', dir, '-o', fifo]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^topo: cannot write '.*imported-fifo\.topo': it is a FIFO, not a regular file; name a new file or a regular one$/m);
  });

  it('--format json gives the design, each file with its format, and what was not placed', () => {
    const dir = collected('linux-dm-multipath.topo');
    const result = topo(['import', dir, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.match(report.design, /^session db01 -> e4000 via ens1f0 -> e4000\.c1\.p-10-10-1-101/m);
    assert.deepEqual([report.hosts, report.switches, report.arrays], [1, 2, 1]);
    assert.ok(report.files.every((file: { format?: string }) => file.format));
    assert.ok(Array.isArray(report.unplaced));
  });

  it('never writes CHAP names or secrets, and reports what it cannot read by file and line', () => {
    const host = path.join(temp, 'chap', 'db01');
    mkdirSync(host, { recursive: true });
    cpSync(path.join(FIXTURES, 'linux-iscsiadm-session-p3/two-sessions.txt'), path.join(host, 'sessions.txt'));
    cpSync(path.join(FIXTURES, 'linux-iscsiadm-session-p3/hostile-script-portal.txt'), path.join(host, 'hostile.txt'));
    writeFileSync(path.join(host, 'core'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]));
    const result = topo(['import', 'chap']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /chap-user|password|<script>/);
    assert.match(result.stderr, /chap\/db01\/core:1: a binary file, not a command output; not read/);
    assert.match(result.stderr, /chap\/db01\/hostile\.txt:1: 'iqn\.2001-05\.com\.example:<script>alert\(1\)<\/script>' is not an iSCSI name/);
    assert.equal(analyzeDocument(result.stdout).problems.filter((problem) => problem.severity === 'error').length, 0);
  });

  it('usage errors are one line with exit code 2', () => {
    writeFileSync(path.join(temp, 'notes.txt'), 'nothing to see\n');
    for (const [args, pattern] of [
      [['import'], /import expects the files or folders/],
      [['import', 'missing-folder'], /cannot read 'missing-folder': no such file/],
      [['import', 'notes.txt'], /none of the 1 file\(s\) is a command output/],
      [['import', 'notes.txt', '--format', 'xml'], /unknown format 'xml'/],
    ] as const) {
      const result = topo([...args]);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, pattern);
    }
  });
});
