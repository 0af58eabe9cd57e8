import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { DriftRule } from '../context';
import { hostSpan } from '../context';

export const driftTeamCarriesIscsi: DriftRule = {
  meta: {
    id: 'drift-team-carries-iscsi',
    defaultSeverity: 'warning',
    summary: 'A NIC team or bond carries iSCSI on the host where the design has none.',
    rationale:
      'The running host sends iSCSI through a team or bond: each session uses one member link, and a member that hangs with ' +
      'link up stops storage traffic. The design has separate paths here, so its checks count redundancy and bandwidth the ' +
      'host does not have; see iscsi-over-team for why MPIO over separate NICs is the layout vendors recommend (a design ' +
      'that has the team gets iscsi-over-team from the checks instead).',
    sources: [{ title: 'Server Fault: "MPIO vs NIC teaming for iSCSI" (seed 000)' }, { title: 'Linux bonding driver documentation (bonding.rst)' }, { title: 'Microsoft: NIC Teaming is not supported for iSCSI traffic' }],
    fixes: [],
    docsPath: docsPathOf('drift-team-carries-iscsi'),
  },
  check({ hosts }) {
    return hosts.flatMap((host) =>
      host.observed.teams
        .filter((team) => host.observed.connections.some((connection) => connection.initiator === team.name))
        .filter((team) => !host.paths.some((path) => path.viaTeam === `${host.design.id}.${team.name}`))
        .map((team) => ({
          span: hostSpan(host.design),
          message: `${host.design.name} carries iSCSI over ${team.mode} team ${team.name} (${team.members.map((member) => member.name).join(', ')}; ${where(team.source)}), where the design has separate paths`,
          data: { host: host.design.id },
        })),
    );
  },
};
