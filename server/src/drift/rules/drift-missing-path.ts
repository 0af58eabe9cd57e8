import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { DriftRule } from '../context';
import { hbaSpan, hostSpan } from '../context';

export const driftMissingPath: DriftRule = {
  meta: {
    id: 'drift-missing-path',
    defaultSeverity: 'warning',
    summary: 'A designed path is not logged in on the host.',
    rationale:
      'The design counts on this path for redundancy or bandwidth, but the host has no session from that initiator to that ' +
      'portal (on Fibre Channel: no LUN path from that HBA to that target port): a cable, a switch port, a VLAN, an iSCSI ' +
      'iface binding, a target login or a zone is missing, and the host runs with fewer paths than the checks assumed.',
    sources: [
      { title: 'iscsiadm(8): session mode' },
      { title: 'VMware: esxcli iscsi session connection list, esxcli storage core path list' },
      { title: 'Microsoft: Get-IscsiConnection' },
      { title: 'Linux kernel: scsi_transport_fc (fc_host, fc_transport)' },
    ],
    fixes: [],
    docsPath: docsPathOf('drift-missing-path'),
  },
  check({ hosts }) {
    return hosts.flatMap((host) => {
      const source = host.observed.connections[0]?.source;
      const iscsi = host.paths
        .filter((path) => !host.connections.some((entry) => entry.path === path))
        .map((path) => ({
          span: path.span ?? hostSpan(host.design),
          message:
            `${path.initiator} -> ${path.portal} is designed but not logged in on ${host.design.name}` +
            `${source ? ` (sessions from ${where({ file: source.file, line: 1 })})` : ' (no session at all was collected)'}; ` +
            `it should cross ${path.hops.map((hop) => hop.label).join(', ')}`,
          data: { host: host.design.id, path: path.id },
        }));
      // Fibre Channel paths are derived from the cabling, so the finding goes on the HBA's cable.
      const fcSource = host.observed.fcConnections[0]?.source;
      const fc = !host.fcJudged
        ? []
        : host.fcPaths
            .filter((path) => !host.fcConnections.some((entry) => entry.path === path))
            .map((path) => ({
              span: path.span ?? hbaSpan(host, path.initiator),
              message:
                `${path.initiator} -> ${path.portal} is designed but ${host.design.name} has no LUN path over it` +
                `${fcSource ? ` (paths from ${where({ file: fcSource.file, line: 1 })})` : ''}; ` +
                `it should cross ${path.hops.map((hop) => hop.label).join(', ')}`,
              data: { host: host.design.id, path: path.id },
            }));
      return [...iscsi, ...fc];
    });
  },
};
