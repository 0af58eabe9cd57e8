// Every command-output format against its fixtures (test/fixtures/import/<format>/*): each fixture
// is recognised as its folder's format and reads to the facts and errors beside it
// (`<fixture>.expected.json`; UPDATE_EXPECTED=1 rewrites them). Then hostile input: every prefix
// cut of every fixture, binary, empty and oversized files read to located errors, never a throw.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FORMATS, MAX_OUTPUT_BYTES, readOutput } from '../../../server/src/import/read';

const ROOT = path.resolve(__dirname, '../../fixtures/import');
const update = process.env.UPDATE_EXPECTED === '1';

const fixtureFolders = readdirSync(ROOT).filter((name) => !name.startsWith('.') && !name.endsWith('.md')).sort();

describe('command-output formats', () => {
  it('every format has a fixture folder, and every folder is a format', () => {
    assert.deepEqual(fixtureFolders, FORMATS.map((format) => format.id).sort());
  });

  for (const folder of fixtureFolders) {
    for (const name of readdirSync(path.join(ROOT, folder)).filter((file) => !file.endsWith('.expected.json')).sort()) {
      it(`${folder}/${name}`, () => {
        const file = path.join(ROOT, folder, name);
        const result = readOutput(readFileSync(file));
        assert.equal(result.format, folder, `recognised as ${result.format}`);
        const actual = { facts: result.facts, errors: result.errors };
        const expectedFile = `${file}.expected.json`;
        if (update || !existsSync(expectedFile)) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
        assert.deepEqual(actual, JSON.parse(readFileSync(expectedFile, 'utf8')));
        assert.ok(result.facts.length > 0, 'the fixture yields facts');
      });
    }
  }
});

describe('hostile outputs', () => {
  const fixtures = fixtureFolders.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder))
      .filter((file) => !file.endsWith('.expected.json'))
      .map((file) => readFileSync(path.join(ROOT, folder, file))),
  );

  it('every cut of every fixture reads without a throw, and every error has a line in the text', () => {
    for (const bytes of fixtures) {
      const lines = bytes.toString('utf8').split('\n').length;
      for (let end = 0; end <= bytes.length; end += Math.max(1, Math.floor(bytes.length / 40))) {
        const result = readOutput(bytes.subarray(0, end));
        for (const error of result.errors) assert.ok(error.line >= 1 && error.line <= lines, `line ${error.line} of ${lines}`);
      }
    }
  });

  it('a binary file, an empty one and one larger than any output are refused with one message', () => {
    assert.deepEqual(readOutput(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00])), { facts: [], errors: [{ line: 1, message: 'a binary file, not a command output; not read' }] });
    assert.match(readOutput(Buffer.from('  \n\n')).errors[0].message, /^empty/);
    assert.match(readOutput(Buffer.alloc(MAX_OUTPUT_BYTES + 1, 0x41)).errors[0].message, /larger than any command output/);
    assert.match(readOutput(Buffer.from('hello world\n')).errors[0].message, /not a command output the import reads/);
  });

  it('a huge output of a known format reads in one pass (linear readers)', () => {
    const row = '10.10.1.101:3260,1 iqn.2002-09.com.example:array\n';
    const result = readOutput(Buffer.from(row.repeat(200_000)));
    assert.equal(result.format, 'linux-iscsiadm-node');
    assert.equal(result.facts.length, 200_000);
  });

  it('lines built to make a regular expression backtrack read as fast as plain ones', () => {
    const nasty = [`Target: ${'a'.repeat(50_000)}`, `\tCurrent Portal: ${'1.'.repeat(50_000)}`, `${'|-'.repeat(50_000)}`, `${'x: '.repeat(50_000)}`, `${'esxcli policy -v '.repeat(20_000)}`, '   Load Balancing: srcport', `${'10.0.0.1 via '.repeat(20_000)}`].join('\n');
    for (const format of FORMATS) {
      const parsed = format.parse(nasty);
      assert.ok(Array.isArray(parsed.facts) && Array.isArray(parsed.errors), format.id);
    }
  });

  it('JSON nested deeper than any output is a located error, not a stack overflow', () => {
    const deep = `[\n${'{"dst":"default","nexthops":['.repeat(20_000)}`;
    assert.deepEqual(readOutput(Buffer.from(deep)), { format: 'linux-ip-json-route', facts: [], errors: [{ line: 2, message: 'nested deeper than 64 levels, which no command output is; not read' }] });
    const addresses = `[{"ifname":"eth0","addr_info":${'['.repeat(100_000)}`;
    assert.match(readOutput(Buffer.from(addresses)).errors[0].message, /^nested deeper than 64 levels/);
  });

  it('UTF-16 text, as PowerShell 5 writes with `>`, is read as text', () => {
    const text = readFileSync(path.join(ROOT, 'windows-get-mpiosetting/list.txt'), 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(readOutput(utf16).format, 'windows-get-mpiosetting');
  });
});

