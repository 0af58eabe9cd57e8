// I/O paths: written sessions, derived paths, subnets, VLANs, routing, volume mapping, ALUA,
// stacks, direct attachment and Fibre Channel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, fixture, linkId, pairOf } from './helpers';

const ids = (analysis: { paths: { id: string }[] }): string[] => analysis.paths.map((p) => p.id);

test('a written session gives one path with its hops in order', () => {
  const analysis = analyze(fixture('serverfault.topo'));
  assert.deepEqual(ids(analysis), ['hv01.team0->eonstor.A.ch0']);
  const path = analysis.paths[0]!;
  assert.equal(path.derived, false);
  assert.equal(path.viaTeam, 'hv01.team0');
  assert.equal(path.volume, 'eonstor.vms');
  assert.deepEqual(
    path.hops.map((h) => h.kind),
    ['team', 'nic', 'link', 'switch', 'link', 'array-port', 'controller'],
  );
  assert.equal(path.hops[3]!.id, 'core1');
});

test('derived paths respect subnets: each NIC reaches only the portals of its subnet', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 }  nic eth1 { ip 10.0.2.10/24 } }
switch sw { }
link h.eth0 -- sw:1
link h.eth1 -- sw:2
link san.A.p0 -- sw:41
link san.B.p0 -- sw:42
array san {
  controller A { port p0 { ip 10.0.1.100/24 } }
  controller B { port p0 { ip 10.0.2.100/24 } }
  volume v { }
}`);
  assert.deepEqual(ids(analysis), ['h.eth0->san.A.p0', 'h.eth1->san.B.p0']);
  assert.ok(analysis.paths.every((p) => p.derived && !p.routed));
});

test('volume mapping: a volume mapped to one host makes a pair for that host only', () => {
  const analysis = analyze(`
host h1 { nic eth0 { ip 10.0.1.10/24 } }
host h2 { nic eth0 { ip 10.0.1.11/24 } }
switch sw { }
link h1.eth0 -- sw:1
link h2.eth0 -- sw:2
link san.A.p0 -- sw:41
array san {
  controller A { port p0 { ip 10.0.1.100/24 } }
  volume only1 { hosts h1 }
  volume shared { }
}`);
  assert.deepEqual(
    analysis.pairs.map((p) => `${p.host} ${p.volume}`),
    ['h1 san.only1', 'h1 san.shared', 'h2 san.shared'],
  );
  assert.deepEqual(analysis.pathsByHost.get('h2'), ['h2.eth0->san.A.p0']);
});

test('a host sees no array whose volumes are all mapped elsewhere', () => {
  const analysis = analyze(`
host h1 { nic eth0 { ip 10.0.1.10/24 } }
host h2 { nic eth0 { ip 10.0.1.11/24 } }
switch sw { }
link h1.eth0 -- sw:1
link h2.eth0 -- sw:2
link san.A.p0 -- sw:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume v { hosts h1 } }`);
  assert.deepEqual(ids(analysis), ['h1.eth0->san.A.p0']);
});

test('a session naming one volume serves only that volume', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 } }
switch sw { }
link h.eth0 -- sw:1
link san.A.p0 -- sw:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume a { }  volume b { } }
session h -> san.a via eth0 -> san.A.p0
session h -> san.b via eth0 -> san.A.p0`);
  assert.deepEqual(ids(analysis), ['h.eth0->san.A.p0', 'h.eth0->san.A.p0#2']);
  assert.deepEqual(pairOf(analysis, 'h', 'san.a').paths, ['h.eth0->san.A.p0']);
  assert.deepEqual(pairOf(analysis, 'h', 'san.b').paths, ['h.eth0->san.A.p0#2']);
});

test('ALUA: only paths to the owning controller are optimized; without alua all are', () => {
  const text = (caps: string): string => `
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 } }
switch sw { }
link h.eth0 -- sw:1
link san.A.p0 -- sw:41
link san.B.p0 -- sw:42
array san {
  ${caps}
  controller A { port p0 { ip 10.0.1.100/24 } }
  controller B { port p0 { ip 10.0.1.101/24 } }
  volume v { owner B }
}`;
  assert.deepEqual(pairOf(analyze(text('capabilities alua')), 'h', 'san.v').optimizedPaths, ['h.eth0->san.B.p0']);
  assert.equal(pairOf(analyze(text('')), 'h', 'san.v').optimizedPaths.length, 2);
});

const routedText = (routing: string): string => `
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24  vlan 10 } }
switch core { vlans 10, 20  ${routing} }
link h.eth0 -- core:1
link san.A.p0 -- core:41
array san { controller A { port p0 { ip 10.0.2.100/24  vlan 20 } }  volume v { } }
session h -> san via eth0 -> san.A.p0`;

test('a portal in another subnet is reached through a routing switch and flagged routed', () => {
  const analysis = analyze(routedText('routing on'));
  assert.equal(analysis.paths.length, 1);
  assert.equal(analysis.paths[0]!.routed, true);
  assert.deepEqual(analysis.routedPaths, ['h.eth0->san.A.p0']);
  assert.deepEqual(analysis.unreachable, []);
});

test('a portal in another subnet without routing is unreachable', () => {
  const analysis = analyze(routedText('routing off'));
  assert.deepEqual(analysis.paths, []);
  assert.deepEqual(
    analysis.unreachable.map((u) => [u.initiator, u.portal, u.reason]),
    [['h.eth0', 'san.A.p0', 'different-subnet']],
  );
  assert.ok(analysis.unreachable[0]!.span.end > analysis.unreachable[0]!.span.start);
});

