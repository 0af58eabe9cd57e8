import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { lacksMcsInitiator, mcsSessions } from './mcs';
import { headSpan, modelIndex, sessionsOf, unique } from './util';

export const mcsTargetUnsupported: Rule = {
  meta: {
    id: 'mcs-target-unsupported',
    defaultSeverity: 'warning',
    summary: 'MC/S is used toward an array that does not declare MC/S support.',
    rationale:
      'MC/S is negotiated at login: the initiator asks for more connections per session and the ' +
      'target decides how many it accepts. A target without MC/S support accepts one, so the session ' +
      'silently runs on a single connection and the other NICs carry nothing. Declare `capabilities ' +
      'mcs` on arrays that support it, or use MPIO.',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): both initiator and target need to support MC/S' },
      { title: 'Microsoft iSCSI Software Initiator documentation: MC/S requires target support' },
    ],
    fixes: [{ id: 'replace-mcs-with-mpio', title: 'Replace MC/S with MPIO (one session per path)' }],
    docsPath: docsPathOf('mcs-target-unsupported'),
  },
  checkHost({ model, analysis }, host) {
    const index = modelIndex(model);
    if (lacksMcsInitiator(host)) return [];
    const mcs = mcsSessions(sessionsOf(analysis, host));
    const sessions = mcs.filter(
      (session) => !index.arrays.get(session.array.id)?.capabilities.includes('mcs'),
    );
    const findings = sessions.map((session) => ({
      span: session.span,
      message:
        `${host.id} opens an MC/S session to ${session.array.id}, which does not declare MC/S support: ` +
        `the target will accept one connection and the others stay idle`,
      data: { host: host.id, array: session.array.id },
    }));
    if (host.multipath !== 'mcs' || mcs.length > 0) return findings;
    // `multipath mcs` with no session written: the arrays it would log in to are those it has paths to.
    const arrays = unique((analysis.pathsByHost.get(host.id) ?? []).flatMap((id) => analysis.pathById.get(id)?.array ?? []));
    return arrays.flatMap((arrayId) => {
      const array = index.arrays.get(arrayId);
      if (!array || array.capabilities.includes('mcs')) return [];
      return [
        {
          span: host.multipathSpan ?? headSpan(host),
          message:
            `${host.id} is set to MC/S, but ${array.id} does not declare MC/S support: the target will ` +
            `accept one connection per session and the other paths stay idle`,
          related: [{ span: headSpan(array), message: `array ${array.id}` }],
          data: { host: host.id, array: array.id },
        },
      ];
    });
  },
};