describe('vSwitch and route outputs: a garbled or cut line is a located error, and the rest is read', () => {
  const read = (text: string) => readOutput(Buffer.from(text));
  const fixture = (name: string) => readFileSync(path.join(ROOT, name), 'utf8');
  const cases: Array<{ name: string; text: string; format: string; error: { line: number; message: RegExp } }> = [
    {
      name: 'a vSwitch whose uplinks hold markup',
      text: fixture('esxi-network-vswitch-standard-list/vswitches.txt').replace('Uplinks: vmnic3, vmnic2', 'Uplinks: vmnic3, <b>x</b>'),
      format: 'esxi-network-vswitch-standard-list',
      error: { line: 28, message: /^'<b>x<\/b>' is not a NIC name; left out of Uplinks$/ },
    },
    {
      name: 'a distributed switch entry cut before its name',
      text: `${fixture('esxi-network-vswitch-dvs-vmware-list/dvs.txt')}\ndvs-b\n   VDS ID: 50 16 2f 3c`,
      format: 'esxi-network-vswitch-dvs-vmware-list',
      error: { line: 34, message: /^a distributed switch entry without Name; skipped$/ },
    },
    {
      name: 'a vSwitch policy without the command line that names it',
      text: fixture('esxi-network-vswitch-standard-policy-failover-get/policies.txt').replace("esxcli network vswitch standard policy failover get -v 'vSwitch1'\n", ''),
      format: 'esxi-network-vswitch-standard-policy-failover-get',
      error: { line: 10, message: /does not say which vSwitch it is: keep the command line/ },
    },
    {
      name: 'a port group policy with an unknown load balancing',
      text: fixture('esxi-network-vswitch-standard-portgroup-policy-failover-get/portgroups.txt').replace('Load Balancing: srcport\n   Network Failure Detection: link\n   Notify Switches: true\n   Failback: true\n   Active Adapters: vmnic2', 'Load Balancing: weighted\n   Network Failure Detection: link\n   Notify Switches: true\n   Failback: true\n   Active Adapters: vmnic2'),
      format: 'esxi-network-vswitch-standard-portgroup-policy-failover-get',
      error: { line: 15, message: /^load balancing 'weighted' is none of srcport, mac, iphash, explicit; left out$/ },
    },
    {
      name: 'a NIC row whose MAC is garbled',
      text: fixture('esxi-network-nic-list/nics.txt').replace('0c:42:a1:7e:22:30', '0c:42:a1:7e:22'),
      format: 'esxi-network-nic-list',
      error: { line: 5, message: /^not a NIC row/ },
    },
    {
      name: 'a port group row with a VLAN out of range',
      text: fixture('esxi-network-vswitch-standard-portgroup-list/portgroups.txt').replace('1      100\niSCSI-B', '1     9100\niSCSI-B'),
      format: 'esxi-network-vswitch-standard-portgroup-list',
      error: { line: 5, message: /^not a port group row/ },
    },
    {
      name: 'an ESXi route row cut short',
      text: fixture('esxi-network-ip-route-ipv4-list/routes.txt').replace('10.80.1.0   255.255.255.0  10.20.0.1     vmk1       MANUAL', '10.80.1.0   255.255.'),
      format: 'esxi-network-ip-route-ipv4-list',
      error: { line: 5, message: /^not a route row/ },
    },
    {
      name: 'an ip route line of garbage',
      text: fixture('linux-ip-route/routes.txt').replace('10.80.2.0/24 via 10.70.2.1 dev ens1f1 proto static metric 102', '%% via <script>'),
      format: 'linux-ip-route',
      error: { line: 5, message: /^not a route/ },
    },
    {
      name: 'a next hop that is not an address',
      text: fixture('linux-ip-route/routes.txt').replace('nexthop via 10.70.2.1', 'nexthop via 10.70.2'),
      format: 'linux-ip-route',
      error: { line: 8, message: /^next hop '10\.70\.2' is not an address; route skipped$/ },
    },
    {
      name: 'ip -j route cut short',
      text: fixture('linux-ip-json-route/routes.json').replace('},{"dst":"10.90.0.0/16"', '},\n{"dst":"10.90.0.0/16"').slice(0, -120),
      format: 'linux-ip-json-route',
      error: { line: 2, message: /cut short or malformed/ },
    },
    {
      name: 'a Get-NetRoute object whose prefix is not a network',
      text: fixture('windows-get-netroute/routes.json').replace('"10.80.1.0/24"', '"10.80.1.0/99"'),
      format: 'windows-get-netroute',
      error: { line: 10, message: /^not a route \('10\.80\.1\.0\/99' via '10\.70\.1\.1'\); skipped$/ },
    },
  ];
  for (const entry of cases) {
    it(entry.name, () => {
      const result = read(entry.text);
      assert.equal(result.format, entry.format);
      assert.ok(
        result.errors.some((error) => error.line === entry.error.line && entry.error.message.test(error.message)),
        JSON.stringify(result.errors),
      );
      assert.ok(result.facts.length > 0, 'what is whole is still read');
    });
  }
});
