// The diagram model built from real documents: elements, statuses, single points of failure,
// paths (and which of them the analysis says the failure of drawn elements cuts), and grouping of
// hosts with identical connectivity.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { buildDiagram, GROUP_THRESHOLD, MAX_HOST_BOXES, type DiagramOptions } from '../../../server/src/diagram/build';
import type { NetworkAnalysis } from '../../../server/src/analysis/types';
import { DiagramModelSchema, type DiagramModel } from '../../../server/src/diagram/schema';
import { simulateComponentFailures } from '../../../server/src/report/simulation';
import { analyzeDocument } from '../../../server/src/service/languageService';

/** The analysis each diagram was built from, for the failures the preview asks it about. */
const analysisOf = new WeakMap<DiagramModel, NetworkAnalysis>();

function diagramOf(text: string, options: DiagramOptions = { groupHosts: true }): DiagramModel {
  const doc = analyzeDocument(text);
  const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, options);
  assert.deepEqual(DiagramModelSchema.safeParse(diagram).error?.issues ?? [], []);
  analysisOf.set(diagram, doc.analysis);
  return diagram;
}

function node(diagram: DiagramModel, id: string) {
  const found = diagram.nodes.find((n) => n.id === id);
  assert.ok(found, `node ${id}`);
  return found;
}

function codes(diagram: DiagramModel, id: string): string[] {
  return node(diagram, id).status.messages.map((m) => m.code);
}

/**
 * The diagram's paths the analysis says die when the drawn `elements` fail together, asked as the
 * webview asks it: a group's cable stands for its members' cables.
 */
function deadPaths(diagram: DiagramModel, elements: string[]): Set<number> {
  const components = elements.flatMap((id) => diagram.edges.find((e) => e.id === id)?.links ?? [id]);
  const simulated = simulateComponentFailures(analysisOf.get(diagram)!, components);
  const dead = new Set(simulated.pairs.flatMap((pair) => pair.deadPaths.map((id) => `${id}@${pair.volume}`)));
  const indexes = new Set<number>();
  diagram.paths.forEach((path, i) => dead.has(path.id) && indexes.add(i));
  return indexes;
}

/** N identical hosts, each with one NIC on each of two switches, and a dual-controller array. */
function cluster(hosts: number, odd = 0): string {
  const lines = [
    'switch sw-a { }',
    'switch sw-b { }',
    'array me5 {',
    '  capabilities alua',
    '  controller A { port p0 { ip 10.1.1.100/24  speed 25G } }',
    '  controller B { port p0 { ip 10.1.2.100/24  speed 25G } }',
    '  volume ds1 { size 8T  owner A }',
    '}',
    'link me5.A.p0 -- sw-a:100',
    'link me5.B.p0 -- sw-b:100',
  ];
  for (let i = 1; i <= hosts + odd; i++) {
    const name = i <= hosts ? `esx-host${String(i).padStart(2, '0')}` : `odd${i}`;
    lines.push(
      `host ${name} {`,
      '  os esxi-8.0',
      '  multipath mpio',
      `  nic vmnic0 { ip 10.1.1.${i}/24  speed 25G }`,
      i <= hosts ? `  nic vmnic1 { ip 10.1.2.${i}/24  speed 25G }` : '',
      '}',
      `link ${name}.vmnic0 -- sw-a:${i}`,
      i <= hosts ? `link ${name}.vmnic1 -- sw-b:${i}` : '',
    );
  }
  return lines.join('\n');
}

