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

describe('joining ESXi vSwitches', () => {
  const vmk = (name: string, portset: string, portgroup: string, vds = 'N/A') =>
    `${name}\n   Name: ${name}\n   MAC Address: 00:50:56:6a:00:0${name.slice(3)}\n   Enabled: true\n   Portset: ${portset}\n   Portgroup: ${portgroup}\n   Netstack Instance: defaultTcpipStack\n   VDS Name: ${vds}\n   MTU: ${name === 'vmk0' ? 1500 : 9000}\n`;
  const interfaces = [vmk('vmk0', 'vSwitch0', 'Management Network'), vmk('vmk1', 'vSwitch1', 'iSCSI-A'), vmk('vmk2', 'vSwitch1', 'iSCSI-B'), vmk('vmk3', 'DvsPortset-0', 'N/A', 'dvs-storage')].join('\n');
  const ipv4 = [
    'Name  IPv4 Address  IPv4 Netmask   IPv4 Broadcast  Address Type  Gateway      DHCP DNS',
    '----  ------------  -------------  --------------  ------------  -----------  --------',
    'vmk0  192.168.1.11  255.255.255.0  192.168.1.255   STATIC        192.168.1.1  false',
    'vmk1  10.20.0.11    255.255.255.0  10.20.0.255     STATIC        0.0.0.0      false',
    'vmk2  10.20.0.12    255.255.255.0  10.20.0.255     STATIC        10.20.0.1    false',
    'vmk3  10.30.0.11    255.255.255.0  10.30.0.255     STATIC        10.99.0.1    false',
  ].join('\n');
  const bound = (name: string, address: string, nic: string) => `vmhba64\n   Adapter: vmhba64\n   Vmknic: ${name}\n   IPv4: ${address}\n   IPv4 Subnet Mask: 255.255.255.0\n   MTU: 9000\n   Link Up: true\n   Current Speed: 25000\n   NIC Name: ${nic}\n`;
  const portals = [bound('vmk1', '10.20.0.11', 'vmnic2'), bound('vmk2', '10.20.0.12', 'vmnic3'), bound('vmk3', '10.30.0.11', 'vmnic4')].join('\n');
  const collection = (): Array<[string, string]> => [
    ['esx01/ip-interface-list.txt', interfaces],
    ['esx01/ip-interface-ipv4.txt', ipv4],
    ['esx01/iscsi-networkportal-list.txt', portals],
    ['esx01/vswitch-standard-list.txt', fixture('esxi-network-vswitch-standard-list/vswitches.txt')],
    ['esx01/vswitch-dvs-list.txt', fixture('esxi-network-vswitch-dvs-vmware-list/dvs.txt')],
    ['esx01/vswitch-policy-failover.txt', fixture('esxi-network-vswitch-standard-policy-failover-get/policies.txt')],
    ['esx01/portgroup-policy-failover.txt', fixture('esxi-network-vswitch-standard-portgroup-policy-failover-get/portgroups.txt')],
    ['esx01/portgroup-list.txt', fixture('esxi-network-vswitch-standard-portgroup-list/portgroups.txt')],
  ];

  it('writes the vSwitches the iSCSI vmks are on, with uplinks, MTU and teaming, and each vmk on its vSwitch with its port group override', () => {
    const result = run(collection());
    assert.match(result.design, /^ {2}vswitch vSwitch1 \{ uplinks vmnic2, vmnic3 {2}mtu 9000 {2}teaming originating-port \}\s+# esx01\/vswitch-standard-list\.txt:17, esx01\/vswitch-policy-failover\.txt:10$/m);
    assert.match(result.design, /^ {2}vswitch dvs-storage \{ type distributed {2}uplinks vmnic5, vmnic4 {2}mtu 9000 \}\s+# esx01\/vswitch-dvs-list\.txt:2$/m);
    assert.doesNotMatch(result.design, /vswitch vSwitch0|vmk vmk0/, 'the management vSwitch carries no iSCSI');
    assert.match(result.design, /^ {2}vmk vmk1 \{ ip 10\.20\.0\.11\/24 {2}mtu 9000 {2}vlan 100 {2}vswitch vSwitch1 {2}active vmnic2 {2}bound on \}\s+# esx01\/ip-interface-list\.txt:12, esx01\/portgroup-list\.txt:5, esx01\/portgroup-policy-failover\.txt:14$/m);
    assert.match(result.design, /^ {2}vmk vmk2 \{ ip 10\.20\.0\.12\/24 {2}mtu 9000 {2}vlan 100 {2}vswitch vSwitch1 {2}active vmnic3 {2}gateway 10\.20\.0\.1 {2}bound on \}/m);
    assert.match(result.design, /^ {2}vmk vmk3 \{ ip 10\.30\.0\.11\/24 {2}mtu 9000 {2}vswitch dvs-storage {2}active vmnic4 {2}bound on \}/m);
    assert.ok(result.unplaced.some((entry) => entry.source.file === 'esx01/ip-interface-ipv4.txt' && /vmk3's gateway 10\.99\.0\.1 is in none of its subnets/.test(entry.message)));
    const back = analyzeDocument(result.design);
    assert.deepEqual(back.problems.filter((problem) => /^TOPO/.test(problem.code)).map((problem) => problem.message), []);
    const host = back.modelResult.model.hosts[0];
    assert.deepEqual(host.vswitches.map((item) => `${item.name} ${item.type} ${item.uplinks.map((ref) => ref.id.split('.').pop()).join(',')} ${item.mtu}`), ['vSwitch1 standard vmnic2,vmnic3 9000', 'dvs-storage distributed vmnic5,vmnic4 9000']);
  });

  it('reports a policy of a vSwitch no list shows and a NIC listed on two vSwitches, writes what it can, and a port group balancing on its own as its vmk’s teaming', () => {
    const files = collection().map(([file, text]): [string, string] => [
      file,
      file.endsWith('vswitch-policy-failover.txt')
        ? text.replace("-v 'vSwitch0'", '-v vSwitch9').replace('Active Adapters: vmnic2, vmnic3', 'Active Adapters: vmnic2\n   Standby Adapters: vmnic3')
        : file.endsWith('vswitch-dvs-list.txt')
          ? text.replace('Uplinks: vmnic5, vmnic4', 'Uplinks: vmnic5, vmnic4, vmnic2')
          : file.endsWith('portgroup-policy-failover.txt')
            ? text
                .split('\n')
                .map((line, index) => (index === 14 ? '   Load Balancing: iphash' : index === 21 ? '   Override Vswitch Load Balancing: true' : line))
                .join('\n')
            : text,
    ]);
    const result = run(files);
    assert.ok(result.unplaced.some((entry) => entry.source.line === 1 && /vSwitch vSwitch9, which no collected vSwitch list/.test(entry.message)));
    assert.ok(result.unplaced.some((entry) => /vmnic2 is listed as an uplink of vSwitch1 and of dvs-storage/.test(entry.message)));
    assert.match(result.design, /^ {2}vmk vmk1 \{ ip 10\.20\.0\.11\/24 {2}mtu 9000 {2}vlan 100 {2}vswitch vSwitch1 {2}active vmnic2 {2}teaming ip-hash {2}bound on \}\s+# esx01\/ip-interface-list\.txt:12, esx01\/portgroup-list\.txt:5, esx01\/portgroup-policy-failover\.txt:14$/m);
    assert.match(result.design, /^ {2}vswitch vSwitch1 \{ uplinks vmnic2, vmnic3 {2}standby vmnic3 {2}mtu 9000 {2}teaming originating-port \}/m);
    assert.deepEqual(analyzeDocument(result.design).problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error').map((problem) => problem.message), []);
  });
});

describe('joining routes', () => {
  const noErrors = (design: string) => assert.deepEqual(analyzeDocument(design).problems.filter((problem) => /^TOPO/.test(problem.code)).map((problem) => problem.message), []);

  it('Linux: static routes through a gateway are routes, the default route is its interface’s gateway, on-link and link-local ones are left out', () => {
    const ip = [
      '2: eno1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000',
      '    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff',
      '    inet 192.168.10.21/24 brd 192.168.10.255 scope global eno1',
      '3: ens1f0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP group default qlen 1000',
      '    link/ether 3c:fd:fe:00:00:02 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.70.1.11/24 brd 10.70.1.255 scope global ens1f0',
      '4: ens1f1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP group default qlen 1000',
      '    link/ether 3c:fd:fe:00:00:03 brd ff:ff:ff:ff:ff:ff',
      '    inet 10.70.2.11/24 brd 10.70.2.255 scope global ens1f1',
    ].join('\n');
    const result = run([
      ['db01/ip-addr.txt', ip],
      ['db01/ip-route.txt', fixture('linux-ip-route/routes.txt')],
    ]);
    assert.match(result.design, /^ {2}nic eno1 \{ ip 192\.168\.10\.21\/24 {2}mtu 1500 {2}gateway 192\.168\.10\.1 \}\s+# db01\/ip-addr\.txt:1, db01\/ip-route\.txt:1$/m);
    assert.match(result.design, /^ {2}route to-10-80-1-0-24 \{ to 10\.80\.1\.0\/24 {2}gateway 10\.70\.1\.1 \}\s+# db01\/ip-route\.txt:4$/m);
    assert.match(result.design, /^ {2}route to-10-80-2-0-24 \{ to 10\.80\.2\.0\/24 {2}gateway 10\.70\.2\.1 \}\s+# db01\/ip-route\.txt:5$/m);
    assert.match(result.design, /^ {2}route to-10-90-0-0-16 \{ to 10\.90\.0\.0\/16 {2}gateway 10\.70\.1\.1 \}\s+# db01\/ip-route\.txt:7$/m);
    assert.doesNotMatch(result.design, /169\.254|10\.255|route to-10-70/);
    assert.ok(result.unplaced.some((entry) => entry.source.line === 8 && /a second next hop 10\.70\.2\.1 for 10\.90\.0\.0\/16/.test(entry.message)));
    noErrors(result.design);
  });

  it('Windows: Get-NetRoute’s table names no interface, so the default gateway goes to the interface whose subnet holds it', () => {
    const addresses = JSON.stringify([
      { IPAddress: '192.168.10.31', InterfaceAlias: 'Management', InterfaceIndex: 4, AddressFamily: 2, PrefixLength: 24 },
      { IPAddress: '10.70.1.31', InterfaceAlias: 'iSCSI-A', InterfaceIndex: 12, AddressFamily: 2, PrefixLength: 24 },
    ]);
    const result = run([
      ['hv01/Get-NetIPAddress.json', addresses],
      ['hv01/Get-NetRoute.txt', fixture('windows-get-netroute/table.txt')],
    ]);
    assert.match(result.design, /^ {2}nic Management \{ ip 192\.168\.10\.31\/24 {2}gateway 192\.168\.10\.1 \}/m);
    assert.match(result.design, /^ {2}route to-10-80-1-0-24 \{ to 10\.80\.1\.0\/24 {2}gateway 10\.70\.1\.1 \}\s+# hv01\/Get-NetRoute\.txt:5$/m);
    assert.doesNotMatch(result.design, /127\.0\.0\.0|255\.255\.255\.255|fe80/);
    noErrors(result.design);
  });

  it('ESXi: a route whose gateway no written interface reaches is reported, not written', () => {
    const ipv4 = 'Name  IPv4 Address  IPv4 Netmask   IPv4 Broadcast  Address Type  Gateway  DHCP DNS\n----  ------------  -------------  --------------  ------------  -------  --------\nvmk1  10.20.0.11    255.255.255.0  10.20.0.255     STATIC        0.0.0.0  false\n';
    const portal = 'vmhba64\n   Adapter: vmhba64\n   Vmknic: vmk1\n   IPv4: 10.20.0.11\n   IPv4 Subnet Mask: 255.255.255.0\n   NIC Name: vmnic2\n';
    const routes = `${fixture('esxi-network-ip-route-ipv4-list/routes.txt')}10.81.0.0   255.255.0.0    10.21.0.1     vmk1       MANUAL\n`;
    const result = run([
      ['esx01/ipv4.txt', ipv4],
      ['esx01/portal.txt', portal],
      ['esx01/routes.txt', routes],
    ]);
    assert.match(result.design, /^ {2}route to-10-80-1-0-24 \{ to 10\.80\.1\.0\/24 {2}gateway 10\.20\.0\.1 \}\s+# esx01\/routes\.txt:5$/m);
    assert.doesNotMatch(result.design, /10\.81\.0\.0|192\.168\.10\.1/);
    assert.ok(result.unplaced.some((entry) => entry.source.line === 7 && /the route to 10\.81\.0\.0\/16 via 10\.21\.0\.1: 10\.21\.0\.1 is in the subnet of no interface of esx01 the design writes/.test(entry.message)));
    noErrors(result.design);
  });
});
