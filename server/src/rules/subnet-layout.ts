import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { arpFluxSubnets } from './linux-arp-flux';
import { groupBy, headSpan, iscsiInitiators, joinNames, modelIndex, unique } from './util';

export const subnetLayout: Rule = {
  meta: {
    id: 'subnet-layout',
    defaultSeverity: 'info',
    summary: "A host's iSCSI interfaces do not follow the configured subnet layout (`subnetLayout`).",
    rationale:
      'Vendors disagree on addressing. NetApp (ONTAP, E-Series) and Dell SC Series want one subnet per ' +
      'path, ideally per switch: a path then can only leave through its own NIC, and a mistake in one ' +
      'network cannot reach the other. Dell EqualLogic (one group IP) and ESXi software iSCSI with port ' +
      'binding want every initiator and portal in one subnet. The setting `subnetLayout` (`separate`, ' +
      'the default, or `single`) records which the site follows, and this rule reports hosts that ' +
      'differ. ESXi hosts using port binding are left to `esxi-port-binding`, and Linux hosts with ARP ' +
      'flux to `linux-arp-flux`.',
    sources: [
      { title: 'NetApp ONTAP SAN configuration reference and E-Series iSCSI configuration: separate networks per path' },
      { title: 'Dell Storage Center (SC Series) best practices: fault domains in separate subnets' },
      { title: 'Dell EqualLogic configuration guide: one subnet for the group' },
      { title: 'VMware KB 2038869: port binding requires one subnet', url: 'https://kb.vmware.com/s/article/2038869' },
    ],
    fixes: [],
    docsPath: docsPathOf('subnet-layout'),
  },
  checkHost({ model, analysis, options }, host) {
    const index = modelIndex(model);
    if (host.vmks.some((vmk) => vmk.bound)) return [];
    if (arpFluxSubnets(index, analysis, host.id).length > 0) return [];
    const ifaces = iscsiInitiators(index, analysis, host.id).filter((iface) => iface.ips.length > 0);
    if (ifaces.length < 2) return [];
    if (options.subnetLayout === 'separate') {
      const shared = [...groupBy(ifaces, (iface) => iface.ips[0].subnet)].filter(([, group]) => group.length >= 2);
      return shared.map(([subnet, group]) => ({
        span: headSpan(host),
        message:
          `${host.id}'s iSCSI interfaces ${joinNames(group.map((i) => i.id))} share subnet ${subnet}; with ` +
          "subnetLayout 'separate' each path gets its own subnet, so a path can only use its own NIC and network",
        related: group.map((iface) => ({ span: headSpan(iface), message: `${iface.id} in ${subnet}` })),
        data: { host: host.id },
      }));
    }
    const subnets = unique(ifaces.map((iface) => iface.ips[0].subnet));
    if (subnets.length < 2) return [];
    return [
      {
        span: headSpan(host),
        message:
          `${host.id}'s iSCSI interfaces are in ${subnets.length} subnets (${joinNames(subnets)}); with ` +
          "subnetLayout 'single' every initiator and portal shares one storage subnet",
        related: ifaces.map((iface) => ({ span: headSpan(iface), message: `${iface.id} in ${iface.ips[0].subnet}` })),
        data: { host: host.id },
      },
    ];
  },
};
