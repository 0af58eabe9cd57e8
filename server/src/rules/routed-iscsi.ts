import { hostParts } from '../analysis';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { addressedInterface, groupBy, headSpan, joinNames, modelIndex } from './util';

export const routedIscsi: Rule = {
  meta: {
    id: 'routed-iscsi',
    defaultSeverity: 'warning',
    summary: 'An iSCSI path crosses a router between initiator and portal.',
    rationale:
      'Storage traffic through a layer-3 hop adds latency and a shared device on every path, makes ' +
      'jumbo-frame MTUs harder to keep consistent, and breaks ESXi port binding. Storage vendors ' +
      'recommend keeping initiators and portals in the same layer-2 network, one subnet per fabric.',
    sources: [
      { title: 'Pure Storage: SAN guidelines for iSCSI (avoid routing iSCSI traffic)' },
      { title: 'VMware KB 2038869: port binding and routed iSCSI', url: 'https://kb.vmware.com/s/article/2038869' },
    ],
    fixes: [],
    docsPath: docsPathOf('routed-iscsi'),
  },
  checkHost({ model, analysis }, host) {
    const index = modelIndex(model);
    // Bound VMkernel ports are reported by esxi-port-binding, which says what to change.
    const routed = (hostParts(analysis).get(host.id)?.paths ?? []).filter((path) => path.routed && index.vmks.get(path.initiator)?.bound !== true);
    return [...groupBy(routed, (path) => `${path.initiator}->${path.portal}`).values()].flatMap((group) => {
      const path = group[0];
      const initiator = addressedInterface(index, path.initiator);
      const span = path.span ?? (initiator ? headSpan(initiator) : undefined);
      if (!span) return [];
      const routers = path.hops.filter((hop) => hop.kind === 'switch' && index.switches.get(hop.id)?.routing);
      return [
        {
          span,
          message:
            `the path ${path.initiator} -> ${path.portal} is routed${routers.length > 0 ? ` by ${joinNames(routers.map((r) => r.id))}` : ''}: ` +
            'put the initiator and the portal in one subnet to avoid the extra hop, latency and MTU trouble',
          data: { host: path.host, initiator: path.initiator, portal: path.portal },
        },
      ];
    });
  },
};