test('unreachable reasons: no layer-2 connection, VLAN not carried, not cabled, no address', () => {
  const analysis = analyze(`
host h {
  multipath mpio
  nic eth0 { ip 10.0.1.10/24 }
  nic eth1 { ip 10.0.1.11/24  vlan 30 }
  nic eth2 { ip 10.0.1.12/24 }
  nic eth3 { }
}
switch s1 { }
switch s2 { }
switch s3 { vlans 1 }
link h.eth0 -- s1:1
link h.eth1 -- s3:1
link h.eth3 -- s3:3
link san.A.p0 -- s2:41
link san.A.p1 -- s3:41
array san { controller A { port p0 { ip 10.0.1.100/24 }  port p1 { ip 10.0.1.101/24 } }  volume v { } }
session h -> san via eth0 -> san.A.p0
session h -> san via eth1 -> san.A.p1
session h -> san via eth2 -> san.A.p1
session h -> san via eth3 -> san.A.p1`);
  assert.deepEqual(analysis.paths, []);
  assert.deepEqual(
    analysis.unreachable.map((u) => `${u.initiator} ${u.reason}`),
    ['h.eth0 no-layer2', 'h.eth1 vlan-mismatch', 'h.eth2 not-cabled', 'h.eth3 no-address'],
  );
});

test('switches joined by an inter-switch link carry a path across; MLAG peers count as joined', () => {
  const isl = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 } }
switch s1 { }
switch s2 { }
link s1:49 -- s2:49
link h.eth0 -- s1:1
link san.A.p0 -- s2:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume v { } }`);
  assert.deepEqual(isl.paths[0]!.hops.filter((h) => h.kind === 'switch').map((h) => h.id), ['s1', 's2']);
  const mlag = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 } }
switch s1 { mlag s2 }
switch s2 { }
link h.eth0 -- s1:1
link san.A.p0 -- s2:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume v { } }`);
  assert.equal(mlag.paths.length, 1);
});

test('a path through a stack depends on the stack, not on its member switches', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 }  nic eth1 { ip 10.0.1.11/24 } }
switch s1 { stack s2 }
switch s2 { }
link h.eth0 -- s1:1
link h.eth1 -- s2:1
link san.A.p0 -- s1:41
link san.B.p0 -- s2:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  controller B { port p0 { ip 10.0.1.101/24 } }  volume v { } }`);
  assert.ok(analysis.componentById.has('stack:s1+s2'));
  assert.ok(!analysis.componentById.has('s1'));
  for (const path of analysis.paths) assert.ok(path.dependsOn.includes('stack:s1+s2'), path.id);
  assert.deepEqual(pairOf(analysis, 'h', 'san.v').singlePointsOfFailure, ['stack:s1+s2']);
});

test('direct attachment: a host NIC cabled straight to an array port', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24  speed 10G }  nic eth1 { ip 10.0.2.10/24  speed 10G } }
link h.eth0 -- san.A.p0
link h.eth1 -- san.B.p0
array san { controller A { port p0 { ip 10.0.1.100/24 } }  controller B { port p0 { ip 10.0.2.100/24 } }  volume v { } }`);
  assert.deepEqual(ids(analysis), ['h.eth0->san.A.p0', 'h.eth1->san.B.p0']);
  const path = analysis.pathById.get('h.eth0->san.A.p0')!;
  assert.deepEqual(path.hops.map((h) => h.kind), ['nic', 'link', 'array-port', 'controller']);
  assert.deepEqual(path.dependsOn, [linkId(analysis, 'h.eth0', 'san.A.p0'), 'h.eth0', 'san.A', 'san.A.p0'].sort());
  assert.equal(path.capacityMbps, 10_000);
  assert.deepEqual(pairOf(analysis, 'h', 'san.v').singlePointsOfFailure, []);
});

test('Fibre Channel: every HBA reaches the FC ports in its fabric', () => {
  const analysis = analyze(`
host h { multipath mpio  hba fc0 { wwpn 10:00:00:00:c9:00:00:01  speed 32G }  hba fc1 { wwpn 10:00:00:00:c9:00:00:02  speed 32G } }
switch fa { fabric A }
switch fb { fabric B }
link h.fc0 -- fa:1
link h.fc1 -- fb:1
link san.A.a0 -- fa:41
link san.A.b0 -- fb:41
array san { controller A { port a0 { wwpn 20:00:00:00:00:00:00:01 }  port b0 { wwpn 20:00:00:00:00:00:00:02 } }  volume v { } }`);
  assert.deepEqual(ids(analysis), ['h.fc0->san.A.a0', 'h.fc1->san.A.b0']);
  assert.ok(analysis.paths.every((p) => p.protocol === 'fc' && p.capacityMbps === 32_000));
});

test('an ESXi vmk path uses its active uplink and survives through its standby', () => {
  const analysis = analyze(`
host esx {
  os esxi-8.0
  multipath mpio
  nic vmnic0 { speed 25G }
  nic vmnic1 { speed 25G }
  vmk vmk1 { ip 10.0.1.10/24  active vmnic0  standby vmnic1 }
}
switch s1 { mlag s2 }
switch s2 { }
link esx.vmnic0 -- s1:1
link esx.vmnic1 -- s2:1
link san.A.p0 -- s1:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume v { } }`);
  const path = analysis.paths[0]!;
  assert.equal(path.hops[1]!.id, 'esx.vmnic0');
  assert.ok(!path.dependsOn.includes('esx.vmnic0'));
  assert.ok(path.dependsOn.includes('s1'));
});

test('bad or empty models never throw', () => {
  assert.deepEqual(analyze('').pairs, []);
  const lonely = analyze('host h { nic eth0 { ip 10.0.1.10/24 } }\narray san { volume v { } }');
  assert.deepEqual(pairOf(lonely, 'h', 'san.v').paths, []);
});