describe('diagram model of the serverfault example', () => {
  const text = readFileSync('examples/serverfault-lacp-team.topo', 'utf8');
  const diagram = diagramOf(text);

  it('has the host with its team around both NICs, the switch with its LAG, and the array', () => {
    assert.equal(node(diagram, 'hv01').column, 0);
    assert.equal(node(diagram, 'hv01.team0').parent, 'hv01');
    assert.equal(node(diagram, 'hv01.eth0').parent, 'hv01.team0');
    assert.equal(node(diagram, 'hv01.eth1').parent, 'hv01.team0');
    assert.equal(node(diagram, 'core1').column, 1);
    assert.deepEqual(node(diagram, 'core1:po1').bundles, ['core1:7', 'core1:8']);
    assert.equal(node(diagram, 'eonstor.A.ch0').parent, 'eonstor.A');
    assert.equal(node(diagram, 'eonstor.vms').parent, 'eonstor');
    const teamLinks = diagram.edges.filter((e) => e.bundle === 'hv01.team0');
    assert.equal(teamLinks.length, 2);
    assert.deepEqual(teamLinks.map((e) => e.targetPort).sort(), ['core1:7', 'core1:8']);
    assert.deepEqual(diagram.ports.map((p) => [p.id, p.side]).sort(), [['core1:1', 'EAST'], ['core1:7', 'WEST'], ['core1:8', 'WEST']]);
  });

  it('marks the team, the single switch and the missing controller path', () => {
    assert.deepEqual(codes(diagram, 'hv01.team0'), ['iscsi-over-team']);
    assert.equal(node(diagram, 'hv01.team0').status.level, 'warning');
    assert.ok(codes(diagram, 'hv01').includes('single-switch'));
    assert.ok(codes(diagram, 'hv01').includes('single-controller'));
    assert.equal(node(diagram, 'core1').status.spof, true);
    assert.equal(node(diagram, 'eonstor.A').status.spof, true);
    assert.ok(diagram.paths.every((p) => !p.nodes.includes('eonstor.B') && !p.nodes.includes('eonstor.B.ch0')));
  });

  it('has one path from hv01 to the volume, at 10G, crossing the team and core1', () => {
    assert.equal(diagram.pairs.length, 1);
    const pair = diagram.pairs[0]!;
    assert.equal(pair.mbps, 10000);
    const path = diagram.paths[pair.paths[0]!]!;
    for (const id of ['hv01', 'hv01.team0', 'core1', 'eonstor.A.ch0', 'eonstor.A', 'eonstor.vms']) assert.ok(path.nodes.includes(id), id);
    for (const id of ['hv01.eth0', 'hv01.eth1']) assert.ok(path.nodes.includes(id), id);
  });

  it('cuts the host off when core1 fails, not when one team member fails', () => {
    assert.equal(deadPaths(diagram, ['core1']).size, 1);
    assert.equal(deadPaths(diagram, ['hv01.eth0']).size, 0);
    assert.equal(deadPaths(diagram, ['hv01.eth0', 'hv01.eth1']).size, 1);
  });
});

describe('problems on the diagram', () => {
  it('go to the innermost element whose span contains them; others are left out', () => {
    const text = readFileSync('examples/serverfault-lacp-team.topo', 'utf8');
    const doc = analyzeDocument(text);
    const inNic = text.indexOf('nic eth1') + 4;
    const problems = [
      { code: 'TEST1', severity: 'error' as const, message: 'in eth1', span: { start: inNic, end: inNic + 4 } },
      { code: 'TEST2', severity: 'info' as const, message: 'in a comment', span: { start: 0, end: 3 } },
    ];
    const diagram = buildDiagram(doc.modelResult.model, doc.analysis, problems, { groupHosts: true });
    assert.deepEqual(codes(diagram, 'hv01.eth1'), ['TEST1']);
    assert.equal(node(diagram, 'hv01.eth1').status.level, 'error');
    assert.deepEqual(codes(diagram, 'hv01'), []);
    assert.ok(diagram.nodes.every((n) => n.status.messages.every((m) => m.code !== 'TEST2')));
  });
});

