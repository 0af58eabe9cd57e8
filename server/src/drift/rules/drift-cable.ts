import { where } from '../../import/write';
import { docsPathOf } from '../../rules/rule';
import type { RuleFinding } from '../../rules/rule';
import type { DriftRule } from '../context';
import { landsOn } from '../context';

export const driftCable: DriftRule = {
  meta: {
    id: 'drift-cable',
    defaultSeverity: 'warning',
    summary: 'LLDP shows a cable landing on another switch or port than designed.',
    rationale:
      'The design\'s failure analysis follows its cables: a NIC patched into the other fabric\'s switch, or two paths that ' +
      'meet on one switch, turn a redundant design into one with a single point of failure that no check of the design ' +
      'can see. LLDP, from the host or the switch, says where each cable really lands.',
    sources: [{ title: 'lldpctl(8)' }, { title: 'Cisco, Arista: show lldp neighbors' }],
    fixes: [],
    docsPath: docsPathOf('drift-cable'),
  },
  check({ model, hosts }) {
    const findings: RuleFinding[] = [];
    for (const host of hosts) {
      for (const seen of host.observed.links) {
        // An HBA's cable is where its WWPN logged in: drift-fc-login compares it, by WWPN.
        if (host.observed.hbas.some((hba) => hba.name === seen.from)) continue;
        const nicId = `${host.design.id}.${seen.from}`;
        const link = model.links.find((candidate) => candidate.a.ref.id === nicId || candidate.b.ref.id === nicId);
        if (!link) continue;
        const far = link.a.ref.id === nicId ? link.b : link.a;
        if (!far.switch || landsOn(far, seen.switchName, seen.port)) continue;
        findings.push({
          span: link.span,
          message: `${nicId} is cabled to ${seen.switchName}:${seen.port} (${where(seen.source)}), the design says ${far.ref.id}`,
          data: { link: link.id },
        });
      }
    }
    return findings;
  },
};
