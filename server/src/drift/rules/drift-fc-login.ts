import type { ObservedLogin } from '../../import/join';
import { wwpnOf } from '../../import/text';
import { where } from '../../import/write';
import type { RuleFinding } from '../../rules/rule';
import { docsPathOf } from '../../rules/rule';
import type { DriftRule } from '../context';
import { landsOn } from '../context';

export const driftFcLogin: DriftRule = {
  meta: {
    id: 'drift-fc-login',
    defaultSeverity: 'warning',
    summary: "A Fibre Channel port's WWPN is logged in on another switch port than designed, or on none.",
    rationale:
      'A Fibre Channel cable is where its WWPN logs in to the fabric. An HBA or array port patched into the other fabric, ' +
      'or into another port of its switch, breaks the zoning that names that port (or the fabric separation the design ' +
      'counts on); a WWPN that is not logged in at all is a dead cable, SFP or port, and every path over it is gone. ' +
      'The switch name server says where each WWPN really is.',
    sources: [{ title: 'Brocade Fabric OS Command Reference: switchshow, nsshow' }, { title: 'Cisco MDS 9000 NX-OS: show flogi database' }],
    fixes: [],
    docsPath: docsPathOf('drift-fc-login'),
  },
  check({ model, observed }) {
    const logins = new Map<string, Array<ObservedLogin & { switchName: string }>>();
    for (const item of observed.switches) {
      for (const login of item.logins) logins.set(login.wwpn, [...(logins.get(login.wwpn) ?? []), { ...login, switchName: item.name }]);
    }
    const switchesWithLogins = new Set(observed.switches.filter((item) => item.logins.length > 0).map((item) => item.name.toLowerCase()));
    const wwpnById = new Map<string, string | undefined>([
      ...model.hosts.flatMap((host) => host.hbas.map((hba) => [hba.id, hba.wwpn] as const)),
      ...model.arrays.flatMap((array) => array.controllers.flatMap((controller) => controller.ports.map((port) => [port.id, port.wwpn] as const))),
    ]);
    const findings: RuleFinding[] = [];
    for (const link of model.links) {
      for (const [near, far] of [[link.a, link.b], [link.b, link.a]] as const) {
        const wwpn = wwpnOf(wwpnById.get(near.ref.id));
        if (!wwpn || !far.switch) continue;
        const seen = logins.get(wwpn) ?? [];
        if (seen.length === 0) {
          // Only a switch whose logins were collected can say a WWPN is not logged in.
          if (!switchesWithLogins.has(far.switch.toLowerCase())) continue;
          findings.push({
            span: link.span,
            message: `${near.ref.id} (WWPN ${wwpn}) is not logged in to ${far.switch} or any collected switch: a dead cable, SFP or port, or the port is disabled`,
            data: { link: link.id },
          });
          continue;
        }
        if (seen.some((login) => landsOn(far, login.switchName, login.port))) continue;
        const places = seen.map((login) => `${login.switchName}:${login.port} (${where(login.source)})`).join(', ');
        findings.push({
          span: link.span,
          message: `${near.ref.id} (WWPN ${wwpn}) is logged in on ${places}, the design cables it to ${far.ref.id}`,
          data: { link: link.id },
        });
      }
    }
    return findings;
  },
};
