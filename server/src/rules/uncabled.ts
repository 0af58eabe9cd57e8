import { hostParts } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import type { Hba, Nic } from '../model/schema';
import type { Span } from '../syntax/tree';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan, KeptWithPart, modelIndex } from './util';

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
  check({ model, analysis }) {
    // The index's links per host interface and array port: the cables of those ends.
    const cabled = modelIndex(model).linksByEnd;
    const uncabledPorts: { id: string; span: Span; nameSpan: Span }[] = [];
    for (const part of hostParts(analysis).values()) for (const port of uncabledOfHost.of(part, uncabledOf)) uncabledPorts.push(port);
    for (const array of model.arrays) {
      for (const controller of array.controllers) for (const port of controller.ports) if (!cabled.has(port.id)) uncabledPorts.push(port);
    }
    return uncabledPorts.map((iface) => ({
        span: headSpan(iface),
        message: `${iface.id} has no cable: write its link (\`link ${iface.id} -- SWITCH:PORT\`), or remove it if it carries no storage traffic`,
        data: { element: iface.id },
      }));
  },
};

/** A host's NICs and HBAs without a cable: its part of the analysis holds the cables of its ports. */
const uncabledOfHost = new KeptWithPart<(Nic | Hba)[]>();

function uncabledOf(part: HostPart): (Nic | Hba)[] {
  const ends = new Set(part.links.flatMap((link) => [link.a.ref.id, link.b.ref.id]));
  return [...part.host.nics, ...part.host.hbas].filter((port) => !ends.has(port.id));
}
