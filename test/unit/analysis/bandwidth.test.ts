// Effective bandwidth per host ↔ volume, on hand-computed cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxFlow, type FlowPath } from '../../../server/src/analysis/bandwidth';
import { analyze, fixture, pairOf } from './helpers';

const array = `
array san {
  controller A { port p0 { ip 10.0.1.100/24  speed 10G }  port p1 { ip 10.0.2.100/24  speed 10G } }
  controller B { port p0 { ip 10.0.1.101/24  speed 10G }  port p1 { ip 10.0.2.101/24  speed 10G } }
  volume vms { owner A }
}`;

const twoSwitches = `
switch sw-a { }
switch sw-b { }
link h.eth0 -- sw-a:1
link h.eth1 -- sw-b:1
link san.A.p0 -- sw-a:41
link san.B.p0 -- sw-a:42
link san.A.p1 -- sw-b:41
link san.B.p1 -- sw-b:42
`;

function mpioHost(policy: string): string {
  return `
host h {
  os windows-server-2022
  multipath mpio
  policy ${policy}
  nic eth0 { ip 10.0.1.10/24  speed 10G }
  nic eth1 { ip 10.0.2.10/24  speed 10G }
}
session h -> san.vms via eth0 -> san.A.p0
session h -> san.vms via eth1 -> san.A.p1
${array}
${twoSwitches}`;
}

test('an LACP team of 2 × 10G gives one session 10G, limited by one member', () => {
  const analysis = analyze(fixture('serverfault.topo'));
  const pair = pairOf(analysis, 'hv01', 'eonstor.vms');
  assert.equal(pair.bandwidth.mbps, 10_000);
  assert.equal(pair.bandwidth.bottleneck.id, 'hv01.team0');
  assert.match(pair.bandwidth.bottleneck.reason, /hv01\.team0: one LACP conversation uses one 10G member/);
});

test('an LACP team under MPIO round-robin still gives one session one member', () => {
  const analysis = analyze(`
host h {
  os windows-server-2022
  multipath mpio
  nic eth0 { speed 10G }
  nic eth1 { speed 10G }
  team t0 { members eth0, eth1  mode lacp  ip 10.0.1.10/24 }
}
switch sw { }
link h.eth0 -- sw:1
link h.eth1 -- sw:2
link san.A.p0 -- sw:41
session h -> san via t0 -> san.A.p0
${array}`);
  assert.equal(pairOf(analysis, 'h', 'san.vms').bandwidth.mbps, 10_000);
});

test('MPIO round-robin over 2 × 10G through two switches aggregates to 20G', () => {
  const pair = pairOf(analyze(mpioHost('round-robin')), 'h', 'san.vms');
  assert.equal(pair.bandwidth.mbps, 20_000);
  assert.deepEqual(pair.bandwidth.activePaths, ['h.eth0->san.A.p0', 'h.eth1->san.A.p1']);
});

test('least-queue-depth aggregates like round-robin', () => {
  assert.equal(pairOf(analyze(mpioHost('least-queue-depth')), 'h', 'san.vms').bandwidth.mbps, 20_000);
});

test('failover-only uses one path: 10G', () => {
  const pair = pairOf(analyze(mpioHost('failover-only')), 'h', 'san.vms');
  assert.equal(pair.bandwidth.mbps, 10_000);
  assert.equal(pair.bandwidth.activePaths.length, 1);
  assert.match(pair.bandwidth.bottleneck.reason, /^failover-only/);
});

test('ALUA round-robin with 2 optimized and 2 non-optimized 10G paths gives 20G', () => {
  const analysis = analyze(fixture('dual-fabric.topo'));
  const pair = pairOf(analysis, 'hv01', 'san.vms');
  assert.equal(pair.paths.length, 4);
  assert.deepEqual(pair.optimizedPaths, ['hv01.eth0->san.A.p0', 'hv01.eth1->san.A.p1']);
  assert.equal(pair.bandwidth.mbps, 20_000);
  assert.deepEqual(pair.bandwidth.activePaths, pair.optimizedPaths);
});

test('MC/S with 2 connections of 10G on one controller gives 20G', () => {
  const analysis = analyze(`
host h {
  os windows-server-2022
  multipath mcs
  nic eth0 { ip 10.0.1.10/24  speed 10G }
  nic eth1 { ip 10.0.2.10/24  speed 10G }
}
session h -> san via eth0 -> san.A.p0, eth1 -> san.A.p1
${array.replace('controller A', 'capabilities mcs\n  controller A')}
${twoSwitches}`);
  const pair = pairOf(analysis, 'h', 'san.vms');
  assert.equal(pair.bandwidth.mbps, 20_000);
  assert.match(pair.bandwidth.bottleneck.reason, /^MC\/S: one session of 2 connections on san\.A/);
  assert.ok(analysis.paths.every((p) => p.mcs));
});

