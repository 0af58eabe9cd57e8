// Portals that are not one port's address: a redirect group, floating virtual ports and a
// send-targets discovery address, as the builder reads them and as the paths and failures see them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simulateFailure, simulateFailures } from '../../../server/src/analysis';
import { buildModel } from '../../../server/src/model/build';
import { parse } from '../../../server/src/syntax/parser';
import { analyze, pairOf } from './helpers';

const rules = join(import.meta.dirname, '..', '..', 'fixtures', 'rules');
const design = (name: string): string => readFileSync(join(rules, `${name}.topo`), 'utf8');

test('a portal keeps its mode, address and ports; without ports it stands for every iSCSI port of the array', () => {
  const { model, problems } = buildModel(
    parse(`array sc {
  controller A { port p1 { speed 25G }  port fc0 { wwpn 50:00:d3:10:00:00:00:01 } }
  controller B { port p1 { speed 25G } }
  portal fd1 { ip 10.0.0.10/24  ports B.p1, A.p1  mode float }
  portal disc { ip 10.0.0.12/24 }
}`).tree,
  );
  assert.deepEqual(problems, []);
  const [fd1, disc] = model.arrays[0]!.portals;
  assert.equal(fd1!.mode, 'float');
  assert.deepEqual(fd1!.ips.map((ip) => ip.subnet), ['10.0.0.0/24']);
  assert.deepEqual(fd1!.ports.map((ref) => ref.id), ['sc.B.p1', 'sc.A.p1']);
  assert.equal(disc!.mode, 'discovery');
  assert.deepEqual(disc!.ports.map((ref) => ref.id), ['sc.A.p1', 'sc.B.p1'], 'the FC port is not behind a discovery address');
});

test('a session to a redirect group is one path on the active controller that survives its failure', () => {
  const analysis = analyze(design('portals-equallogic-group'));
  const pair = pairOf(analysis, 'esx01', 'eql.ds1');
  assert.deepEqual(pair.paths, ['esx01.vmk1->eql.group', 'esx01.vmk2->eql.group']);
  for (const id of pair.paths) {
    const path = analysis.pathById.get(id)!;
    assert.equal(path.portalKind, 'portal');
    assert.equal(path.controller, 'eql.cm0');
    assert.ok(!path.dependsOn.includes('eql.cm0'), `${id} does not depend on the active controller`);
  }
  assert.equal(pair.bandwidth.mbps, 20000, 'the group spreads logins over the active controller’s two ports');
  const failover = simulateFailure(analysis, 'eql.cm0');
  assert.deepEqual(failover.deadPaths, []);
  assert.equal(failover.affectedPairs[0]?.pathsAfter, 2);
  assert.equal(failover.affectedPairs[0]?.bandwidthMbpsAfter, 20000, 'the standby controller’s ports carry the group after');
  const both = simulateFailures(analysis, ['eql.cm0', 'eql.cm1']);
  assert.deepEqual(both.deadPaths, pair.paths);
});

test('a float portal moves to its partner port in the fault domain; one controller failing loses no path', () => {
  const analysis = analyze(design('portals-sc-fault-domains'));
  const pair = pairOf(analysis, 'app01', 'sc.db');
  assert.equal(pair.paths.length, 4);
  assert.deepEqual(pair.singlePointsOfFailure, []);
  for (const controller of ['sc.top', 'sc.bottom']) {
    const report = simulateFailure(analysis, controller);
    assert.deepEqual(report.deadPaths, [], `losing ${controller}`);
    assert.equal(report.affectedPairs[0]?.bandwidthMbpsAfter, 50000, 'each fault domain keeps 25G on the surviving controller');
  }
  const fd1 = analysis.pathById.get('app01.eth2->sc.fd1-top')!;
  assert.equal(fd1.controller, 'sc.top');
  assert.deepEqual(
    fd1.hops.map((hop) => hop.id),
    ['app01.eth2', fd1.hops[1]!.id, 'sw-a', fd1.hops[3]!.id, 'sc.top.p1', 'sc.fd1-top', 'sc.top'],
  );
});

