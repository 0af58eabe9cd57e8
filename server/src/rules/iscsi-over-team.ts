import { hostParts } from '../analysis';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { count, headSpan, modelIndex, unique } from './util';

const MODE_NAMES = { lacp: 'an LACP', static: 'a static', 'switch-independent': 'a switch-independent' } as const;

export const iscsiOverTeam: Rule = {
  meta: {
    id: 'iscsi-over-team',
    defaultSeverity: 'warning',
    summary: 'iSCSI runs over a NIC team or bond instead of MPIO paths.',
    rationale:
      'An iSCSI session is one TCP connection, and link aggregation keeps each conversation on one ' +
      'member link, so a team gives a session the bandwidth of one NIC however many members it has. ' +
      'A team also only notices a member that loses carrier: a NIC that hangs with link up, or a ' +
      'misconfigured switch port, stops storage traffic although the other member works. And a team ' +
      'ties the host to one switch (or one stack). MPIO sees end-to-end paths, detects failed paths ' +
      'itself and can use independent switches and both array controllers.',
    sources: [
      { title: 'Server Fault: "MPIO vs NIC teaming for iSCSI" (seed 000)' },
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001)' },
      { title: 'NetApp E-Series switch configuration guidance: host-side LACP is not recommended' },
      { title: 'VMware KB 2038869: Considerations for using software iSCSI port binding in ESX/ESXi', url: 'https://kb.vmware.com/s/article/2038869' },
      { title: 'Dell EqualLogic configuration guide' },
    ],
    fixes: [{ id: 'convert-team-to-mpio', title: 'Convert the team to MPIO paths' }],
    docsPath: docsPathOf('iscsi-over-team'),
  },
  checkHost({ model, analysis }, host) {
    const index = modelIndex(model);
    const part = hostParts(analysis).get(host.id);
    const teamsInUse = new Map<string, string[]>();
    for (const path of part?.paths ?? []) {
      if (path.protocol !== 'iscsi' || !path.viaTeam) continue;
      teamsInUse.set(path.viaTeam, [...(teamsInUse.get(path.viaTeam) ?? []), path.array]);
    }
    for (const session of part?.sessions ?? []) {
      for (const connection of session.connections) {
        const team = index.teams.get(connection.initiator.id);
        if (team && !teamsInUse.has(team.id)) teamsInUse.set(team.id, [session.array.id]);
      }
    }
    return [...teamsInUse].flatMap(([teamId, arrays]) => {
      const team = index.teams.get(teamId);
      if (!team) return [];
      const width = team.members.length;
      const members = team.members.map((member) => member.id);
      return [
        {
          span: headSpan(team),
          message:
            `${team.id} carries iSCSI to ${unique(arrays).join(', ')} over ${MODE_NAMES[team.mode]} team of ` +
            `${count(width, 'NIC')}: each session uses one member link, and a member that hangs with link up ` +
            `stops storage traffic; use one MPIO path per NIC instead`,
          related: team.members.flatMap((member) => {
            const nic = index.nics.get(member.id);
            return nic ? [{ span: headSpan(nic), message: `team member ${nic.id}` }] : [];
          }),
          data: { host: team.host, team: team.id, members: members.join(',') },
        },
      ];
    });
  },
};