describe('grouping hosts', () => {
  const count = GROUP_THRESHOLD + 4;

  it('collapses identical hosts into one group with the representative paths', () => {
    const diagram = diagramOf(cluster(count, 1));
    const group = node(diagram, 'group:esx-host01');
    assert.equal(group.kind, 'group');
    assert.equal(group.label, `${count} hosts like esx-host01 on sw-a and sw-b`);
    assert.equal(group.members?.length, count);
    assert.equal(diagram.nodes.filter((n) => n.kind === 'host').length, 1);
    assert.ok(diagram.nodes.every((n) => !n.id.startsWith('esx-host')));
    const groupLinks = diagram.edges.filter((e) => e.source === group.id);
    assert.deepEqual(groupLinks.map((e) => e.target).sort(), ['sw-a', 'sw-b']);
    assert.ok(groupLinks.every((e) => e.label?.startsWith('vmnic') && e.label.includes(`${count} × 25G`)));
    const groupPairs = diagram.pairs.filter((p) => p.host === group.id);
    assert.equal(groupPairs.length, 1);
    assert.equal(groupPairs[0]!.paths.length, 2);
    assert.ok(diagram.paths.every((p) => p.edges.every((e) => diagram.edges.some((x) => x.id === e))));
  });

  it('shows every host when the group is expanded or grouping is off', () => {
    const expanded = diagramOf(cluster(count), { groupHosts: true, expandedGroups: ['group:esx-host01'] });
    assert.equal(expanded.nodes.filter((n) => n.kind === 'host').length, count);
    const off = diagramOf(cluster(count), { groupHosts: false });
    assert.equal(off.nodes.filter((n) => n.kind === 'group').length, 0);
  });

  it('groups hosts mapped to volumes of one array owned by either controller, with a pair per volume', () => {
    const names = Array.from({ length: count }, (_, i) => `esx-host${String(i + 1).padStart(2, '0')}`);
    const half = count / 2;
    const text = cluster(count).replace(
      '  volume ds1 { size 8T  owner A }',
      `  volume ds1 { size 8T  owner A  hosts ${names.slice(0, half).join(', ')} }\n  volume ds2 { size 8T  owner B  hosts ${names.slice(half).join(', ')} }`,
    );
    const diagram = diagramOf(text);
    const group = node(diagram, 'group:esx-host01');
    assert.equal(group.members?.length, count);
    const groupPairs = diagram.pairs.filter((p) => p.host === group.id);
    assert.deepEqual(groupPairs.map((p) => p.volume).sort(), ['me5.ds1', 'me5.ds2']);
    assert.ok(diagram.paths.every((p) => p.edges.every((e) => diagram.edges.some((x) => x.id === e))));
    const ds2Paths = diagram.paths.filter((p) => p.volume === 'me5.ds2');
    assert.equal(ds2Paths.length, 2);
    assert.ok(ds2Paths.every((p) => p.edges.some((e) => e.startsWith('group-link:'))));
    const groupLinks = diagram.edges.filter((e) => e.source === group.id).map((e) => e.id);
    assert.equal(deadPaths(diagram, groupLinks).size, diagram.paths.length);
  });

  it('does not group a few hosts', () => {
    const diagram = diagramOf(cluster(GROUP_THRESHOLD));
    assert.equal(diagram.nodes.filter((n) => n.kind === 'group').length, 0);
    assert.equal(diagram.nodes.filter((n) => n.kind === 'host').length, GROUP_THRESHOLD);
  });
});

