import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { DriftRule } from '../context';
import { hostSpan } from '../context';

export const driftUnexpectedSession: DriftRule = {
  meta: {
    id: 'drift-unexpected-session',
    defaultSeverity: 'warning',
    summary: 'A session (or Fibre Channel path) runs on the host that the design does not have.',
    rationale:
      'The host logs in from an initiator to a portal the design has no path for. The design then undercounts what a ' +
      'failure touches, and the extra session may cross a network the design keeps apart (a management or routed path), ' +
      'or come from a discovery that logged in to every portal. On Fibre Channel: the host sees a target port over an HBA ' +
      'that the design does not cable to that fabric, often a zone wider than designed.',
    sources: [{ title: 'iscsiadm(8): session and node modes' }, { title: 'Microsoft: Get-IscsiSession, Get-IscsiConnection' }],
    fixes: [],
    docsPath: docsPathOf('drift-unexpected-session'),
  },
  check({ hosts }) {
    return hosts.flatMap((host) => [
      ...host.connections
        .filter((entry) => !entry.path)
        .map((entry) => ({
          span: hostSpan(host.design),
          message:
            `${host.design.name} has a session from ${entry.initiator ?? entry.connection.initiator ?? entry.connection.initiatorAddress ?? 'an unknown initiator'} ` +
            `to ${entry.portal ?? entry.connection.portal} (${entry.connection.target}) that the design does not have; seen in ${where(entry.connection.source)}`,
          data: { host: host.design.id },
        })),
      ...host.fcConnections
        .filter((entry) => !entry.path)
        .map((entry) => ({
          span: hostSpan(host.design),
          message:
            `${host.design.name} has a Fibre Channel path from ${entry.initiator ?? `HBA ${entry.connection.initiatorWwpn}`} ` +
            `to ${entry.portal ?? `target port ${entry.connection.targetWwpn}`} that the design does not have; seen in ${where(entry.connection.source)}`,
          data: { host: host.design.id },
        })),
    ]);
  },
};
