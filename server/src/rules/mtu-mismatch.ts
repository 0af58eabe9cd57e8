import { hostParts } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import { compareStrings, type ModelIndex } from '../analysis/modelIndex';
import type { Rule, RuleFinding } from './rule';
import { docsPathOf } from './rule';
import type { Span } from '../syntax/tree';
import { addressedInterface, headSpan, KeptPerHost, modelIndex } from './util';

/** Every OS and array uses 1500 bytes unless told otherwise. */
const DEFAULT_MTU = 1500;

export const mtuMismatch: Rule = {
  meta: {
    id: 'mtu-mismatch',
    defaultSeverity: 'error',
    summary: 'The MTU differs between the ends of a path, or a hop on it (vSwitch, uplink, team or trunk member, switch, switch port) carries smaller frames than the ends send.',
    rationale:
      'Jumbo frames only work end to end. If the initiator and the portal use different MTUs, or a ' +
      'switch on the path has a smaller MTU than the ends, large frames are dropped while small ones ' +
      'pass: logins and pings succeed, then I/O stalls or crawls. A switch MTU at or above the ' +
      "endpoints' (9216 for 9000-byte frames) is correct. Every hop counts, including the physical " +
      'ports under a logical interface: a VMkernel port at 9000 on a vSwitch still at 1500 (the ' +
      'vSwitch sets the MTU of its uplinks) is the classic case (`vmkping -d -s 8972` fails), as is ' +
      'an uplink, team or trunk member left ' +
      'at 1500. Which MTU to use is advice (vendors mostly suggest 9000); consistency is the requirement.',
    sources: [
      { title: 'Dell PowerVault MD3200i iSCSI deployment / network planning guide: jumbo frames end to end' },
      { title: 'Pure Storage: SAN guidelines for iSCSI (MTU consistency)' },
      { title: 'VMware KB 1007654: Testing VMkernel network connectivity with the vmkping command', url: 'https://kb.vmware.com/s/article/1007654' },
      { title: 'VMware vSphere Networking: enable jumbo frames on the vSwitch as well as the VMkernel adapter' },
    ],
    fixes: [{ id: 'align-mtu', title: 'Set the MTU to the value the rest of the path uses' }],
    docsPath: docsPathOf('mtu-mismatch'),
  },
  // A host's own interfaces and vSwitches are found by its paths alone: judged with the host, and
  // kept while its part of the analysis is.
  checkHost({ model, analysis }, host) {
    const part = hostParts(analysis).get(host.id);
    if (!part) return [];
    const index = modelIndex(model);
    return findingsOf(index, part)
      .filter((finding) => onHost(index, finding.at))
      .map((finding) => located(index, finding));
  },
  check({ model, analysis }) {
    const index = modelIndex(model);
    // Each element of the arrays and switches is reported once, for the first path (by id) that
    // finds it wrong: the paths of many hosts find the same one.
    const first = new Map<string, MtuFinding>();
    const byHost = sharedFindingsOfHost.of(analysis, (part) => {
      const found = findingsOf(index, part).filter((finding) => !onHost(index, finding.at));
      return found.length > 0 ? found : undefined;
    });
    for (const found of byHost.values()) {
      for (const finding of found) {
        const known = first.get(finding.element);
        if (!known || finding.path < known.path) first.set(finding.element, finding);
      }
    }
    return [...first.values()].sort((a, b) => compareStrings(a.path, b.path) || a.order - b.order).map((finding) => located(index, finding));
  },
};

/**
 * A finding as worked out from one host's paths, without its positions: it is kept while the
 * host's part of the analysis is the same, as the text around it moves, and placed when reported.
 */
interface MtuFinding {
  /** The element reported: the key by which the paths of several hosts find the same one. */
  element: string;
  /** The first path, by id, that finds it. */
  path: string;
  /** Which of that path's host's findings it is. */
  order: number;
  at: Place;
  message: string;
  related: { at: Place; message: string }[];
  data: Record<string, string>;
}

/** Where a finding goes: the head of an addressed interface or a vSwitch, a switch port's name, or a switch's head. */
type Place = { kind: 'interface' | 'vswitch' | 'switch-port' | 'switch'; id: string };

/** The findings of each host that has some on the arrays' and switches' elements. */
const sharedFindingsOfHost = new KeptPerHost<MtuFinding[]>();

/** The findings of each host's part, worked out once for the host's check and the design's. */
const findingsOfPart = new WeakMap<HostPart, MtuFinding[]>();

