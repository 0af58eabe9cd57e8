// The round trip: what the machines of each example would print (test/import/simulate.ts),
// imported back, gives a design with no language error and the same hosts, the same paths
// (initiator → portal address, or HBA WWPN → target port WWPN on Fibre Channel; portals grouped
// into the same controllers) and the same findings.
// Where the outputs cannot carry a fact, the difference is listed below with its reason and
// asserted exactly, so that closing a gap (or opening one) shows here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { importOutputs } from '../../../server/src/import';
import { analyzeDocument, type DocumentAnalysis } from '../../../server/src/service/languageService';
import { simulateOutputs } from '../../import/simulate';

interface KnownDifference {
  /** Rule ids the import loses and gains, and why. */
  missing: string[];
  extra: string[];
  /** Whether the import can tell which controller each portal is on. */
  controllers: boolean;
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

function hostsOf(document: DocumentAnalysis) {
  return document.modelResult.model.hosts.map((host) => ({
    name: host.name,
    os: host.os?.raw,
    iqn: host.iqn,
    multipath: host.multipath,
    policy: host.multipath === 'mpio' ? host.policy ?? 'round-robin' : undefined,
    interfaces: [...host.nics.filter((nic) => nic.ips.length > 0), ...host.teams, ...host.vmks]
      .map((item) => `${item.kind} ${item.name} ${item.ips.map((ip) => `${ip.address}/${ip.prefix}`).join(',')}`)
      .sort(),
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
  });

  for (const [file, known] of Object.entries(EXAMPLES)) {
    it(file, () => {
      const original = analyzeDocument(readFileSync(`examples/${file}`, 'utf8'));
      const outputs = simulateOutputs(original.modelResult.model, original.analysis);
      const imported = importOutputs(outputs.map((output) => ({ file: output.file, folder: output.file.split('/')[0], size: output.text.length, bytes: Buffer.from(output.text) })));
      assert.deepEqual(imported.files.filter((entry) => !entry.format), [], 'every simulated output is recognised');
      const back = analyzeDocument(imported.design);
      assert.deepEqual(back.problems.filter((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error'), [], imported.design);
      assert.deepEqual(hostsOf(back), hostsOf(original));
      assert.deepEqual(pathsOf(back), pathsOf(original));
      if (known.controllers) assert.deepEqual(controllersOf(back), controllersOf(original));
      assert.deepEqual(
        { missing: difference(codes(original), codes(back)), extra: difference(codes(back), codes(original)) },
        { missing: known.missing, extra: known.extra },
        known.reason,
      );
      for (const line of imported.design.split('\n')) {
        if (/^\s*(host|switch|array|nic|team|vmk|hba|lag|port|volume|link|session|os|iqn|multipath|policy|mtu|capabilities|fabric)\b/.test(line) && !/\{\s*$/.test(line) && line.trim() !== '}') {
          assert.match(line, /# \S+:\d+/, `every fact names its source: ${line}`);
        }
      }
    });
  }
});
