// The round trip: what the machines of each example (and of designs with vSwitches and routes)
// would print (test/import/simulate.ts), imported back, gives a design with no language error and
// the same hosts (their interfaces, gateways, vSwitches and routes), the same paths
// (initiator → portal address, or HBA WWPN → target port WWPN on Fibre Channel; portals grouped
// into the same controllers) and the same findings.
// Each is also imported as a design of several files (one per host, a fabric file and an arrays
// file), which must read as the one-file import does: the same findings on the same lines' text.
// Where the outputs cannot carry a fact, the difference is listed below with its reason and
// asserted exactly, so that closing a gap (or opening one) shows here.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importOutputFiles, importOutputs, type CollectedBytes } from '../../../server/src/import';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeDocument, type DocumentAnalysis } from '../../../server/src/service/languageService';
import { simulateOutputs } from '../../import/simulate';

interface KnownDifference {
  /** Rule ids the import loses and gains, and why. */
  missing: string[];
  extra: string[];
  /** Whether the import can tell which controller each portal is on. */
  controllers: boolean;
  /** False when the design writes no IQNs: every initiator prints one, which the import then writes. */
  iqns?: false;
  /** False when no imported path can be reached (the reason says why): the paths are then not compared. */
  paths?: false;
  reason: string;
}

const EXACT: KnownDifference = { missing: [], extra: [], controllers: true, reason: '' };

const EXAMPLES: Record<string, KnownDifference> = {
  'linux-dm-multipath.topo': EXACT,
  'fc-dual-fabric.topo': EXACT,
  'vmware-esxi-port-binding.topo': EXACT,
  'dual-fabric-mpio.topo': {
    missing: [],
    extra: ['spof'],
    controllers: false,
    reason: 'Windows prints MPIO paths (mpclaim) without their iSCSI connection, so no output ties a portal to its controller; the ports land in one controller, which is then a single point of failure',
  },
  'serverfault-lacp-team.topo': {
    missing: ['single-controller', 'uncabled'],
    extra: [],
    controllers: false,
    reason: 'controller B is configured but not cabled: no host logs in to it, so nothing collected shows it',
  },
  'infortrend-trunk-mcs.topo': {
    missing: ['single-controller'],
    extra: ['mcs-target-unsupported', 'spof', 'spof', 'spof'],
    controllers: false,
    reason: "an array trunk and the target's MC/S support are array settings no host prints; the trunk's address reads as one port",
  },
};

/** The designs of several files (a folder holding a `.topo.json`) among the examples. */
const DESIGN_FOLDERS: Record<string, KnownDifference> = {
  'site-a': {
    missing: [],
    extra: ['mtu-mismatch', 'mtu-mismatch', 'mtu-mismatch', 'mtu-mismatch'],
    controllers: false,
    reason:
      "Windows prints no interface's MTU, so a portal both clusters log in to gets none from its initiators (the database hosts' 9000 is not the only one) and reads as 1500; and only the Hyper-V hosts log in to network B's portals, and no Windows output ties a portal to its controller",
  },
};

/** Another design to import back, beside the examples: a case the examples do not cover, and what it cannot carry. */
const FIXTURES: Record<string, KnownDifference> = {
  'test/fixtures/rules/vswitch-ip-hash.topo': {
    missing: [],
    extra: ['vswitch-lag-mismatch'],
    controllers: true,
    iqns: false,
    reason: "esxcli does not print a distributed switch's teaming (vCenter keeps it): esx04's LACP reads as the default originating-port, over the switch's LACP channel",
  },
  'test/fixtures/rules/vmk-teaming-override.topo': {
    missing: [],
    extra: [],
    controllers: true,
    iqns: false,
    reason: '',
  },
  'test/fixtures/rules/routed-host-routes.topo': {
    missing: ['routed-iscsi', 'routed-iscsi', 'routed-iscsi', 'routed-iscsi', 'routed-iscsi', 'shared-nic', 'single-controller', 'single-path', 'single-switch', 'single-switch'],
    extra: ['unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal', 'unreachable-portal'],
    controllers: false,
    iqns: false,
    paths: false,
    reason: "no host prints that a switch routes, nor the array ports' subnets and gateways: the imported switches do not route, so every routed login is unreachable",
  },
};

const names = (refs: ReadonlyArray<{ id: string }>) => refs.map((ref) => ref.id.split('.').pop()).join(',');

