import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { count, groupBy, headSpan, modelIndex, unique, volumeList } from './util';

export const singleController: Rule = {
  meta: {
    id: 'single-controller',
    defaultSeverity: 'warning',
    summary: 'A host reaches a volume through the ports of one controller only.',
    rationale:
      'Dual-controller arrays survive a controller failure or upgrade by moving its volumes to the ' +
      'partner, but a host can only follow if it already has paths to the partner. With paths to one ' +
      'controller only, a controller failover, reboot or firmware upgrade leaves the host with no path ' +
      'at all. Multipathing across both controllers is what makes the failover transparent (MC/S ' +
      'cannot do it: it does not combine ports of different controllers).',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): MPIO is necessary for failover between redundant controllers' },
      { title: 'NetApp ONTAP SAN configuration reference: HA pairs, optimized and non-optimized paths' },
      { title: 'Dell Storage Center (SC Series) best practices: front-end redundancy' },
    ],
    fixes: [{ id: 'add-partner-controller-paths', title: 'Add paths to the partner controller' }],
    docsPath: docsPathOf('single-controller'),
  },
  checkHost(context, host) {
    const index = modelIndex(context.model);
    const reported = hostVerdicts(context, host).pairs.filter((v) => v.singleController !== undefined);
    const groups = groupBy(reported, (v) => v.singleController!);
    return [...groups.values()].flatMap((group) => {
      const controller = index.controllers.get(group[0].singleController ?? '');
      const array = index.arrays.get(group[0].pair.array);
      if (!controller || !array) return [];
      const partners = array.controllers.filter((c) => c.id !== controller.id);
      const pathCount = unique(group.flatMap((v) => v.pair.paths)).length;
      const lead = pathCount === 1 ? 'the only path' : `all ${count(pathCount, 'path')}`;
      return [
        {
          span: headSpan(host),
          message:
            `${lead} from ${host.id} to ${volumeList(group.map((v) => v.pair))} ${pathCount === 1 ? 'ends' : 'end'} on ` +
            `controller ${controller.id}, none on ${partners.map((c) => c.id).join(', ')}: a failover or upgrade of ` +
            `${controller.id} leaves ${host.id} without a path`,
          related: [
            { span: headSpan(controller), message: `the only controller ${host.id} reaches` },
            ...partners.map((partner) => ({ span: headSpan(partner), message: `partner controller ${partner.id}, no path` })),
          ],
          data: { host: host.id, array: array.id, controller: controller.id },
        },
      ];
    });
  },
};
