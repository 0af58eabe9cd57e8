import type { ModelIndex } from '../analysis/modelIndex';
import type { Endpoint, Lag, Link, Model, Switch } from '../model/schema';
import type { Rule, RuleFinding } from './rule';
import { docsPathOf } from './rule';
import { headSpan, joinNames, modelIndex, unique } from './util';

export const mlagLagPairing: Rule = {
  meta: {
    id: 'mlag-lag-pairing',
    defaultSeverity: 'error',
    summary: 'LAGs on two MLAG peers that must be one MLAG interface but are not paired, or are paired wrongly.',
    rationale:
      'A device dual-homed to an MLAG pair (a host team, an array trunk) sees one LAG only when both ' +
      'peers configure their member LAGs as one MLAG interface: the same MLAG id, vPC number or VLT ' +
      'port channel on both switches. Unpaired, each switch runs its own LAG with its own LACP ' +
      'system id; the device aggregates the links to one switch only and the other side stays down ' +
      '(or, with a static bundle, frames are hashed to a switch that treats them as another LAG). A ' +
      'pairing is only meaningful between MLAG peers, in the same mode on both sides, toward the ' +
      'same device, and in both directions alike.',
    sources: [
      { title: 'NVIDIA Cumulus Linux NVUE reference: bond mlag id, the same on both peer switches', url: 'https://docs.nvidia.com/networking-ethernet-software/nvue-reference/Set-and-Unset-Commands/MLAG/' },
      { title: 'Cisco Nexus 9000 NX-OS Interfaces Configuration Guide: Configuring vPCs (vPC number)', url: 'https://www.cisco.com/c/en/us/td/docs/dcn/nx-os/nexus9000/104x/configuration/interfaces/cisco-nexus-9000-series-nx-os-interfaces-configuration-guide-release-104x/m_configuring_vpcs_9x.html' },
      { title: 'MikroTik RouterOS MLAG: a matching mlag-id on both peer devices', url: 'https://help.mikrotik.com/docs/x/GwAIB' },
    ],
    fixes: [],
    docsPath: docsPathOf('mlag-lag-pairing'),
  },
  checkHost({ model }, host) {
    const index = modelIndex(model);
    const { lags } = switchSide(model);
    return host.teams.flatMap((team) => {
      if (team.mode === 'switch-independent') return [];
      const finding = unpaired(index, lags, `team ${team.id}`, team.members.map((member) => member.id));
      return finding ? [finding] : [];
    });
  },
  check({ model }) {
    const index = modelIndex(model);
    const { lags, cabledTo } = switchSide(model);
    const findings: RuleFinding[] = [];
    for (const lag of lags.values()) {
      const finding = wrongPairing(index, lags, cabledTo, lag);
      if (finding) findings.push(finding);
    }
    for (const trunk of index.trunks.values()) {
      const finding = unpaired(index, lags, `array trunk ${trunk.id}`, trunk.members.map((member) => member.id));
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

/** The switches' LAGs, and what each switch port is cabled to. */
interface SwitchSide {
  lags: Map<string, Lag>;
  cabledTo: Map<string, Endpoint[]>;
}

/**
 * Kept per list of cables: an editor's next version that rebuilt only hosts keeps the model's
 * lists of switches and cables, and this is not worked out again from every cable.
 */
const switchSides = new WeakMap<Link[], { switches: Switch[]; side: SwitchSide }>();

function switchSide(model: Model): SwitchSide {
  const kept = switchSides.get(model.links);
  if (kept?.switches === model.switches) return kept.side;
  const lags = new Map(model.switches.flatMap((sw) => sw.lags.map((lag): [string, Lag] => [lag.id, lag])));
  const cabledTo = new Map<string, Endpoint[]>();
  for (const link of model.links) {
    for (const [end, far] of [[link.a, link.b], [link.b, link.a]] as const) {
      if (end.kind !== 'switch-port') continue;
      const list = cabledTo.get(end.ref.id);
      if (list) list.push(far);
      else cabledTo.set(end.ref.id, [far]);
    }
  }
  const side = { lags, cabledTo };
  switchSides.set(model.links, { switches: model.switches, side });
  return side;
}

function mlagPeers(index: ModelIndex, a: string, b: string): boolean {
  return index.switches.get(a)?.mlag.some((ref) => ref.id === b) ?? false;
}

function paired(a: Lag, b: Lag): boolean {
  return a.peer?.id === b.id || b.peer?.id === a.id;
}

/** A written pairing that cannot be one MLAG interface. */
function wrongPairing(index: ModelIndex, lags: ReadonlyMap<string, Lag>, cabledTo: ReadonlyMap<string, Endpoint[]>, lag: Lag): RuleFinding | undefined {
  if (!lag.peer) return undefined;
  const other = lags.get(lag.peer.id)!;
  const base = { span: lag.peer.span, related: [{ span: headSpan(other), message: `${other.id} is here` }], data: { lag: lag.id } };
  if (!mlagPeers(index, lag.switch, other.switch)) {
    const why = other.switch === lag.switch ? 'it is on the same switch' : `${lag.switch} and ${other.switch} are not MLAG peers`;
    return { ...base, message: `${lag.id} is paired with ${other.id}, but ${why}: an MLAG interface joins one LAG on each of two MLAG peers` };
  }
  if (other.peer && other.peer.id !== lag.id) {
    return { ...base, message: `${lag.id} is paired with ${other.id}, which is paired with ${other.peer.id}: both sides must name each other, as both switches give the interface one MLAG id` };
  }
  if (other.mode !== lag.mode) {
    return { ...base, message: `${lag.id} is ${lag.mode} but its MLAG pair ${other.id} is ${other.mode}: both halves of one MLAG interface must use the same mode` };
  }
  const mine = devicesBehind(cabledTo, lag);
  const theirs = devicesBehind(cabledTo, other);
  if (mine.length > 0 && theirs.length > 0 && !mine.some((device) => theirs.includes(device))) {
    return {
      ...base,
      message: `${lag.id} leads to ${joinNames(mine)} but its MLAG pair ${other.id} to ${joinNames(theirs)}: one MLAG interface joins the links of one device`,
    };
  }
  return undefined;
}

/** A team or trunk whose links land on LAGs of MLAG peers that are not paired. */
function unpaired(index: ModelIndex, lags: ReadonlyMap<string, Lag>, what: string, members: readonly string[]): RuleFinding | undefined {
  const ends = members.flatMap((member) => (index.linksByEnd.get(member) ?? []).map((link) => (link.a.ref.id === member ? link.b : link.a)));
  const onLags = unique(ends.map((end) => index.switchPorts.get(end.ref.id)?.lag).filter((id): id is string => id !== undefined)).map((id) => lags.get(id)!);
  for (const lag of onLags) {
    for (const other of onLags) {
      if (lag.switch >= other.switch || !mlagPeers(index, lag.switch, other.switch) || paired(lag, other)) continue;
      return {
        span: headSpan(lag),
        related: [{ span: headSpan(other), message: `${other.id}, the other half` }],
        data: { lag: lag.id },
        message:
          `${what} lands on ${lag.id} and ${other.id}, which are not paired as one MLAG interface: each switch runs its own LAG, ` +
          `so the ${what.split(' ')[0] === 'team' ? 'host' : 'array'} aggregates the links to one switch only; write peer ${other.id} in ${lag.id}`,
      };
    }
  }
  return undefined;
}

/** The hosts, arrays or switches the LAG's ports are cabled to. */
function devicesBehind(cabledTo: ReadonlyMap<string, Endpoint[]>, lag: Lag): string[] {
  return unique(lag.ports.flatMap((port) => (cabledTo.get(port.id) ?? []).map(deviceOf)));
}

function deviceOf(end: Endpoint): string {
  if (end.switch !== undefined) return end.switch;
  return end.ref.id.slice(0, end.ref.id.indexOf('.'));
}
