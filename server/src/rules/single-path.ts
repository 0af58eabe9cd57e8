import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { hostVerdicts } from './redundancy';
import { groupBy, headSpan, modelIndex, volumeList } from './util';

export const singlePath: Rule = {
  meta: {
    id: 'single-path',
    defaultSeverity: 'warning',
    summary: 'A host has one path to a volume mapped to it.',
    rationale:
      'With a single path, one cable, NIC, switch port or array port ends access to the volume, and ' +
      'every maintenance on any of them is an outage. Multipathing needs at least two paths, ideally ' +
      'through different NICs, switches and controllers. A host with no path at all is `no-path`.',
    sources: [{ title: 'NetApp ONTAP SAN host configuration: iSCSI multipath' }],
    fixes: [],
    docsPath: docsPathOf('single-path'),
  },
  checkHost(context, host) {
    const index = modelIndex(context.model);
    const reported = hostVerdicts(context, host).pairs.filter((v) => v.singlePath);
    const groups = groupBy(reported, (v) => v.pair.array);
    return [...groups.values()].flatMap((group) => {
      const volumes = volumeList(group.map((v) => v.pair));
      const path = group[0].paths[0];
      const message =
        `${host.id} has a single path to ${volumes} (${path.initiator} -> ${path.portal}): ` +
        `one failed cable, NIC or port on it cuts ${host.id} off`;
      return [
        {
          span: headSpan(host),
          message,
          related: group.flatMap((v) => {
            const volume = index.volumes.get(v.pair.volume);
            return volume ? [{ span: headSpan(volume), message: `volume ${volume.id}` }] : [];
          }),
          data: { host: host.id, array: group[0].pair.array },
        },
      ];
    });
  },
};
