// Joining many machines' outputs: folders are machines, a folder holding several hosts is split by
// initiator IQN, a host collected twice is one host, and names from outputs become valid
// identifiers whatever they hold; Fibre Channel ports join by WWPN.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importOutputs } from '../../../server/src/import';
import { analyzeDocument } from '../../../server/src/service/languageService';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

function run(files: Array<[string, string]>) {
  return importOutputs(files.map(([file, text]) => ({ file, folder: path.posix.dirname(file), size: text.length, bytes: Buffer.from(text) })));
}

const session = (iqn: string, address: string) =>
  `Target: iqn.2001-05.com.example:array (non-flash)\n\tCurrent Portal: 10.0.0.100:3260,1\n\t\tIface Initiatorname: ${iqn}\n\t\tIface IPaddress: ${address}\n\t\tSID: 1\n\t\tiSCSI Connection State: LOGGED IN\n\t\tiSCSI Session State: LOGGED_IN\n`;

describe('joining machines', () => {
  it('splits a folder holding two hosts by initiator IQN, and reports the file that names none', () => {
    const result = run([
      ['dump/a.txt', session('iqn.1994-05.com.redhat:alpha', '10.0.0.1')],
      ['dump/b.txt', session('iqn.1994-05.com.redhat:beta', '10.0.0.2')],
      ['dump/bond.txt', fixture('linux-bonding/lacp.txt')],
    ]);
    assert.equal(result.hosts, 2);
    assert.match(result.design, /iqn "iqn\.1994-05\.com\.redhat:alpha"/);
    assert.match(result.design, /iqn "iqn\.1994-05\.com\.redhat:beta"/);
    assert.ok(result.unplaced.some((entry) => entry.source.file === 'dump/bond.txt' && /outputs of 2 hosts/.test(entry.message)));
  });

  it('takes one host collected into two folders as one host', () => {
    const result = run([
      ['monday/db01/s.txt', session('iqn.1994-05.com.redhat:db01', '10.0.0.1')],
      ['tuesday/db01/s.txt', session('iqn.1994-05.com.redhat:db01', '10.0.0.1')],
    ]);
    assert.equal(result.hosts, 1);
  });

  it('makes names from outputs valid identifiers, and the design still has no language error', () => {
    const lldp = 'lldp.eth0.chassis.name=<script>alert(1)</script>\nlldp.eth0.port.ifname=Gi 1/0/1 "x"\n';
    const ip = '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.0.1/24 scope global eth0\n';
    const result = run([
      ['h1/lldp.txt', lldp],
      ['h1/ip.txt', ip],
      ['h1/s.txt', session('iqn.1994-05.com.redhat:h1', '10.0.0.1')],
    ]);
    assert.doesNotMatch(result.design, /<script>/);
    assert.match(result.design, /^switch script-alert-1-script \{/m);
    assert.match(result.design, /^link h1\.eth0 -- script-alert-1-script:Gi-1\/0\/1-x /m);
    assert.deepEqual(analyzeDocument(result.design).problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error').map((problem) => problem.message), []);
  });
});

describe('joining Fibre Channel by WWPN', () => {
  it('an ESXi host and an MDS switch: each HBA is cabled where its WWPN logged in, each target port where its WWPN did, and paths name both', () => {
    const flogi = [
      'mds-a# show flogi database',
      '--------------------------------------------------------------------------------',
      'INTERFACE        VSAN    FCID           PORT NAME               NODE NAME',
      '--------------------------------------------------------------------------------',
      'fc1/1            10    0x0a0000  21:00:00:24:ff:3d:fa:36  20:00:00:24:ff:3d:fa:36',
      'fc1/2            10    0x0a0100  21:00:00:24:ff:3d:fa:37  20:00:00:24:ff:3d:fa:37',
      'fc1/17           10    0x0a0200  50:06:01:6a:3e:a0:36:2f  50:06:01:60:be:a0:36:2f',
      'fc1/18           10    0x0a0300  50:06:01:62:3e:a0:36:2f  50:06:01:60:be:a0:36:2f',
      'fc1/30           10    0x0a0400  10:00:00:00:c9:aa:bb:cc  20:00:00:00:c9:aa:bb:cc',
      '',
      'Total number of flogi = 5.',
    ].join('\n');
    const result = run([
      ['esx01/san-fc-list.txt', fixture('esxi-storage-san-fc-list/two-adapters.txt')],
      ['esx01/core-path-list.txt', fixture('esxi-storage-core-path-list/fc.txt')],
      ['mds-a/flogi.txt', flogi],
    ]);
    assert.match(result.design, /^ {2}hba vmhba2 \{ wwpn 21:00:00:24:ff:3d:fa:36 {2}speed 16G \}/m);
    assert.match(result.design, /^link esx01\.vmhba2 -- mds-a:fc1\/1 /m);
    assert.match(result.design, /^link esx01\.vmhba3 -- mds-a:fc1\/2 /m);
    assert.match(result.design, /^link fc-array\.unknown\.p5006016a3ea0362f -- mds-a:fc1\/17 /m);
    assert.ok(result.unplaced.some((entry) => /fc1\/30 has WWPN 10:00:00:00:c9:aa:bb:cc logged in, which is no collected host's HBA/.test(entry.message)));
    const back = analyzeDocument(result.design);
    assert.deepEqual(back.problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error').map((problem) => problem.message), []);
    assert.deepEqual(back.analysis.paths.map((item) => `${item.initiator} -> ${item.portal}`).sort(), [
      'esx01.vmhba2 -> fc-array.unknown.p500601623ea0362f',
      'esx01.vmhba2 -> fc-array.unknown.p5006016a3ea0362f',
      'esx01.vmhba3 -> fc-array.unknown.p500601623ea0362f',
      'esx01.vmhba3 -> fc-array.unknown.p5006016a3ea0362f',
    ]);
  });
});

describe('joining Brocade nsshow with switchshow', () => {
  it('places NPIV logins (several WWPNs on one port) by port index, named as switchshow names the port; the second on a port is reported', () => {
    const switchshow = fixture('switch-brocade-switchshow/director-hostile.txt').replace('<script>alert(1)</script>', 'dir-a');
    const nsshow = [
      'dir-a:admin> nsshow',
      '{',
      ' Type Pid    COS     PortName                NodeName                 TTL(sec)',
      ' N    01c001;      3;20:01:00:a0:98:6b:c3:11;20:00:00:a0:98:6b:c3:11; na',
      '    Port Index: 192',
      ' N    01c002;      3;20:02:00:a0:98:6b:c3:11;20:00:00:a0:98:6b:c3:11; na',
      '    Port Index: 192',
      'The Local Name Server has 2 entries }',
    ].join('\n');
    const sysfs = [
      '/sys/class/fc_host/host3/port_name:0x10000090fa1b2c3d',
      '/sys/class/fc_transport/target3:0:0/port_name:0x200100a0986bc311',
      '/sys/class/fc_transport/target3:0:1/port_name:0x200200a0986bc311',
    ].join('\n');
    const multipath = [
      '3600a098038303053453f463045727a6b dm-2 NETAPP,LUN C-Mode',
      "size=1.0T features='3 queue_if_no_path pg_init_retries 50' hwhandler='1 alua' wp=rw",
      "`-+- policy='service-time 0' prio=50 status=active",
      '  |- 3:0:0:1 sdb 8:16 active ready running',
      '  `- 3:0:1:1 sdc 8:32 active ready running',
    ].join('\n');
    const result = run([
      ['dir-a/switchshow.txt', switchshow],
      ['dir-a/nsshow.txt', nsshow],
      ['db01/fc.txt', sysfs],
      ['db01/multipath.txt', multipath],
      ['db01/os.txt', 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.4"\n'],
    ]);
    assert.match(result.design, /^link netapp\.unknown\.p200100a0986bc311 -- dir-a:4\/0 /m);
    // The design has one cable per switch port: the second virtual port on it is reported, not guessed.
    assert.ok(result.unplaced.some((entry) => entry.message === 'a second cable for dir-a:4/0 (to netapp.unknown.p200200a0986bc311); the first one seen is written'), JSON.stringify(result.unplaced));
    assert.ok(!result.unplaced.some((entry) => /no collected switch shows it logged in/.test(entry.message)), JSON.stringify(result.unplaced));
  });
});