test('two 10G NICs into one 10G array port share the port: 10G, the port is the bottleneck', () => {
  const analysis = analyze(`
host h {
  os linux
  multipath mpio
  nic eth0 { ip 10.0.1.10/24  speed 10G }
  nic eth1 { ip 10.0.1.11/24  speed 10G }
}
switch sw { }
link h.eth0 -- sw:1
link h.eth1 -- sw:2
link san.A.p0 -- sw:41
array san { controller A { port p0 { ip 10.0.1.100/24  speed 10G } }  volume v { } }`);
  const pair = pairOf(analysis, 'h', 'san.v');
  assert.equal(pair.bandwidth.mbps, 10_000);
  assert.equal(pair.bandwidth.bottleneck.id, 'san.A.p0');
  assert.match(pair.bandwidth.bottleneck.reason, /san\.A\.p0 10G/);
});

test('a slower cable caps the path', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24  speed 10G } }
switch sw { }
link h.eth0 -- sw:1 { speed 1G }
link san.A.p0 -- sw:41
array san { controller A { port p0 { ip 10.0.1.100/24  speed 10G } }  volume v { } }`);
  assert.equal(analysis.paths[0]!.capacityMbps, 1_000);
  assert.equal(pairOf(analysis, 'h', 'san.v').bandwidth.mbps, 1_000);
});

test('undeclared speeds give an unknown bandwidth', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 } }
switch sw { }
link h.eth0 -- sw:1
link san.A.p0 -- sw:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume v { } }`);
  const { bandwidth } = pairOf(analysis, 'h', 'san.v');
  assert.equal(bandwidth.mbps, 0);
  assert.equal(bandwidth.known, false);
  assert.match(bandwidth.bottleneck.reason, /speed not declared/);
});

test('max-flow: a team resource caps several sessions at the sum of its members', () => {
  const team = { id: 'h.t0', capacityMbps: 20_000, team: { mode: 'lacp' as const, members: 2 } };
  const path = (id: string, portal: string): FlowPath => ({
    id,
    capacityMbps: 10_000,
    speedKnown: true,
    optimized: true,
    sessionGroup: id,
    controller: 'san.A',
    init: team,
    portal: { id: portal, capacityMbps: 25_000 },
    teamId: 'h.t0',
    teamMode: 'lacp',
    hostLegs: [],
    arrayLegs: [],
  });
  assert.equal(maxFlow([path('a', 'p0'), path('b', 'p1'), path('c', 'p2')]).mbps, 20_000);
  assert.equal(maxFlow([path('a', 'p0')]).mbps, 10_000);
});

const islDesign = (isl: string) => `
host app01 {
  os rhel-9
  multipath mpio
  nic e0 { ip 10.50.0.11/24  speed 25G }
  nic e1 { ip 10.50.0.12/24  speed 25G }
}
switch s1 { }
switch s2 { }
array st {
  controller A { port p0 { ip 10.50.0.101/24  speed 25G }  port p1 { ip 10.50.0.102/24  speed 25G } }
  volume v1 { }
}
link app01.e0 -- s1:1
link app01.e1 -- s1:2
link st.A.p0 -- s2:41
link st.A.p1 -- s2:42
${isl}`;

test('an inter-switch link is shared by every path that crosses it, and named as the bottleneck', () => {
  const { bandwidth } = pairOf(analyze(islDesign('link s1:49 -- s2:49 { speed 10G }')), 'app01', 'st.v1');
  assert.equal(bandwidth.mbps, 10_000);
  assert.equal(bandwidth.bottleneck.id, 'link@s1:49--s2:49');
  assert.match(bandwidth.bottleneck.reason, /inter-switch link s1:49 -- s2:49 10G/);
});

test('parallel inter-switch links add up, one session still rides one of them', () => {
  const { bandwidth } = pairOf(
    analyze(islDesign('link s1:49 -- s2:49 { speed 10G }\nlink s1:50 -- s2:50 { speed 10G }')),
    'app01',
    'st.v1',
  );
  assert.equal(bandwidth.mbps, 20_000);
});

test('a route over a third switch is found, and the slowest of its links limits', () => {
  const { bandwidth } = pairOf(
    analyze(islDesign('switch spine { }\nlink s1:49 -- spine:1 { speed 40G }\nlink spine:2 -- s2:49 { speed 25G }')),
    'app01',
    'st.v1',
  );
  assert.equal(bandwidth.mbps, 25_000);
});
