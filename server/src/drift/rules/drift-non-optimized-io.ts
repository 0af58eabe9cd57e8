import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { ObservedPath } from '../../import/join';
import type { DriftRule } from '../context';
import { hostSpan } from '../context';

export const driftNonOptimizedIo: DriftRule = {
  meta: {
    id: 'drift-non-optimized-io',
    defaultSeverity: 'warning',
    summary: 'I/O runs over ALUA non-optimized paths while no optimized path carries it.',
    rationale:
      'On an ALUA array the paths to the controller that owns a volume are active/optimized; the partner forwards I/O ' +
      'over its inter-controller link. When a LUN\'s active paths are all non-optimized, the owner\'s paths are down or ' +
      'the host does not honour ALUA (wrong path grouping or SATP), and every I/O takes the slow way.',
    sources: [
      { title: 'multipath.conf(5): path_grouping_policy group_by_prio, prio alua' },
      { title: 'VMware: VMW_SATP_ALUA and active unoptimized paths' },
      { title: 'Microsoft MPIO: Round Robin with Subset and ALUA' },
    ],
    fixes: [],
    docsPath: docsPathOf('drift-non-optimized-io'),
  },
  check({ hosts }) {
    return hosts.flatMap((host) => {
      const paths: ObservedPath[] = [...host.observed.connections.flatMap((connection) => connection.paths), ...host.observed.fcConnections.flatMap((connection) => connection.paths), ...host.observed.loosePaths];
      const byLun = new Map<string, ObservedPath[]>();
      for (const path of paths) byLun.set(path.wwid, [...(byLun.get(path.wwid) ?? []), path]);
      return [...byLun.values()]
        .filter((lun) => lun.some((path) => path.state === 'active' && path.alua === 'non-optimized') && !lun.some((path) => path.state === 'active' && path.alua === 'optimized'))
        .map((lun) => {
          const active = lun.filter((path) => path.state === 'active');
          return {
            span: hostSpan(host.design),
            message: `${host.design.name} sends I/O for LUN ${lun[0].lun ?? lun[0].wwid} over ${active.length} non-optimized path(s) and no optimized one (${where(active[0].source)})`,
            data: { host: host.design.id },
          };
        });
    });
  },
};
