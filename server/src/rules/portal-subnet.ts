import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan, joinNames, modelIndex, unique } from './util';

export const portalSubnet: Rule = {
  meta: {
    id: 'portal-subnet',
    defaultSeverity: 'warning',
    summary: 'A portal whose address is in none of the subnets of the ports behind it.',
    rationale:
      'A group or discovery address answers with the addresses of the ports behind it: the EqualLogic ' +
      'group redirects each login to a member port, a send-targets reply lists every target portal. ' +
      'The group IP and the member ports are one storage subnet; a host that reaches the portal in ' +
      'its subnet then reaches the ports it is sent to. When the portal\'s address is in none of its ' +
      'ports\' subnets, the host logs in at one network and is sent to another it may not reach: ' +
      'discovery works and every login after it fails, or goes through a router. A portal whose ' +
      'ports carry no address of their own (a Dell SC virtual port) is not checked.',
    sources: [
      { title: 'Dell EqualLogic PS Series Configuration Guide: the group IP address and member port addresses in one subnet' },
      { title: 'VMware vSphere Storage: dynamic discovery (send targets) returns every target portal to the initiator' },
    ],
    fixes: [],
    docsPath: docsPathOf('portal-subnet'),
  },
  check({ model }) {
    const index = modelIndex(model);
    return model.arrays.flatMap((array) =>
      array.portals.flatMap((portal) => {
        const ports = portal.ports.flatMap((ref) => index.arrayPorts.get(ref.id) ?? []);
        const subnets = unique(ports.flatMap((port) => port.ips.map((ip) => ip.subnet)));
        if (portal.ips.length === 0 || subnets.length === 0) return [];
        if (portal.ips.some((ip) => subnets.includes(ip.subnet))) return [];
        return [
          {
            span: headSpan(portal),
            message:
              `portal ${portal.id} is in ${joinNames(unique(portal.ips.map((ip) => ip.subnet)))}, but the ports behind it are in ` +
              `${joinNames(subnets)}: hosts that log in at ${portal.ips[0]!.address} are sent to addresses outside its subnet; ` +
              `give the portal an address in the ports' subnet`,
            related: ports.filter((port) => port.ips.length > 0).map((port) => ({ span: headSpan(port), message: `${port.id}: ${port.ips.map((ip) => ip.subnet).join(', ')}` })),
            data: { element: portal.id },
          },
        ];
      }),
    );
  },
};