describe('grouping a large design', () => {
  const topology = generateTopology({ hosts: 400, seed: 42 });
  const doc = analyzeDocument(topology.text);
  const diagram = diagramOf(topology.text);
  const hostBoxes = diagram.nodes.filter((n) => n.kind === 'host' || n.kind === 'group');

  it('accounts for every host exactly once, in a group or on its own', () => {
    const drawn = hostBoxes.flatMap((n) => n.members ?? [n.id]).sort();
    assert.deepEqual(drawn, doc.modelResult.model.hosts.map((h) => h.id).sort());
    assert.ok(hostBoxes.length <= MAX_HOST_BOXES, `${hostBoxes.length} host boxes`);
    assert.equal(diagram.nodes.filter((n) => n.kind === 'switch').length, topology.switchNames.length);
    assert.equal(diagram.nodes.filter((n) => n.kind === 'array').length, topology.arrays);
  });

  it('groups the bad hosts of each switch pair under their problem, one message per rule', () => {
    const bad = hostBoxes.filter((n) => n.kind === 'group' && n.detail.includes('multipath none'));
    assert.ok(bad.length > 0);
    for (const group of bad) {
      assert.match(group.status.level, /warning|error/);
      const codes = group.status.messages.map((m) => m.code);
      assert.ok(codes.includes('iscsi-over-team'), group.id);
      assert.equal(new Set(codes).size, codes.length, group.id);
      const links = diagram.edges.filter((e) => e.source === group.id);
      const switches = new Set(links.map((e) => e.target));
      if (group.label.includes(' hosts like ')) {
        assert.equal(switches.size, 1, `${group.id} is cabled to one switch`);
        assert.match(group.label, new RegExp(`^${group.members!.length} hosts like ${group.members![0]} on ${[...switches][0]}$`));
      } else {
        const cabled = new Set(group.members!.flatMap((host) => doc.modelResult.model.links.filter((l) => l.a.ref.id.startsWith(`${host}.`)).map((l) => l.b.switch)));
        assert.deepEqual([...switches].sort(), [...cabled].sort(), `${group.id} is cabled to every switch a member is`);
      }
      assert.ok(links.every((e) => e.bundle !== undefined));
    }
    const teamMessage = bad[0]!.status.messages.find((m) => m.code === 'iscsi-over-team')!;
    assert.match(teamMessage.message, /and \d+ more like it in this group/);
  });

  it('groups the flagged hosts left alone by their findings, named by the worst', () => {
    const alone = hostBoxes.filter((n) => n.kind === 'host' && n.status.level !== 'ok');
    assert.deepEqual(alone.map((n) => n.id), [], 'no flagged host drawn alone');
    const byFinding = hostBoxes.filter((n) => n.kind === 'group' && n.label.includes(' hosts with '));
    assert.ok(byFinding.length > 0);
    for (const group of byFinding) {
      const [, count, code] = /^(\d+) hosts with (\S+)$/.exec(group.label) ?? [];
      assert.equal(Number(count), group.members!.length, group.label);
      assert.ok(group.status.messages.some((m) => m.code === code && m.severity === 'error'), group.label);
      assert.ok(group.detail.some((line) => /^on (\d+ switches|\S+( and \S+)?)$/.test(line)), group.detail.join(' / '));
    }
  });

  it('keeps the paths and pairs consistent with what is drawn, and the paths a switch failure cuts cross it', () => {
    const ids = new Set([...diagram.nodes.map((n) => n.id), ...diagram.edges.map((e) => e.id), ...diagram.ports.map((p) => p.id)]);
    for (const path of diagram.paths) for (const id of [...path.nodes, ...path.edges]) assert.ok(ids.has(id), id);
    for (const group of hostBoxes.filter((n) => n.kind === 'group')) assert.ok(diagram.pairs.some((p) => p.host === group.id), group.id);
    const sw = topology.switchNames[0]!;
    const cutBySwitch = deadPaths(diagram, [sw]);
    assert.ok(cutBySwitch.size > 0);
    assert.ok([...cutBySwitch].every((i) => diagram.paths[i]!.nodes.includes(sw)));
  });
});

describe('the grouped fixture', () => {
  it('is the diagram model of grouped.topo (regenerated with UPDATE_SNAPSHOTS=1)', () => {
    const diagram = diagramOf(readFileSync('test/fixtures/diagram/grouped.topo', 'utf8'));
    const file = 'test/fixtures/diagram/grouped.json';
    if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, `${JSON.stringify(diagram, null, 1)}\n`);
    const fixture = DiagramModelSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const shape = (d: DiagramModel) => ({
      nodes: d.nodes.map((n) => [n.id, n.kind, n.parent, n.members]),
      edges: d.edges.map((e) => [e.id, e.source, e.target]),
      paths: d.paths.map((p) => p.id),
    });
    assert.deepEqual(shape(fixture), shape(diagram));
    assert.deepEqual(
      fixture.nodes.filter((n) => n.kind === 'group').map((n) => n.members?.length),
      [11, 13],
    );
  });
});
