// `topo collect`: each OS's collector says at its top that it changes nothing, parses (bash -n,
// sh -n), and — run against stub commands on PATH that print this repository's fixtures and log
// how they were called — calls only listing commands and leaves a folder `topo import` reads.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/import');
const temp = mkdtempSync(path.join(tmpdir(), 'topo-collect-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function topo(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A stub command: logs its arguments and prints the fixture its arguments select. */
function stub(dir: string, name: string, cases: Array<[string, string, string?]>) {
  // A third element prints only those lines of the fixture (`2,8`): one entry of a fixture that holds several.
  const lines = cases.map(([args, fixture, range]) => `  "${args}") ${range ? `sed -n '${range}p'` : 'cat'} "${path.join(FIXTURES, fixture)}" ;;`);
  writeFileSync(
    path.join(dir, name),
    `#!/bin/sh\necho "${name} $*" >> "${path.join(dir, 'calls.log')}"\ncase "$*" in\n${lines.join('\n')}\n  *) echo "unexpected: $*" >&2; exit 3 ;;\nesac\n`,
  );
  chmodSync(path.join(dir, name), 0o755);
}

function runScript(shell: string, script: string, stubs: string, out: string) {
  return spawnSync(shell, [script, out], { encoding: 'utf8', env: { PATH: `${stubs}:/usr/bin:/bin`, HOME: temp } });
}

describe('topo collect', () => {
  it('prints a script per OS that says at its top it changes nothing; -o writes it; an unknown OS is a usage error', () => {
    for (const os of ['linux', 'windows', 'esxi']) {
      const script = topo(['collect', os]).stdout;
      assert.match(script.split('\n').slice(0, 4).join('\n'), /READ-ONLY: it changes nothing on this machine/);
      assert.doesNotMatch(script, /\/work\//);
    }
    const file = path.join(temp, 'collect.sh');
    assert.equal(topo(['collect', 'linux', '-o', file]).code, 0);
    assert.equal(readFileSync(file, 'utf8'), topo(['collect', 'linux']).stdout);
    const bad = topo(['collect', 'aix']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^topo: unknown OS 'aix'.*use linux, windows, esxi\n$/);
  });

  it('Linux: bash -n accepts it; against stub commands it only lists, and topo import reads what it wrote', () => {
    const script = path.join(temp, 'linux.sh');
    writeFileSync(script, topo(['collect', 'linux']).stdout);
    assert.equal(spawnSync('bash', ['-n', script]).status, 0);
    const stubs = path.join(temp, 'linux-stubs');
    mkdirSync(stubs);
    stub(stubs, 'hostname', [['-s', 'linux-os-release/rhel.txt']]);
    stub(stubs, 'ip', [
      ['-j addr show', 'linux-ip-json-addr/two-nics.json'],
      ['neigh show', 'linux-ip-neigh/neighbours.txt'],
      ['-j route show', 'linux-ip-json-route/routes.json'],
    ]);
    stub(stubs, 'iscsiadm', [
      ['-m session -P 3', 'linux-iscsiadm-session-p3/two-sessions.txt'],
      ['-m node', 'linux-iscsiadm-node/nodes.txt'],
    ]);
    stub(stubs, 'multipath', [['-ll', 'linux-multipath-ll/new-layout-alua-failed-path.txt']]);
    stub(stubs, 'multipathd', [['show paths format %w %i %d %t %T %o %p', 'linux-multipathd-paths/format-with-uuid-and-target.txt']]);
    stub(stubs, 'lldpctl', [['-f json0', 'linux-lldpctl-json/json0.json']]);
    const out = path.join(temp, 'state', 'db01');
    const run = runScript('bash', script, stubs, out);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readFileSync(path.join(stubs, 'calls.log'), 'utf8').trim().split('\n').sort(), [
      'ip -j addr show',
      'ip -j route show',
      'ip neigh show',
      'iscsiadm -m node',
      'iscsiadm -m session -P 3',
      'lldpctl -f json0',
      'multipath -ll',
      'multipathd show paths format %w %i %d %t %T %o %p',
    ]);
    assert.deepEqual(readdirSync(out).sort(), ['ip-addr.json', 'ip-neigh.txt', 'ip-route.json', 'iscsiadm-node.txt', 'iscsiadm-session-P3.txt', 'lldpctl.json', 'multipath-ll.txt', 'multipathd-paths.txt', 'os-release.txt']);
    const imported = topo(['import', path.join(temp, 'state'), '--format', 'json']);
    assert.equal(imported.code, 0, imported.stderr);
    const report = JSON.parse(imported.stdout);
    assert.equal(report.hosts, 1);
    assert.match(report.design, /^host db01 \{/m);
    assert.ok(report.files.every((file: { format?: string }) => file.format), JSON.stringify(report.files));
  });

  it('ESXi: sh -n accepts it; against a stub esxcli it only runs listings', () => {
    const script = path.join(temp, 'esxi.sh');
    writeFileSync(script, topo(['collect', 'esxi']).stdout);
    assert.equal(spawnSync('sh', ['-n', script]).status, 0);
    const stubs = path.join(temp, 'esxi-stubs');
    mkdirSync(stubs);
    stub(stubs, 'hostname', [['-s', 'linux-os-release/rhel.txt']]);
    stub(stubs, 'esxcli', [
      ['system version get', 'esxi-system-version/version.txt'],
      ['network ip interface list', 'esxi-network-ip-interface-list/vmks.txt'],
      ['network ip interface ipv4 get', 'esxi-network-ip-interface-ipv4/ipv4.txt'],
      ['network ip neighbor list', 'esxi-network-ip-neighbor-list/neighbours.txt'],
      ['network ip route ipv4 list', 'esxi-network-ip-route-ipv4-list/routes.txt'],
      ['network nic list', 'esxi-network-nic-list/nics.txt'],
      ['iscsi networkportal list', 'esxi-iscsi-networkportal-list/bound.txt'],
      ['iscsi session list', 'esxi-iscsi-session-list/sessions.txt'],
      ['iscsi session connection list', 'esxi-iscsi-session-connection-list/connections.txt'],
      ['storage core path list', 'esxi-storage-core-path-list/paths.txt'],
      ['storage nmp device list', 'esxi-storage-nmp-device-list/devices.txt'],
      ['storage nmp path list', 'esxi-storage-nmp-path-list/paths.txt'],
      ['storage san fc list', 'esxi-storage-san-fc-list/two-adapters.txt'],
      ['network vswitch standard list', 'esxi-network-vswitch-standard-list/vswitches.txt'],
      ['network vswitch dvs vmware list', 'esxi-network-vswitch-dvs-vmware-list/dvs.txt'],
      ['network vswitch standard portgroup list', 'esxi-network-vswitch-standard-portgroup-list/portgroups.txt'],
      ['network vswitch standard policy failover get -v vSwitch0', 'esxi-network-vswitch-standard-policy-failover-get/policies.txt', '2,8'],
      ['network vswitch standard policy failover get -v vSwitch1', 'esxi-network-vswitch-standard-policy-failover-get/policies.txt', '11,17'],
      ['network vswitch standard policy failover get -v vSwitch2', 'esxi-network-vswitch-standard-policy-failover-get/policies.txt', '11,17'],
      ['network vswitch standard portgroup policy failover get -p Management Network', 'esxi-network-vswitch-standard-portgroup-policy-failover-get/portgroups.txt', '2,13'],
      ['network vswitch standard portgroup policy failover get -p iSCSI-A', 'esxi-network-vswitch-standard-portgroup-policy-failover-get/portgroups.txt', '15,26'],
    ]);
    const out = path.join(temp, 'esxi-state', 'esx01');
    const run = runScript('sh', script, stubs, out);
    assert.equal(run.status, 0, run.stderr);
    const calls = readFileSync(path.join(stubs, 'calls.log'), 'utf8').trim().split('\n');
    assert.equal(calls.length, 21);
    for (const call of calls) assert.match(call, /^esxcli .* (get|list)( -[vp] .+)?$/);
    assert.equal(readdirSync(out).filter((file) => file.endsWith('.stderr')).length, 0);
    const imported = topo(['import', path.join(temp, 'esxi-state'), '--format', 'json']);
    assert.equal(imported.code, 0);
    const report = JSON.parse(imported.stdout) as { files: Array<{ file: string; format?: string }> };
    const formatOf = (name: string) => report.files.find((entry) => entry.file.endsWith(`/${name}`))?.format;
    assert.equal(formatOf('vswitch-policy-failover.txt'), 'esxi-network-vswitch-standard-policy-failover-get');
    assert.equal(formatOf('portgroup-policy-failover.txt'), 'esxi-network-vswitch-standard-portgroup-policy-failover-get');
    assert.match((JSON.parse(imported.stdout) as { design: string }).design, /^ {2}vmk vmk1 \{ ip 10\.20\.0\.11\/24 {2}mtu 9000 {2}vlan 100 {2}vswitch vSwitch1 {2}active vmnic2 {2}bound on \}/m);
    assert.match((JSON.parse(imported.stdout) as { design: string }).design, /^ {2}nic vmnic3 \{ mtu 9000 \}\s+# .*\/nic-list\.txt:6 \(down when collected\)$/m);
  });

  it('Windows: only Get- cmdlets and mpclaim -s read the machine; the rest formats and writes the output folder', () => {
    const script = topo(['collect', 'windows']).stdout;
    const code = script.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    const verbs = new Set([...code.matchAll(/\b([A-Z][A-Za-z]+)-[A-Z][A-Za-z]+\b/g)].map((match) => match[1]));
    assert.deepEqual([...verbs].sort(), ['ConvertTo', 'Get', 'Join', 'New', 'Out', 'Select', 'Where', 'Write']);
    assert.match(script, /New-Item -ItemType Directory -Force -Path \$Out/);
    const mpclaimCalls = [...script.matchAll(/& mpclaim\.exe ([^\n)]*)/g)].map((match) => match[1]);
    assert.equal(mpclaimCalls.length, 2);
    for (const call of mpclaimCalls) assert.match(call, /^-s -d/);
  });
});
