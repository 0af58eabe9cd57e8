import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { RuleFinding } from '../../rules/rule';
import type { DriftRule } from '../context';
import { hbaSpan, hostSpan } from '../context';
import type { ObservedPath } from '../../import/join';

export const driftPathState: DriftRule = {
  meta: {
    id: 'drift-path-state',
    defaultSeverity: 'warning',
    summary: 'A path is failed, faulty, or in ALUA standby or unavailable state.',
    rationale:
      'The multipath driver reports the path as failed (dm-multipath "failed faulty", ESXi "dead", a session that is not ' +
      'logged in) or the array reports its target port group as standby or unavailable. The host runs on the paths that are ' +
      'left: one more failure may cut it off, and the bandwidth the design counted on is not there.',
    sources: [
      { title: 'multipath(8): path states (active/failed, ready/faulty/ghost)' },
      { title: 'VMware: esxcli storage core path list, Group State' },
      { title: 'Microsoft: mpclaim -s -d, TPG state' },
    ],
    fixes: [],
    docsPath: docsPathOf('drift-path-state'),
  },
  check({ hosts }) {
    const findings: RuleFinding[] = [];
    for (const host of hosts) {
      for (const entry of host.connections) {
        const problems = [
          ...(entry.connection.state === 'failed' ? [`the session is not logged in (${where(entry.connection.source)})`] : []),
          ...lunPathProblems(entry.connection.paths),
        ];
        if (problems.length === 0) continue;
        const name = entry.path ? `${entry.path.initiator} -> ${entry.path.portal}` : `${entry.connection.initiatorAddress ?? entry.connection.initiator ?? '?'} -> ${entry.connection.portal}`;
        findings.push({ span: entry.path?.span ?? hostSpan(host.design), message: `path ${name} of ${host.design.name}: ${problems.join('; ')}`, data: { host: host.design.id } });
      }
      for (const entry of host.fcConnections) {
        const problems = lunPathProblems(entry.connection.paths);
        if (problems.length === 0) continue;
        const name = entry.path ? `${entry.path.initiator} -> ${entry.path.portal}` : `${entry.connection.initiatorWwpn} -> ${entry.connection.targetWwpn}`;
        findings.push({ span: entry.path?.span ?? hbaSpan(host, entry.initiator), message: `path ${name} of ${host.design.name}: ${problems.join('; ')}`, data: { host: host.design.id } });
      }
      for (const path of host.observed.loosePaths) {
        if (path.state !== 'failed' && path.alua !== 'standby' && path.alua !== 'unavailable') continue;
        findings.push({
          span: hostSpan(host.design),
          message: `a path of ${host.design.name} to LUN ${path.lun ?? path.wwid} is ${path.state === 'failed' ? 'failed' : `ALUA ${path.alua}`} (${where(path.source)}); the output does not say which session it belongs to`,
          data: { host: host.design.id },
        });
      }
    }
    return findings;
  },
};

/** What is wrong with a connection's LUN paths: each failed one, and each ALUA standby or unavailable one. */
function lunPathProblems(paths: readonly ObservedPath[]): string[] {
  return [
    ...paths.filter((path) => path.state === 'failed').map((path) => `LUN ${path.lun ?? path.wwid} failed (${where(path.source)})`),
    ...paths.filter((path) => path.alua === 'standby' || path.alua === 'unavailable').map((path) => `LUN ${path.lun ?? path.wwid} is ALUA ${path.alua} (${where(path.source)})`),
  ];
}
