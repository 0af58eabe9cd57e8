import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { RuleFinding } from '../../rules/rule';
import type { DriftRule } from '../context';
import { sameSwitchPort } from '../context';

export const driftLagMemberDown: DriftRule = {
  meta: {
    id: 'drift-lag-member-down',
    defaultSeverity: 'warning',
    summary: 'A member of a switch LAG or a host team is down or not bundled.',
    rationale:
      'A LAG or team with a member down keeps forwarding on the rest, so nothing else notices: the bandwidth the design ' +
      'counts on is halved and the next failure of the remaining member cuts the link. A member that is up but not bundled ' +
      '(suspended, individual) usually means the two ends disagree on LACP.',
    sources: [{ title: 'Cisco NX-OS: show port-channel summary; IOS: show etherchannel summary' }, { title: 'Linux bonding driver documentation: MII Status' }, { title: 'Microsoft: Get-NetLbfoTeamMember' }],
    fixes: [],
    docsPath: docsPathOf('drift-lag-member-down'),
  },
  check({ model, observed, hosts }) {
    const findings: RuleFinding[] = [];
    for (const item of observed.switches) {
      const designed = model.switches.find((candidate) => candidate.name.toLowerCase() === item.name.toLowerCase());
      if (!designed) continue;
      for (const lag of item.lags) {
        const down = lag.members.filter((member) => !member.up);
        if (down.length === 0) continue;
        const designedLag = designed.lags.find((candidate) => candidate.ports.some((port) => down.some((member) => sameSwitchPort(port.id.slice(designed.id.length + 1), member.port))));
        findings.push({
          span: designedLag ? { start: designedLag.span.start, end: designedLag.nameSpan.end } : { start: designed.span.start, end: designed.nameSpan.end },
          message: `${designed.name} ${lag.name}: ${down.map((member) => member.port).join(', ')} down or not bundled (${where(lag.source)})`,
          data: { switch: designed.id },
        });
      }
    }
    for (const host of hosts) {
      for (const team of host.observed.teams) {
        const down = team.members.filter((member) => !member.up);
        if (down.length === 0) continue;
        const designedTeam = host.design.teams.find((candidate) => candidate.name === team.name);
        const element = designedTeam ?? host.design;
        findings.push({
          span: { start: element.span.start, end: element.nameSpan.end },
          message: `${host.design.name} team ${team.name}: ${down.map((member) => member.name).join(', ')} down (${where(team.source)})`,
          data: { host: host.design.id },
        });
      }
    }
    return findings;
  },
};
