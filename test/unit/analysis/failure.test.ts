// Single points of failure and failure simulation, on hand-computed cases, plus the work bound
// that keeps N-1 linear in the number of paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulateFailure, simulateFailures } from '../../../server/src/analysis';
import { internalsOf } from '../../../server/src/analysis/failure';
import { analyze, fixture, linkId, pairOf } from './helpers';

test('serverfault: core1 and controller A are single points of failure, the team members are not', () => {
  const analysis = analyze(fixture('serverfault.topo'));
  const spofs = pairOf(analysis, 'hv01', 'eonstor.vms').singlePointsOfFailure;
  assert.ok(spofs.includes('core1'));
  assert.ok(spofs.includes('eonstor.A'));
  assert.ok(spofs.includes('eonstor.A.ch0'));
  assert.ok(!spofs.includes('hv01.eth0'));
  assert.ok(!spofs.includes('hv01.eth1'));
  assert.ok(!spofs.includes(linkId(analysis, 'hv01.eth0', 'core1:7')));
});

test('serverfault: failing core1 cuts hv01 off', () => {
  const analysis = analyze(fixture('serverfault.topo'));
  const report = simulateFailure(analysis, 'core1');
  assert.deepEqual(report.deadPaths, ['hv01.team0->eonstor.A.ch0']);
  assert.equal(report.affectedPairs.length, 1);
  const impact = report.affectedPairs[0]!;
  assert.equal(impact.cutOff, true);
  assert.equal(impact.pathsBefore, 1);
  assert.equal(impact.pathsAfter, 0);
  assert.equal(impact.bandwidthMbpsBefore, 10_000);
  assert.equal(impact.bandwidthMbpsAfter, 0);
});

test('serverfault: one team member failing keeps the path; both together cut it', () => {
  const analysis = analyze(fixture('serverfault.topo'));
  const one = simulateFailure(analysis, 'hv01.eth0');
  assert.deepEqual(one.deadPaths, []);
  assert.equal(one.affectedPairs[0]!.cutOff, false);
  assert.equal(one.affectedPairs[0]!.bandwidthMbpsAfter, 10_000);
  const both = simulateFailures(analysis, ['hv01.eth0', 'hv01.eth1']);
  assert.deepEqual(both.deadPaths, ['hv01.team0->eonstor.A.ch0']);
  assert.equal(both.affectedPairs[0]!.cutOff, true);
});

test('controller B, uncabled, affects nothing', () => {
  const report = simulateFailure(analyze(fixture('serverfault.topo')), 'eonstor.B');
  assert.deepEqual(report.deadPaths, []);
  assert.deepEqual(report.affectedPairs, []);
});

test('dual fabric: no single point of failure; one switch down halves the bandwidth', () => {
  const analysis = analyze(fixture('dual-fabric.topo'));
  for (const pair of analysis.pairs) assert.deepEqual(pair.singlePointsOfFailure, [], `${pair.host}`);
  for (const component of analysis.components) {
    const report = simulateFailure(analysis, component.id);
    assert.ok(report.affectedPairs.every((p) => !p.cutOff), component.id);
  }
  const report = simulateFailure(analysis, 'sw-a');
  assert.equal(report.deadPaths.length, 4);
  const hv01 = report.affectedPairs.find((p) => p.host === 'hv01')!;
  assert.equal(hv01.pathsAfter, 2);
  assert.equal(hv01.optimizedAfter, 1);
  assert.equal(hv01.bandwidthMbpsAfter, 10_000);
});

test('dual fabric: the owning controller down leaves only non-optimized paths', () => {
  const report = simulateFailure(analyze(fixture('dual-fabric.topo')), 'san.A');
  const hv01 = report.affectedPairs.find((p) => p.host === 'hv01')!;
  assert.equal(hv01.pathsAfter, 2);
  assert.equal(hv01.optimizedAfter, 0);
  assert.equal(hv01.bandwidthMbpsAfter, 20_000);
});

test('two switches failing together cut the dual-fabric hosts off', () => {
  const report = simulateFailures(analyze(fixture('dual-fabric.topo')), ['sw-a', 'sw-b']);
  assert.equal(report.affectedPairs.length, 2);
  assert.ok(report.affectedPairs.every((p) => p.cutOff));
});

test('two parallel inter-switch links: neither is a single point of failure, both together are', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24 } }
switch s1 { }
switch s2 { }
link s1:49 -- s2:49
link s1:50 -- s2:50
link h.eth0 -- s1:1
link san.A.p0 -- s2:41
array san { controller A { port p0 { ip 10.0.1.100/24 } }  volume v { } }`);
  const isl1 = linkId(analysis, 's1:49', 's2:49');
  const isl2 = linkId(analysis, 's1:50', 's2:50');
  const path = analysis.paths[0]!;
  assert.ok(!path.dependsOn.includes(isl1) && !path.dependsOn.includes(isl2));
  assert.ok(path.dependsOn.includes('s1') && path.dependsOn.includes('s2'));
  assert.deepEqual(simulateFailures(analysis, [isl1, isl2]).deadPaths, [path.id]);
});

test('a shared card is a single point of failure for the two NICs on it', () => {
  const analysis = analyze(`
host h { multipath mpio  nic eth0 { ip 10.0.1.10/24  card slot1 }  nic eth1 { ip 10.0.2.10/24  card slot1 } }
link h.eth0 -- san.A.p0
link h.eth1 -- san.B.p0
array san { controller A { port p0 { ip 10.0.1.100/24 } }  controller B { port p0 { ip 10.0.2.100/24 } }  volume v { } }`);
  assert.deepEqual(pairOf(analysis, 'h', 'san.v').singlePointsOfFailure, ['h.card:slot1']);
  assert.deepEqual(analysis.componentById.get('h.card:slot1')!.members, ['h.eth0', 'h.eth1']);
});

test('unknown component ids are reported, not thrown', () => {
  const report = simulateFailure(analyze(fixture('serverfault.topo')), 'nope');
  assert.deepEqual(report.unknown, ['nope']);
  assert.deepEqual(report.affectedPairs, []);
});

/** N hosts with two NICs on two switches and one dual-controller array. */
function hosts(n: number): string {
  const lines = ['switch sw-a { }', 'switch sw-b { }', 'link sw-a:49 -- sw-b:49'];
  for (let i = 0; i < n; i++) {
    lines.push(`host h${i} { multipath mpio  nic e0 { ip 10.0.1.${i + 1}/16 }  nic e1 { ip 10.0.2.${i + 1}/16 } }`);
    lines.push(`link h${i}.e0 -- sw-a:${i + 1}`, `link h${i}.e1 -- sw-b:${i + 1}`);
  }
  lines.push('array san { controller A { port p0 { ip 10.0.250.1/16 } }  controller B { port p0 { ip 10.0.250.2/16 } }  volume v { } }');
  lines.push('link san.A.p0 -- sw-a:100', 'link san.B.p0 -- sw-b:100');
  return lines.join('\n');
}

test('fabric searches are shared by paths with equal attachments: work does not grow with hosts', () => {
  const visits = (n: number): { visits: number; paths: number } => {
    const analysis = analyze(hosts(n));
    return { visits: internalsOf(analysis)!.fabric.visits, paths: analysis.paths.length };
  };
  const small = visits(10);
  const large = visits(80);
  assert.equal(small.paths, 10 * 4);
  assert.equal(large.paths, 80 * 4);
  assert.equal(large.visits, small.visits);
});
