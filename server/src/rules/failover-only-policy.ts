import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { formatMbps } from '../analysis/modelIndex';
import { count, headSpan, pairPaths } from './util';

export const failoverOnlyPolicy: Rule = {
  meta: {
    id: 'failover-only-policy',
    defaultSeverity: 'info',
    summary: 'MPIO policy failover-only where several paths could carry I/O at once.',
    rationale:
      'Failover-only keeps one path active and the others idle until it fails, so a host with two ' +
      'optimized paths gets the bandwidth of one. Round-robin (Microsoft default), least-queue-depth ' +
      '(EqualLogic) or round-robin with subset (ALUA arrays) use every optimized path. Vendors differ ' +
      'on which of these to choose, so this rule only points out the idle paths.',
    sources: [{ title: 'Microsoft: MPIO load-balancing policies' }],
    fixes: [],
    docsPath: docsPathOf('failover-only-policy'),
  },
  checkHost({ analysis }, host) {
    if (host.multipath !== 'mpio' || host.policy !== 'failover-only') return [];
    const pairs = (analysis.pairsByHost.get(host.id) ?? []).filter((pair) => pair.optimizedPaths.length >= 2);
    if (pairs.length === 0) return [];
    const pair = pairs.reduce((a, b) => (b.optimizedPaths.length > a.optimizedPaths.length ? b : a));
    const paths = pairPaths(analysis, pair).filter((path) => pair.optimizedPaths.includes(path.id));
    const known = paths.every((path) => path.speedKnown);
    const total = paths.reduce((sum, path) => sum + path.capacityMbps, 0);
    const bandwidth = known ? ` (${formatMbps(pair.bandwidth.mbps)} of ${formatMbps(total)})` : '';
    return [
      {
        span: host.policySpan ?? headSpan(host),
        message:
          `${host.id} uses failover-only over ${count(paths.length, 'optimized path')} to ${pair.volume}: ` +
          `one carries I/O and the rest stay idle${bandwidth}; round-robin or least-queue-depth would use them all`,
        data: { host: host.id },
      },
    ];
  },
};