function findingsOf(index: ModelIndex, part: HostPart): MtuFinding[] {
  let found = findingsOfPart.get(part);
  if (!found) findingsOfPart.set(part, (found = hostFindings(index, part)));
  return found;
}

/** Whether a finding lies on a host: its interfaces and vSwitches, which only its own paths cross. */
function onHost(index: ModelIndex, at: Place): boolean {
  return at.kind === 'vswitch' || (at.kind === 'interface' && (index.nics.has(at.id) || index.teams.has(at.id) || index.vmks.has(at.id)));
}

/** The findings of one host's iSCSI paths, the first for each element. */
function hostFindings(index: ModelIndex, part: HostPart): MtuFinding[] {
  const findings = new Map<string, MtuFinding>();
  const add = (finding: Omit<MtuFinding, 'order'>): void => {
    findings.set(finding.element, { ...finding, order: findings.size });
  };
  for (const path of part.paths) {
    if (path.protocol !== 'iscsi') continue;
    const initiatorMtu = endpointMtu(index, path.initiator);
    const portalMtu = endpointMtu(index, path.portal);
    const initiator = addressedInterface(index, path.initiator);
    // The array's ports serve every host, so the host side is what gets aligned.
    if (initiatorMtu !== portalMtu && initiator && !findings.has(initiator.id)) {
      const portal = addressedInterface(index, path.portal);
      add({
        element: initiator.id,
        path: path.id,
        at: { kind: 'interface', id: initiator.id },
        message:
          `${initiator.id} uses MTU ${initiatorMtu} but portal ${path.portal} uses ${portalMtu}: frames larger ` +
          `than ${Math.min(initiatorMtu, portalMtu)} are dropped and I/O stalls; use ${portalMtu} on ${initiator.id}`,
        related: portal ? [{ at: { kind: 'interface', id: portal.id }, message: `portal ${portal.id}` }] : [],
        data: { element: initiator.id, mtu: String(portalMtu) },
      });
    }
    for (const [logical, mtu] of [[path.initiator, initiatorMtu], [path.portal, portalMtu]] as const) {
      for (const port of portsUnder(index, logical)) {
        if (port.mtu >= mtu || findings.has(port.id) || !addressedInterface(index, logical)) continue;
        add({
          element: port.id,
          path: path.id,
          at: port.at,
          message:
            `${port.id} has MTU ${port.mtu}${port.declared ? '' : ` (${port.defaultNote})`} but ${logical} above it ` +
            `sends ${mtu}-byte frames: the ${port.role} drops them (a ping of ${mtu - 28} bytes with do-not-fragment fails); ` +
            `set MTU ${mtu} on ${port.id}${port.declared || port.role === 'vSwitch' ? '' : ' and its vSwitch'}`,
          related: [{ at: { kind: 'interface', id: logical }, message: `${logical}, MTU ${mtu}` }],
          data: { element: port.id, mtu: String(mtu) },
        });
      }
    }
    const needed = Math.max(initiatorMtu, portalMtu);
    for (const hop of path.hops) {
      if (hop.kind !== 'link') continue;
      for (const limit of limitsOfLink(index, hop.id)) {
        if (limit.mtu >= needed || findings.has(limit.at.id)) continue;
        add({
          element: limit.at.id,
          path: path.id,
          at: limit.at,
          message:
            `${limit.label} has MTU ${limit.mtu} but the path ${path.initiator} -> ${path.portal} sends ` +
            `${needed}-byte frames: the switch drops them; raise its MTU to at least ${needed}`,
          related: [],
          data: { element: limit.at.id, mtu: String(needed) },
        });
      }
    }
  }
  return [...findings.values()];
}

/** A finding placed in this version of the text. */
function located(index: ModelIndex, finding: MtuFinding): RuleFinding {
  const result: RuleFinding = { span: spanOf(index, finding.at), message: finding.message, data: finding.data };
  if (finding.related.length > 0) result.related = finding.related.map(({ at, message }) => ({ span: spanOf(index, at), message }));
  return result;
}

function spanOf(index: ModelIndex, at: Place): Span {
  if (at.kind === 'switch-port') return index.switchPorts.get(at.id)!.nameSpan;
  if (at.kind === 'switch') return headSpan(index.switches.get(at.id)!);
  if (at.kind === 'vswitch') return headSpan(index.vswitches.get(at.id)!);
  return headSpan(addressedInterface(index, at.id)!);
}