test('a float portal moves between its own controller’s ports when a port fails, to the partner’s only when its controller fails', () => {
  const text = design('portals-sc-fault-domains');
  const analysis = analyze(text);
  assert.deepEqual(simulateFailure(analysis, 'sc.top.p1').deadPaths, ['app01.eth2->sc.fd1-top'], 'top has no second port in fault domain 1');
  assert.deepEqual(simulateFailure(analysis, 'sc.top').deadPaths, []);
  assert.deepEqual(simulateFailures(analysis, ['sc.top', 'sc.bottom.p1']).deadPaths, ['app01.eth2->sc.fd1-bottom', 'app01.eth2->sc.fd1-top']);
  const twoPorts = analyze(
    text
      .replace('    port p2 { speed 25G }\n  }\n  controller bottom', '    port p2 { speed 25G }\n    port p3 { speed 25G }\n  }\n  controller bottom')
      .replace('ports top.p1, bottom.p1  mode float', 'ports top.p1, top.p3, bottom.p1  mode float')
      .replace('link sc.top.p1 -- sw-a:10', 'link sc.top.p1 -- sw-a:10\nlink sc.top.p3 -- sw-a:12'),
  );
  assert.deepEqual(simulateFailure(twoPorts, 'sc.top.p1').deadPaths, [], 'the virtual port moves to top.p3');
  assert.ok(!twoPorts.pathById.get('app01.eth2->sc.fd1-top')!.dependsOn.includes('sc.top'));
});

test('without sessions, an initiator logs in at the group IP and the virtual ports, not at the ports behind them', () => {
  const withoutSessions = (text: string): string => text.replace(/^session .*\n/gm, '');
  const group = analyze(withoutSessions(design('portals-equallogic-group')));
  assert.deepEqual(pairOf(group, 'esx01', 'eql.ds1').paths, ['esx01.vmk1->eql.group', 'esx01.vmk2->eql.group']);
  const virtual = analyze(withoutSessions(design('portals-sc-fault-domains')));
  assert.deepEqual(pairOf(virtual, 'app01', 'sc.db').paths, [
    'app01.eth2->sc.fd1-bottom',
    'app01.eth2->sc.fd1-top',
    'app01.eth3->sc.fd2-bottom',
    'app01.eth3->sc.fd2-top',
  ]);
  assert.deepEqual(simulateFailure(virtual, 'sc.top').deadPaths, []);
});

test('a session to a discovery address logs in to every portal behind it that the initiator reaches', () => {
  const analysis = analyze(design('portals-send-targets'));
  const pair = pairOf(analysis, 'esx02', 'pure.ds2');
  assert.deepEqual(pair.paths, [
    'esx02.vmk1->pure.CT0.ETH4',
    'esx02.vmk1->pure.CT0.ETH5',
    'esx02.vmk1->pure.CT1.ETH4',
    'esx02.vmk1->pure.CT1.ETH5',
    'esx02.vmk2->pure.CT0.ETH4',
    'esx02.vmk2->pure.CT0.ETH5',
    'esx02.vmk2->pure.CT1.ETH4',
    'esx02.vmk2->pure.CT1.ETH5',
  ]);
  for (const id of pair.paths) assert.equal(analysis.pathById.get(id)!.viaDiscovery, 'pure.discovery');
});

test('a discovery address the initiator cannot reach is an unreachable connection with its reason', () => {
  const analysis = analyze(`host h1 { multipath mpio  nic eth0 { ip 10.9.0.5/24 } }
switch s1 { }
array a { controller A { port p0 { ip 10.1.0.10/24 } }  portal disc { ip 10.1.0.10/24 }  volume v { hosts h1 } }
link h1.eth0 -- s1:1
link a.A.p0 -- s1:2
session h1 -> a via eth0 -> a.disc`);
  assert.deepEqual(analysis.paths, []);
  assert.deepEqual(analysis.unreachable.map((u) => [u.portal, u.reason]), [['a.disc', 'different-subnet']]);
});