function hostsOf(document: DocumentAnalysis, known: KnownDifference) {
  return document.modelResult.model.hosts.map((host) => ({
    name: host.name,
    os: host.os?.raw,
    iqn: known.iqns === false ? undefined : host.iqn,
    multipath: host.multipath,
    policy: host.multipath === 'mpio' ? host.policy ?? 'round-robin' : undefined,
    interfaces: [...host.nics.filter((nic) => nic.ips.length > 0), ...host.teams, ...host.vmks]
      .map((item) => {
        const distributed = item.kind === 'vmk' && host.vswitches.find((vswitch) => vswitch.id === item.vswitch?.id)?.type === 'distributed';
        const vmk = item.kind === 'vmk' ? ` vswitch ${item.vswitch?.id.split('.').pop()} active ${names(item.active)} standby ${names(item.standby)}${distributed ? '' : ` teaming ${item.teaming}`}` : '';
        return `${item.kind} ${item.name} ${item.ips.map((ip) => `${ip.address}/${ip.prefix}`).join(',')}${item.vlan ? ` vlan ${item.vlan}` : ''}${item.gateway ? ` gateway ${item.gateway.address}` : ''}${vmk}`;
      })
      .sort(),
    // esxcli does not print a distributed switch's teaming, nor its port groups': only a standard vSwitch's (and its vmks') are compared.
    vswitches: host.vswitches.map((item) => `${item.type} ${item.name} uplinks ${names(item.uplinks)} standby ${names(item.standby)} mtu ${item.mtu ?? 1500}${item.type === 'standard' ? ` teaming ${item.teaming}` : ''}`).sort(),
    // A route is named by the design, not the host: it is the same by where it leads and through which gateway.
    routes: host.routes.flatMap((route) => route.to.map((to) => `${to.address}/${to.prefix} via ${route.gateway?.address}`)).sort(),
    // An HBA is named by the OS that collected it (host5, vmhba2, fc0): it is the same by its WWPN.
    hbas: host.hbas.map((hba) => `hba ${hba.wwpn} ${hba.speedMbps}`).sort(),
  }));
}

/** A portal by its address, a Fibre Channel port by its WWPN: what the outputs know it by. */
function portalAddress(document: DocumentAnalysis, portal: string): string {
  for (const array of document.modelResult.model.arrays) {
    for (const trunk of array.trunks) if (trunk.id === portal) return trunk.ips[0].address;
    for (const controller of array.controllers) for (const port of controller.ports) if (port.id === portal) return port.wwpn ?? port.ips[0].address;
  }
  return portal;
}

function initiatorKey(document: DocumentAnalysis, initiator: string): string {
  const hba = document.modelResult.model.hosts.flatMap((host) => host.hbas).find((candidate) => candidate.id === initiator);
  return hba?.wwpn ?? initiator;
}

function pathsOf(document: DocumentAnalysis): string[] {
  return document.analysis.paths.map((path) => `${initiatorKey(document, path.initiator)} -> ${portalAddress(document, path.portal)}`).sort();
}

/** Portal addresses grouped by controller, whatever the controllers are called. */
function controllersOf(document: DocumentAnalysis): string[] {
  const groups = new Map<string, Set<string>>();
  for (const path of document.analysis.paths) {
    const set = groups.get(path.controller) ?? new Set<string>();
    set.add(portalAddress(document, path.portal));
    groups.set(path.controller, set);
  }
  return [...groups.values()].map((set) => [...set].sort().join(' ')).sort();
}

/** Each finding as the text it is on: the same in a design of one file or of several, wherever its lines are. */
const findings = (document: DocumentAnalysis) =>
  document.problems
    .map((problem) => `${problem.code} ${problem.message} @ ${document.files.text.slice(problem.span.start, problem.span.end)} ${(problem.related ?? []).map((related) => document.files.text.slice(related.span.start, related.span.end)).join(' | ')}`)
    .sort();

/** A design file, or a design folder's files in the order the CLI reads them. */
function readDesign(file: string): DocumentAnalysis {
  if (!existsSync(path.join(file, '.topo.json'))) return analyzeDocument(readFileSync(file, 'utf8'));
  const names = readdirSync(file).filter((name) => name.endsWith('.topo')).sort();
  return analyzeDesign(new DesignFiles(names.map((name) => ({ name, text: readFileSync(path.join(file, name), 'utf8') }))));
}

