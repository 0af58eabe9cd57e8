import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { groupBy, headSpan, joinNames, modelIndex, volumeList } from './util';

export const noOptimizedPath: Rule = {
  meta: {
    id: 'no-optimized-path',
    defaultSeverity: 'warning',
    summary: "A host has paths to a volume, but none to the volume's owning controller.",
    rationale:
      'On an asymmetric (ALUA) array only the controller that owns a volume serves it directly; its ' +
      'paths are active/optimized. Paths through the partner controller are non-optimized: I/O ' +
      'crosses the inter-controller link, or the array moves ownership back and forth between ' +
      'controllers. A host should have paths to both controllers, so it has optimized paths to the ' +
      'owner and survives a failover to the partner.',
    sources: [
      { title: 'NetApp ONTAP SAN configuration reference: ALUA, optimized and non-optimized paths' },
      { title: 'Dell PowerVault MD series: preferred controller ownership and ALUA' },
    ],
    fixes: [{ id: 'add-partner-controller-paths', title: 'Add paths to the owning controller' }],
    docsPath: docsPathOf('no-optimized-path'),
  },
  checkHost(context, host) {
    const index = modelIndex(context.model);
    const reported = hostVerdicts(context, host).pairs.filter((v) => v.nonOptimizedControllers !== undefined);
    const groups = groupBy(reported, (v) => `${index.volumes.get(v.pair.volume)?.owner?.id}`);
    return [...groups.values()].flatMap((group) => {
      const owner = index.volumes.get(group[0].pair.volume)?.owner;
      if (!owner) return [];
      const reached = group[0].nonOptimizedControllers ?? [];
      return [
        {
          span: headSpan(host),
          message:
            `${host.id} reaches ${volumeList(group.map((v) => v.pair))} only through controller ${joinNames(reached)}, ` +
            `but the owner is ${owner.id}: every I/O takes the non-optimized route, and a failure of ` +
            `${joinNames(reached)} leaves no path`,
          related: group.flatMap((v) => {
            const volume = index.volumes.get(v.pair.volume);
            return volume?.owner ? [{ span: volume.owner.span, message: `${volume.id} is owned by ${volume.owner.id}` }] : [];
          }),
          data: { host: host.id, array: group[0].pair.array, controller: owner.id },
        },
      ];
    });
  },
};
