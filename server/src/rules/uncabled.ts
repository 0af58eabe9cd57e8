import { hostParts } from '../analysis';
import type { Link, StorageArray } from '../model/schema';
import type { Span } from '../syntax/tree';
import type { Rule, RuleFinding } from './rule';
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
  checkHost({ analysis }, host) {
    // The host's part of the analysis holds the cables of its ports.
    const ends = new Set((hostParts(analysis).get(host.id)?.links ?? []).flatMap((link) => [link.a.ref.id, link.b.ref.id]));
    return [...host.nics, ...host.hbas].filter((port) => !ends.has(port.id)).map(finding);
  },
  check({ model }) {
    const { arrays, links } = model;
    const kept = arrayFindingsOf.get(arrays);
    if (kept?.links === links) return kept.findings;
    // The index's links per host interface and array port: the cables of those ends.
    const cabled = modelIndex(model).linksByEnd;
    const findings = arrays.flatMap((array) => array.controllers.flatMap((controller) => controller.ports.filter((port) => !cabled.has(port.id)).map(finding)));
    arrayFindingsOf.set(arrays, { links, findings });
    return findings;
  },
};

/**
 * The array ports' findings per list of arrays and of cables: both are the same objects while only
 * hosts were built again, and the findings' spans move with the arrays' statements (`headSpan`).
 */
const arrayFindingsOf = new WeakMap<readonly StorageArray[], { links: readonly Link[]; findings: RuleFinding[] }>();

function finding(port: { id: string; span: Span; nameSpan: Span }): RuleFinding {
  return {
    span: headSpan(port),
    message: `${port.id} has no cable: write its link (\`link ${port.id} -- SWITCH:PORT\`), or remove it if it carries no storage traffic`,
    data: { element: port.id },
  };
}
