import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { DriftRule } from '../context';
import { hostSpan } from '../context';

export const driftMissingPath: DriftRule = {
  meta: {
    id: 'drift-missing-path',
    defaultSeverity: 'warning',
    summary: 'A designed path is not logged in on the host.',
    rationale:
      'The design counts on this path for redundancy or bandwidth, but the host has no session from that initiator to that ' +
      'portal: a cable, a switch port, a VLAN, an iSCSI iface binding or a target login is missing, and the host runs with ' +
      'fewer paths than the checks assumed.',
    sources: [{ title: 'iscsiadm(8): session mode' }, { title: 'VMware: esxcli iscsi session connection list' }, { title: 'Microsoft: Get-IscsiConnection' }],
    fixes: [],
    docsPath: docsPathOf('drift-missing-path'),
  },
  check({ hosts }) {
    return hosts.flatMap((host) => {
      const source = host.observed.connections[0]?.source;
      return host.paths
        .filter((path) => !host.connections.some((entry) => entry.path === path))
        .map((path) => ({
          span: path.span ?? hostSpan(host.design),
          message:
            `${path.initiator} -> ${path.portal} is designed but not logged in on ${host.design.name}` +
            `${source ? ` (sessions from ${where({ file: source.file, line: 1 })})` : ' (no session at all was collected)'}; ` +
            `it should cross ${path.hops.map((hop) => hop.label).join(', ')}`,
          data: { host: host.design.id, path: path.id },
        }));
    });
  },
};
