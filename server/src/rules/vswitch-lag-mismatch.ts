import type { ModelIndex } from '../analysis/modelIndex';
import type { Lag, Ref, Span, VSwitch, VSwitchTeaming } from '../model/schema';
import type { Rule, RuleFinding } from './rule';
import { docsPathOf } from './rule';
import { count, headSpan, joinNames, modelIndex, unique } from './util';

export const vswitchLagMismatch: Rule = {
  meta: {
    id: 'vswitch-lag-mismatch',
    defaultSeverity: 'error',
    summary: "An ESXi vSwitch's teaming and the switch ports of its uplinks disagree: IP hash without one static LAG, LACP without an LACP LAG, or a LAG under a vSwitch that does not aggregate.",
    rationale:
      'A vSwitch and the physical switch must agree on whether its uplinks are one link. With IP-hash ' +
      'teaming the vSwitch sends the frames of one VMkernel port out of every uplink, so the switch ' +
      'must see those ports as one EtherChannel; without it the switch learns the same MAC address on ' +
      'port after port and sends return traffic to whichever it learned last. A standard vSwitch ' +
      'speaks no LACP: the channel must be static (mode on), and only a distributed switch with a LAG ' +
      'runs LACP. The other way round is as bad: under originating-port, source-MAC, failover-order or ' +
      'physical-NIC-load (load-based, which needs no change on the switch) teaming the vSwitch pins each ' +
      "port to one uplink at a time, while the switch's channel spreads return " +
      'traffic over all of them, or an LACP channel never forms. The channel must span exactly the ' +
      "vSwitch's uplinks, on one switch or one stack (or MLAG pair), with every uplink active. A port group " +
      "may override the vSwitch's load balancing (a vmk's `teaming`); the switch ports are the same, so " +
      'the override must agree with them too.',
    sources: [
      {
        title: 'VMware vSphere Networking: Route Based on IP Hash (static EtherChannel only on a standard switch, single switch or stack, all uplinks active)',
        url: 'https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.networking.doc/GUID-523FDFBD-EAEC-44A5-9451-F63EB792F156.html',
      },
      { title: 'VMware KB 1001938: ESX/ESXi host requirements for link aggregation', url: 'https://kb.vmware.com/s/article/1001938' },
      {
        title: 'VMware vSphere Networking: Route Based on Physical NIC Load (originating port plus a move off an uplink busy over 75% for 30 s; distributed switch only; no change on the physical switch)',
        url: 'https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.networking.doc/GUID-E356DCBF-913B-4FD1-BDB1-C5E63A891B14.html',
      },
      { title: 'VMware KB 1004048: Sample configuration of EtherChannel / Link Aggregation Control Protocol (LACP) with ESXi and Cisco/HP switches', url: 'https://kb.vmware.com/s/article/1004048' },
      {
        title: "VMware vSphere Networking: Configure NIC Teaming, Failover, and Load Balancing on a vSphere Standard Switch or Standard Port Group (a port group's policy overrides the switch's)",
        url: 'https://docs.vmware.com/en/VMware-vSphere/8.0/vsphere-networking/GUID-D34B1ADD-B8A7-43CD-AA7E-2832A0F7EE76.html',
      },
      { title: 'VMware KB 2038869: Considerations for using software iSCSI port binding in ESX/ESXi (port binding is contraindicated over link aggregation)', url: 'https://kb.vmware.com/s/article/2038869' },
    ],
    fixes: [{ id: 'align-vswitch-teaming', title: "Set the vSwitch's (or port group's) teaming to match the switch ports of its uplinks" }],
    docsPath: docsPathOf('vswitch-lag-mismatch'),
  },
  checkHost({ model }, host) {
    const index = modelIndex(model);
    const findings: RuleFinding[] = [];
    for (const vswitch of host.vswitches) {
      const policies: Policy[] = [
        { owner: vswitch.id, element: vswitch.id, teaming: vswitch.teaming, standby: vswitch.standby, span: vswitch.teamingSpan ?? headSpan(vswitch) },
      ];
      // A port group that overrides the vSwitch's policy must agree with the switch ports as well.
      for (const vmk of host.vmks) {
        if (vmk.vswitch?.id !== vswitch.id || vmk.teaming === undefined || vmk.teaming === vswitch.teaming) continue;
        policies.push({ owner: `${vmk.id}'s port group on ${vswitch.id}`, element: vmk.id, teaming: vmk.teaming, standby: vmk.standby, span: vmk.teamingSpan ?? headSpan(vmk) });
      }
      for (const policy of policies) {
        const finding = mismatch(index, vswitch, policy);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

/** A load-balancing policy over the vSwitch's uplinks: the vSwitch's own, or a port group's override. */
interface Policy {
  /** Who sets it, as messages name it. */
  owner: string;
  /** The vSwitch or vmk whose `teaming` the quick fix changes. */
  element: string;
  teaming: VSwitchTeaming;
  standby: readonly Ref[];
  span: Span;
}

/** An uplink and the switch port its cable lands on. */
interface Landing {
  uplink: string;
  port: string;
  span: { start: number; end: number };
  lag: Lag | undefined;
}

function mismatch(index: ModelIndex, vswitch: VSwitch, policy: Policy): RuleFinding | undefined {
  const landings: Landing[] = [];
  for (const uplink of vswitch.uplinks) {
    for (const link of index.linksByEnd.get(uplink.id) ?? []) {
      const end = link.a.ref.id === uplink.id ? link.b : link.a;
      if (end.switch === undefined) continue;
      const lagId = index.switchPorts.get(end.ref.id)?.lag;
      const lag = lagId === undefined ? undefined : index.switches.get(end.switch)?.lags.find((candidate) => candidate.id === lagId);
      landings.push({ uplink: uplink.id, port: end.ref.id, span: end.ref.span, lag });
    }
  }
  // One cabled uplink is one link either way.
  if (landings.length < 2) return undefined;
  const lacp = policy.teaming === 'lacp';
  const aggregates = lacp || policy.teaming === 'ip-hash';
  const how = lacp ? 'an LACP LAG' : 'IP-hash teaming';
  const { owner, span } = policy;
  const related = landings.map((landing) => ({ span: landing.span, message: `uplink ${landing.uplink} lands on ${landing.port}${landing.lag ? ` (${landing.lag.id})` : ''}` }));
  const lags = unique(landings.flatMap((landing) => (landing.lag ? [landing.lag] : [])));
  const finding = (message: string, fix?: Record<string, string>): RuleFinding => ({
    span,
    message,
    related: [...related, ...lags.map((lag) => ({ span: headSpan(lag), message: `${lag.id}: ${lag.mode}, ports ${lag.ports.map((port) => port.id).join(', ')}` }))],
    data: { element: policy.element, ...fix },
  });

  if (!aggregates) {
    if (lags.length === 0) return undefined;
    const oneLag = lags.length === 1 && landings.every((landing) => landing.lag === lags[0]) ? lags[0] : undefined;
    // The vSwitch can join a channel that already spans exactly its uplinks.
    const fix: Record<string, string> | undefined =
      oneLag && coversExactly(oneLag, landings) && policy.standby.length === 0
        ? oneLag.mode === 'static'
          ? { teaming: 'ip-hash' }
          : vswitch.type === 'distributed'
            ? { teaming: 'lacp' }
            : undefined
        : undefined;
    const lacpLag = lags.find((lag) => lag.mode === 'lacp');
    const effect = lacpLag
      ? `${lacpLag.id} is LACP, which a vSwitch without a LAG never answers, so the channel does not form and the switch suspends its ports or leaves them individual`
      : 'the switch spreads return traffic over the channel while the vSwitch pins each port to one uplink and drops frames that arrive on another';
    return finding(
      `${owner} uses ${policy.teaming} teaming, but its uplinks land on ${joinNames(lags.map((lag) => lag.id))}: ${effect}; ` +
        (fix?.teaming === 'ip-hash' ? 'use IP-hash teaming with the static channel, or remove the LAG' : fix?.teaming === 'lacp' ? 'use LACP teaming on the distributed switch, or remove the LAG' : 'remove the LAG, or make it match the vSwitch'),
      fix,
    );
  }

  const unbundled = landings.filter((landing) => landing.lag === undefined);
  if (unbundled.length > 0) {
    const fix: Record<string, string> | undefined = lacp || lags.length > 0 ? undefined : { teaming: 'originating-port' };
    return finding(
      `${owner} uses ${how}, but switch ${unbundled.length === 1 ? 'port' : 'ports'} ${joinNames(unbundled.map((landing) => landing.port))} ` +
        `${unbundled.length === 1 ? 'is' : 'are'} in no LAG: the switch learns the same MAC address on ${count(landings.length, 'port')} in turn and sends return traffic to the wrong one; ` +
        `configure one ${lacp ? 'LACP' : 'static (mode on)'} LAG over them${fix ? ', or use originating-port teaming' : ''}`,
      fix,
    );
  }
  const wanted = lacp ? 'lacp' : 'static';
  const wrongMode = lags.filter((lag) => lag.mode !== wanted);
  if (wrongMode.length > 0) {
    const reason = lacp
      ? 'the distributed switch runs LACP, so the switch side must too'
      : vswitch.type === 'standard'
        ? 'a standard vSwitch speaks no LACP, so the channel never forms; it must be static (mode on)'
        : 'without a LAG on the distributed switch ESXi sends no LACPDUs; it must be static (mode on), or use LACP on both sides';
    const fix: Record<string, string> | undefined = !lacp && vswitch.type === 'distributed' && wrongMode.length === lags.length ? { teaming: 'lacp' } : undefined;
    return finding(
      `${owner} uses ${how}, but ${joinNames(wrongMode.map((lag) => lag.id))} on the switch ${wrongMode.length === 1 ? 'is' : 'are'} ${wrongMode[0]!.mode}: ${reason}`,
      fix,
    );
  }
  if (!oneChannel(index, lags)) {
    const switches = unique(lags.map((lag) => lag.switch));
    return finding(
      switches.length > 1 && lags.length === switches.length
        ? `${owner} uses ${how} over ${joinNames(lags.map((lag) => lag.id))}, which are not one channel (switches of one stack, or LAGs paired across MLAG peers): a channel cannot span independent switches`
        : `${owner} uses ${how}, but its uplinks land on several LAGs (${joinNames(lags.map((lag) => lag.id))}): all of them must be one channel`,
    );
  }
  const extra = lags.flatMap((lag) => lag.ports.filter((port) => !landings.some((landing) => landing.port === port.id)).map((port) => port.id));
  if (extra.length > 0) {
    return finding(
      `${owner} uses ${how} over ${count(landings.length, 'uplink')}, but ${joinNames(lags.map((lag) => lag.id))} also ${extra.length === 1 ? 'holds' : 'hold'} ${joinNames(extra)}: ` +
        "the switch hashes frames onto ports that lead elsewhere; the channel must hold exactly the vSwitch's uplinks",
    );
  }
  if (!lacp && policy.standby.length > 0) {
    return finding(
      `${owner} uses IP-hash teaming with standby ${policy.standby.length === 1 ? 'uplink' : 'uplinks'} ${joinNames(policy.standby.map((ref) => ref.id))}: ` +
        'the switch sends into every port of the channel, so every uplink must be active',
    );
  }
  return undefined;
}

/** The LAG spans exactly the switch ports the vSwitch's uplinks land on. */
function coversExactly(lag: Lag, landings: readonly Landing[]): boolean {
  return lag.ports.length === landings.length && lag.ports.every((port) => landings.some((landing) => landing.port === port.id));
}

/**
 * One LAG per switch, on switches that form one stack, or MLAG peers whose LAGs are paired as one
 * MLAG interface (mlag-lag-pairing's `peer`).
 */
function oneChannel(index: ModelIndex, lags: readonly Lag[]): boolean {
  const switches = unique(lags.map((lag) => lag.switch));
  if (switches.length !== lags.length) return false;
  return lags.every((a) =>
    lags.every((b) => {
      if (a === b) return true;
      const sw = index.switches.get(a.switch);
      if (sw?.stack.some((ref) => ref.id === b.switch)) return true;
      const paired = a.peer?.id === b.id || b.peer?.id === a.id;
      return paired && (sw?.mlag.some((ref) => ref.id === b.switch) ?? false);
    }),
  );
}
