import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { groupBy, headSpan, iscsiInitiators, joinNames, modelIndex, type AddressedInterface } from './util';

/** Linux hosts with 2+ iSCSI interfaces in one subnet and no ARP filtering: subnet → interfaces. */
export function arpFluxSubnets(
  index: ReturnType<typeof modelIndex>,
  analysis: Parameters<typeof iscsiInitiators>[1],
  hostId: string,
): [string, AddressedInterface[]][] {
  const host = index.hosts.get(hostId);
  if (!host || host.os?.family !== 'linux' || host.arpFilter === true) return [];
  const uses = iscsiInitiators(index, analysis, hostId).flatMap((iface) => iface.ips.map((ip) => ({ iface, subnet: ip.subnet })));
  return [...groupBy(uses, (use) => use.subnet)]
    .map(([subnet, group]): [string, AddressedInterface[]] => [subnet, [...new Set(group.map((use) => use.iface))]])
    .filter(([, ifaces]) => ifaces.length >= 2);
}

export const linuxArpFlux: Rule = {
  meta: {
    id: 'linux-arp-flux',
    defaultSeverity: 'warning',
    summary: 'A Linux host has several iSCSI NICs in one subnet without ARP filtering.',
    rationale:
      'By default Linux answers ARP requests for any of its addresses on any interface, so with two ' +
      'NICs in one subnet one NIC often answers for both (ARP flux). The array then sends the traffic ' +
      'of both sessions to one NIC, and the other path is not independent at all. Setting ' +
      '`arp_ignore=1` and `arp_announce=2` (or `arp_filter=1` with source routing) makes each NIC ' +
      'answer for its own address; separate subnets per path avoid the problem entirely.',
    sources: [{ title: 'Dell EqualLogic: Configuring iSCSI connectivity with Linux (ARP flux settings)' }],
    fixes: [],
    docsPath: docsPathOf('linux-arp-flux'),
  },
  checkHost({ model, analysis }, host) {
    const index = modelIndex(model);
    return arpFluxSubnets(index, analysis, host.id).map(([subnet, ifaces]) => ({
        span: headSpan(host),
        message:
          `${host.id} has iSCSI interfaces ${joinNames(ifaces.map((i) => i.id))} in one subnet ${subnet} and no ` +
          '`arp-filter on`: one NIC may answer ARP for both and carry both paths; set arp_ignore/arp_announce ' +
          'or give each path its own subnet',
        related: ifaces.map((iface) => ({ span: headSpan(iface), message: `${iface.id} in ${subnet}` })),
        data: { host: host.id },
      }));
  },
};
