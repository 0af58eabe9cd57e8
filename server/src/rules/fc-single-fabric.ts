import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { headSpan, modelIndex } from './util';

export const fcSingleFabric: Rule = {
  meta: {
    id: 'fc-single-fabric',
    defaultSeverity: 'warning',
    summary: "A host's Fibre Channel paths all stay inside one fabric.",
    rationale:
      'A Fibre Channel fabric is one failure domain: a zoning mistake, a fabric-wide firmware ' +
      'upgrade or a misbehaving device can disrupt every switch in it. Redundant FC designs cable ' +
      'each host HBA and each controller to two separate fabrics (A and B) that share nothing, so ' +
      'either can fail while I/O continues on the other.',
    sources: [
      { title: 'NetApp ONTAP SAN configuration reference: Fibre Channel dual-fabric configurations' },
      { title: 'Dell Storage Center (SC Series): fault domains' },
    ],
    fixes: [],
    docsPath: docsPathOf('fc-single-fabric'),
  },
  checkHost(context, host) {
    const fabric = hostVerdicts(context, host).singleFabric;
    if (fabric === undefined) return [];
    const index = modelIndex(context.model);
    const named = index.switches.has(fabric) ? `switch ${fabric}` : `fabric ${fabric}`;
    return [
      {
        span: headSpan(host),
        message:
          `every Fibre Channel path of ${host.id} stays in ${named}: one fabric-wide fault or upgrade cuts ` +
          `${host.id} off; cable its HBAs and the array to two separate fabrics`,
        related: host.hbas.map((hba) => ({ span: headSpan(hba), message: `HBA ${hba.id}` })),
        data: { host: host.id, fabric },
      },
    ];
  },
};
