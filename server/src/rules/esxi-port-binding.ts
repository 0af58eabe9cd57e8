import type { Rule, RuleFinding } from './rule';
import { docsPathOf } from './rule';
import { headSpan, joinNames, modelIndex, unique } from './util';

export const esxiPortBinding: Rule = {
  meta: {
    id: 'esxi-port-binding',
    defaultSeverity: 'error',
    summary: 'ESXi iSCSI port binding with a VMkernel port that is not 1 active / 0 standby, or with routed or multi-subnet portals.',
    rationale:
      'With port binding the software iSCSI adapter sends each session out of one specific VMkernel ' +
      'port, so vSphere requires each bound port to have exactly one active uplink and no standby ' +
      'uplink (otherwise the binding is refused or paths move between NICs behind the multipathing ' +
      "plugin's back). Binding also assumes every bound port reaches every portal in its own " +
      'subnet: with routed portals, or portals and VMkernel ports spread over several subnets, ESXi ' +
      'still tries every bound port against every portal, producing dead paths and long rescans. In ' +
      'those layouts VMware says not to use port binding.',
    sources: [
      { title: 'VMware KB 2038869: Considerations for using software iSCSI port binding in ESX/ESXi', url: 'https://kb.vmware.com/s/article/2038869' },
      { title: 'VMware vSphere Storage: Configuring port binding for iSCSI' },
    ],
    fixes: [],
    docsPath: docsPathOf('esxi-port-binding'),
  },
  check({ model, analysis }) {
    const index = modelIndex(model);
    return model.hosts.flatMap((host) => {
      const bound = host.vmks.filter((vmk) => vmk.bound);
      if (bound.length === 0) return [];
      const findings: RuleFinding[] = bound.flatMap((vmk) => {
        if (vmk.active.length === 1 && vmk.standby.length === 0) return [];
        const uplinks = `${vmk.active.length} active${vmk.standby.length > 0 ? ` and ${vmk.standby.length} standby` : ''}`;
        return [
          {
            span: headSpan(vmk),
            message:
              `${vmk.id} is bound to the software iSCSI adapter with ${uplinks} uplinks: a bound VMkernel port ` +
              'needs exactly one active uplink and no standby',
            related: [...vmk.active, ...vmk.standby].map((ref) => ({ span: ref.span, message: `uplink ${ref.id}` })),
            data: { host: host.id, vmk: vmk.id },
          },
        ];
      });

      const boundIds = new Set(bound.map((vmk) => vmk.id));
      const paths = (analysis.pathsByHost.get(host.id) ?? [])
        .flatMap((id) => analysis.pathById.get(id) ?? [])
        .filter((path) => boundIds.has(path.initiator));
      const routed = paths.filter((path) => path.routed);
      const arrays = unique(paths.map((path) => path.array));
      const portalSubnets = arrays.flatMap((id) => {
        const array = index.arrays.get(id);
        if (!array) return [];
        const ports = array.controllers.flatMap((c) => c.ports).filter((p) => p.protocol === 'iscsi');
        return [...ports, ...array.trunks].flatMap((portal) => portal.ips.map((ip) => ip.subnet));
      });
      const subnets = unique([...bound.flatMap((vmk) => vmk.ips.map((ip) => ip.subnet)), ...portalSubnets]);
      if (routed.length > 0 || subnets.length > 1) {
        const reason =
          routed.length > 0
            ? `portals ${joinNames(unique(routed.map((p) => p.portal)))} are reached through a router`
            : `its bound VMkernel ports and portals span ${subnets.length} subnets (${joinNames(subnets)})`;
        findings.push({
          span: headSpan(host),
          message:
            `${host.id} uses iSCSI port binding, but ${reason}: port binding needs every bound port and portal ` +
            'in one subnet; remove the binding or put the storage network in one subnet',
          related: bound.map((vmk) => ({ span: headSpan(vmk), message: `bound VMkernel port ${vmk.id}` })),
          data: { host: host.id },
        });
      }
      return findings;
    });
  },
};