const codes = (document: DocumentAnalysis) => document.problems.map((problem) => problem.code).sort();

function difference(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((code) => {
    const index = rest.indexOf(code);
    if (index < 0) return true;
    rest.splice(index, 1);
    return false;
  });
}

describe('round trip: a design → what its machines print → topo import', () => {
  it('covers every example', () => {
    assert.deepEqual(Object.keys(EXAMPLES).sort(), readdirSync('examples').filter((name) => name.endsWith('.topo')).sort());
    assert.deepEqual(Object.keys(DESIGN_FOLDERS).sort(), readdirSync('examples').filter((name) => existsSync(path.join('examples', name, '.topo.json'))).sort());
  });

  const cases = [
    ...Object.entries(EXAMPLES).map(([name, difference]) => [`examples/${name}`, difference] as const),
    ...Object.entries(DESIGN_FOLDERS).map(([name, difference]) => [`examples/${name}`, difference] as const),
    ...Object.entries(FIXTURES),
  ];
  for (const [file, known] of cases) {
    it(file, () => {
      const original = readDesign(file);
      const outputs = simulateOutputs(original.modelResult.model, original.analysis);
      const collected: CollectedBytes[] = outputs.map((output) => ({ file: output.file, folder: output.file.split('/')[0], size: output.text.length, bytes: Buffer.from(output.text) }));
      const imported = importOutputs(collected);
      assert.deepEqual(imported.files.filter((entry) => !entry.format), [], 'every simulated output is recognised');
      const back = analyzeDocument(imported.design);
      assert.deepEqual(back.problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error'), [], imported.design);
      assert.deepEqual(hostsOf(back, known), hostsOf(original, known));
      if (known.paths === false) assert.deepEqual(pathsOf(back), [], known.reason);
      else assert.deepEqual(pathsOf(back), pathsOf(original));
      if (known.controllers) assert.deepEqual(controllersOf(back), controllersOf(original));
      assert.deepEqual(
        { missing: difference(codes(original), codes(back)), extra: difference(codes(back), codes(original)) },
        { missing: known.missing, extra: known.extra },
        known.reason,
      );
      for (const line of imported.design.split('\n')) {
        if (/^\s*(host|switch|array|nic|team|vswitch|vmk|hba|route|lag|port|volume|link|session|os|iqn|multipath|policy|mtu|capabilities|fabric)\b/.test(line) && !/\{\s*$/.test(line) && line.trim() !== '}') {
          assert.match(line, /# \S+:\d+/, `every fact names its source: ${line}`);
        }
      }

      const split = importOutputFiles(collected);
      assert.deepEqual(split.unplaced, imported.unplaced, 'the same report');
      const hosts = back.modelResult.model.hosts.map((host) => `${host.name}.topo`);
      assert.deepEqual(split.designFiles.map((entry) => entry.name), [...hosts, ...(back.modelResult.model.switches.length > 0 ? ['fabric.topo'] : []), 'arrays.topo'].sort());
      assert.deepEqual(
        split.designFiles.flatMap((entry) => entry.text.split('\n')).filter((line) => !line.startsWith('#') && line !== '').sort(),
        imported.design.split('\n').filter((line) => !line.startsWith('#') && line !== '').sort(),
        'the same lines, each naming its source',
      );
      const splitBack = analyzeDesign(new DesignFiles(split.designFiles));
      assert.deepEqual(findings(splitBack), findings(back));
      const fileOf = (span: { start: number }) => splitBack.files.fileAt(span.start).name;
      const { model } = splitBack.modelResult;
      for (const host of model.hosts) assert.equal(fileOf(host.span), `${host.name}.topo`);
      for (const session of model.sessions) assert.equal(fileOf(session.span), `${session.host.id}.topo`);
      for (const link of model.links) {
        const hostEnd = [link.a, link.b].find((end) => end.kind === 'host-interface');
        assert.equal(fileOf(link.span), hostEnd ? `${hostEnd.ref.id.split('.')[0]}.topo` : 'fabric.topo');
      }
      for (const item of [...model.switches, ...model.arrays]) assert.equal(fileOf(item.span), item.kind === 'switch' ? 'fabric.topo' : 'arrays.topo');
    });
  }
});