function endpointMtu(index: ModelIndex, id: string): number {
  const team = index.teams.get(id);
  if (team) return team.mtu ?? index.nics.get(team.members[0]?.id ?? '')?.mtu ?? DEFAULT_MTU;
  const trunk = index.trunks.get(id);
  if (trunk) return trunk.mtu ?? index.arrayPorts.get(trunk.members[0]?.id ?? '')?.mtu ?? DEFAULT_MTU;
  const portal = index.portals.get(id);
  if (portal) return index.arrayPorts.get(portal.ports[0]?.id ?? '')?.mtu ?? DEFAULT_MTU;
  return addressedInterface(index, id)?.mtu ?? DEFAULT_MTU;
}

interface PortUnder {
  id: string;
  mtu: number;
  /** False when the MTU is the default, not written. */
  declared: boolean;
  /** Where the unwritten MTU comes from, for the message. */
  defaultNote?: string;
  role: 'vSwitch' | 'uplink' | 'team member' | 'trunk member' | 'port it fails over to';
  at: Place;
}

/**
 * What carries a logical interface's frames, with the MTUs that limit it. A vmk's frames cross its
 * vSwitch, whose MTU (1500 unless raised) its uplinks carry, and any uplink that declares a smaller
 * one; a vmk written without a vSwitch has its uplinks' MTU, 1500 where unwritten. Team and trunk
 * members take the team's MTU unless they declare their own.
 */
function portsUnder(index: ModelIndex, id: string): PortUnder[] {
  const vmk = index.vmks.get(id);
  if (vmk) {
    const vswitch = vmk.vswitch && index.vswitches.get(vmk.vswitch.id);
    const hops: PortUnder[] = [];
    if (vswitch) {
      hops.push({ id: vswitch.id, mtu: vswitch.mtu ?? DEFAULT_MTU, declared: vswitch.mtu !== undefined, defaultNote: 'the default of a vSwitch', role: 'vSwitch', at: { kind: 'vswitch', id: vswitch.id } });
    }
    for (const ref of [...vmk.active, ...vmk.standby]) {
      const nic = index.nics.get(ref.id);
      if (!nic || (vswitch && nic.mtu === undefined)) continue;
      hops.push({ id: nic.id, mtu: nic.mtu ?? DEFAULT_MTU, declared: nic.mtu !== undefined, defaultNote: 'the vSwitch default', role: 'uplink', at: { kind: 'interface', id: nic.id } });
    }
    return hops;
  }
  const members: PortUnder[] = [];
  const team = index.teams.get(id);
  for (const ref of team?.members ?? []) {
    const nic = index.nics.get(ref.id);
    if (nic?.mtu !== undefined) members.push({ id: ref.id, mtu: nic.mtu, declared: true, role: 'team member', at: { kind: 'interface', id: nic.id } });
  }
  const trunk = index.trunks.get(id);
  for (const ref of trunk?.members ?? []) {
    const port = index.arrayPorts.get(ref.id);
    if (port?.mtu !== undefined) members.push({ id: ref.id, mtu: port.mtu, declared: true, role: 'trunk member', at: { kind: 'interface', id: port.id } });
  }
  // A group or virtual port carries the first port's frames until it moves to another of its ports.
  const portal = index.portals.get(id);
  for (const ref of portal?.mode === 'discovery' ? [] : (portal?.ports.slice(1) ?? [])) {
    const port = index.arrayPorts.get(ref.id);
    if (port?.mtu !== undefined) members.push({ id: port.id, mtu: port.mtu, declared: true, role: 'port it fails over to', at: { kind: 'interface', id: port.id } });
  }
  return members;
}

interface SwitchLimit {
  at: Place;
  label: string;
  mtu: number;
}

const NO_LIMITS: readonly SwitchLimit[] = [];

/**
 * The MTUs the switches at the ends of a link declare: a port's own MTU where set, else its
 * switch's. Most links have none.
 */
function limitsOfLink(index: ModelIndex, linkId: string): readonly SwitchLimit[] {
  const link = index.links.get(linkId);
  if (!link) return NO_LIMITS;
  let limits: SwitchLimit[] | undefined;
  for (const end of [link.a, link.b]) {
    const port = index.switchPorts.get(end.ref.id);
    const sw = end.switch !== undefined ? index.switches.get(end.switch) : undefined;
    if (port?.mtu !== undefined) (limits ??= []).push({ at: { kind: 'switch-port', id: port.id }, label: `switch port ${port.id}`, mtu: port.mtu });
    else if (sw?.mtu !== undefined) (limits ??= []).push({ at: { kind: 'switch', id: sw.id }, label: `switch ${sw.id}`, mtu: sw.mtu });
  }
  return limits ?? NO_LIMITS;
}
