import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan, modelIndex } from './util';

export const uncabled: Rule = {
  meta: {
    id: 'uncabled',
    defaultSeverity: 'info',
    summary: 'A host NIC or HBA, or an array port, has no cable.',
    rationale:
      'A design under construction should say what is left to do. An interface written without a ' +
      'cable carries no path: either the cable is still to be written, or the interface is not used ' +
      'for storage and can go. Members of a team, uplinks of a vmk and ports of a trunk are cabled one by one.',
    sources: [{ title: 'Storage Topology language reference (docs/language.md): links' }],
    fixes: [],
    docsPath: docsPathOf('uncabled'),
  },
  check({ model }) {
    // The index's links per host interface and array port: the cables of those ends.
    const cabled = modelIndex(model).linksByEnd;
    const hostInterfaces = model.hosts.flatMap((host) => [...host.nics, ...host.hbas]);
    const arrayPorts = model.arrays.flatMap((array) => array.controllers.flatMap((controller) => controller.ports));
    return [...hostInterfaces, ...arrayPorts]
      .filter((iface) => !cabled.has(iface.id))
      .map((iface) => ({
        span: headSpan(iface),
        message: `${iface.id} has no cable: write its link (\`link ${iface.id} -- SWITCH:PORT\`), or remove it if it carries no storage traffic`,
        data: { element: iface.id },
      }));
  },
};
